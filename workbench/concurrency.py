"""Optimistic concurrency: refuse a change to a record that moved on since the reviewer read it."""
from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, select

from workbench import audit
from workbench.errors import ConflictError

_BOOKKEEPING = ("version", "updated_at", "updated_by")


def check_version(session: Session, record: SQLModel, expected_version: int, *, entity: str,
                  label: str) -> None:
    """Raise ConflictError, saying who changed what, when `record` is past the version read.

    `entity` is its audit entity ("claim", "article", "citation"); `label` names it ("Claim #3")."""
    model = type(record)
    stored = session.exec(select(model.version).where(model.id == record.id)).one_or_none()
    if stored is not None and stored != record.version:
        session.refresh(record)  # this session loaded the record before someone else saved it
    if record.version == expected_version:
        return
    events = audit.changes_since(session, entity=entity, entity_id=record.id, version=expected_version)
    who = ", ".join(dict.fromkeys(e.actor for e in events)) or getattr(record, "updated_by", None) \
        or "someone else"
    changes: dict[str, list] = {}
    for event in events:
        for key, (before, after) in event.changes.items():
            if key not in _BOOKKEEPING:
                changes[key] = [changes[key][0] if key in changes else before, after]
    shown = {k: v for k, v in changes.items() if not k.endswith(("_at", "_id"))}
    what = "; ".join(f"{k}: {_show(b)} \u2192 {_show(a)}" for k, (b, a) in shown.items()) or "details"
    when = f" at {events[-1].at:%Y-%m-%d %H:%M} UTC" if events and events[-1].at else ""
    raise ConflictError(f"{label} was changed by {who}{when} after you opened it ({what}). "
                        "Nothing was saved; reload to see their changes.",
                        changed_by=who, changes=changes, current_version=record.version)


def flush(session: Session, label: str) -> None:
    """Flush; a row whose version changed between read and write becomes a ConflictError."""
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        raise ConflictError(f"{label} was changed by someone else while you saved. "
                            "Nothing was saved; reload and try again.") from exc


def _show(value) -> str:
    """The value in quotes, whole: a reviewer compares texts, so they are never cut."""
    return f"\u201c{'empty' if value in (None, '') else value}\u201d"
