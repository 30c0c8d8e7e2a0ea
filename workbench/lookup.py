"""Looking rows up by id, and numbers a reviewer types, without letting a huge number reach the driver.

A 20-digit id overflows SQLite's integer (OverflowError) and PostgreSQL's (NumericValueOutOfRange);
both backends answer alike here: such an id does not exist."""
from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from workbench.errors import InvalidInput, NotFound

# PostgreSQL's INTEGER, the type of every id and version column; SQLite's reach further, but the
# same id must get the same answer on both backends.
MAX_INT = 2**31 - 1

Row = TypeVar("Row", bound=SQLModel)


def in_range(value) -> bool:
    """Whether a value is an integer a database column can hold (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and -MAX_INT - 1 <= value <= MAX_INT


def get(session: Session, model: type[Row], record_id) -> Row | None:
    """The row with this id, or None (also for an id no row can have)."""
    return session.get(model, record_id) if in_range(record_id) else None


def require(session: Session, model: type[Row], record_id, message: str) -> Row:
    """The row with this id; NotFound(message) when there is none."""
    row = get(session, model, record_id)
    if row is None:
        raise NotFound(message)
    return row


def check_id(record_id, message: str) -> int:
    """The id, when a row could have it; NotFound(message) otherwise (for ids used in filters)."""
    if not in_range(record_id):
        raise NotFound(message)
    return record_id


def check_number(value, field: str) -> int:
    """A number the reviewer typed (a version, a limit), when the database can hold it."""
    if not in_range(value):
        raise InvalidInput(f"The {field} {value!r} is out of range; the limit is {MAX_INT:,}.")
    return value
