"""What text may be stored, decided once: NUL never; single-line fields lose every control character;
multi-line fields keep newline and tab only; no value is longer than its column in db/tables.py.

`install()` applies the rules to every ORM write (a before_flush hook), so both backends give the
same answer; services also call `single_line`/`multi_line` where they trim or test a value first."""
from __future__ import annotations

import re

from sqlalchemy import Text, event
from sqlalchemy.orm import Session

from workbench.errors import InvalidInput

# C0 and C1 control characters and DEL; ESC (\x1b) and CSI (\x9b) start terminal escape sequences.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE_TAB = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# String columns with a length that hold several lines (body context, notes); every Text column does too.
_MULTI_LINE_COLUMNS = {("claim", "prefix"), ("claim", "suffix"), ("article_revision", "note"),
                       ("rating", "description")}


def single_line(value: str) -> str:
    """The value without any control character (NUL, escape sequences, newlines, tabs)."""
    return _CONTROL.sub("", value)


def multi_line(value: str) -> str:
    """The value with line endings as \\n and no control character but newline and tab."""
    return _CONTROL_BUT_NEWLINE_TAB.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def printable(value: str) -> str:
    """Stored text made safe to print on a terminal (the CLI's last line of defence)."""
    return multi_line(value)


def shown(value, limit: int = 60) -> str:
    """A value the reviewer typed, quoted in a message: single-line and cut short."""
    text = single_line(str(value))
    return text if len(text) <= limit else text[:limit] + "\u2026"


def search_term(value: str | None) -> str:
    """A search query as the database can take it: single-line, trimmed (NUL crashes PostgreSQL)."""
    return single_line(value or "").strip()


def is_multi_line(table: str, column) -> bool:
    """Whether a column holds several lines of text."""
    return isinstance(column.type, Text) or (table, column.name) in _MULTI_LINE_COLUMNS


def column_limit(table, column_name: str) -> int | None:
    """The length of a string column, read from the table metadata (None: unlimited)."""
    column = table.columns[column_name]
    return getattr(column.type, "length", None)


def check_length(table_name: str, column_name: str, value: str, limit: int | None) -> None:
    """InvalidInput naming the field and its limit when the value is longer than its column."""
    if limit is not None and len(value) > limit:
        raise InvalidInput(f"The {column_name.replace('_', ' ')} of a {table_name.replace('_', ' ')} "
                           f"has {len(value):,} characters; the limit is {limit:,}.")


def clean_row(obj) -> None:
    """Apply the rules to every string column of an ORM row, in place; InvalidInput when too long."""
    table = getattr(obj, "__table__", None)
    if table is None:
        return
    for column in table.columns:
        value = getattr(obj, column.name, None)
        if not isinstance(value, str):
            continue
        cleaned = multi_line(value) if is_multi_line(table.name, column) else single_line(value)
        if cleaned != value:
            setattr(obj, column.name, cleaned)
        check_length(table.name, column.name, cleaned, getattr(column.type, "length", None))


def _before_flush(session: Session, _context, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        clean_row(obj)


def install() -> None:
    """Apply the rules to every flush of every session (idempotent)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
