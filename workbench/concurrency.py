"""Optimistic concurrency: refuse a change to a record that moved on since the reviewer read it."""
from __future__ import annotations

from datetime import timedelta, timezone

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, select

from db.tables import utcnow
from workbench import audit, lookup
from workbench.errors import ConflictError

_BOOKKEEPING = ("version", "updated_at", "updated_by")
# An edit that states no version is refused when someone else saved the record this recently.
RECENT_CHANGE = timedelta(minutes=5)


def version_to_edit(session: Session, record: SQLModel, *, actor: str, entity: str, label: str) -> int:
    """The version an edit that states none may assume: the current one, unless someone else saved
    the record within RECENT_CHANGE (ConflictError naming them), since the editor cannot have
    seen their change. "Someone else" is decided by user id (workbench.users), as the history
    records it; names are compared only for changes recorded without one."""
    from workbench import users

    changed_at, changed_by = record.updated_at, record.updated_by
    if changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=timezone.utc)
    if utcnow() - changed_at >= RECENT_CHANGE:
        return record.version
    me = users.identify(session, actor)
    last = audit.last_event(session, entity=entity, entity_id=record.id)
    if me is not None and last is not None and last.actor_id:
        someone_else = last.actor_id != me.id
    else:
        someone_else = users.clean_name(changed_by).casefold() != users.clean_name(actor).casefold()
    if someone_else:
        minutes = int(RECENT_CHANGE.total_seconds() // 60)
        raise ConflictError(f"{label} was changed by {changed_by} less than {minutes} minutes ago, "
                            "perhaps after you read it; nothing was saved. Check it with `workbench "
                            "show`, then repeat with the --version it shows.",
                            changed_by=changed_by, current_version=record.version)
    return record.version


def check_version(session: Session, record: SQLModel, expected_version: int, *, entity: str,
                  label: str) -> None:
    """Raise ConflictError, saying who changed what, when `record` is past the version read.

    `entity` is its audit entity ("claim", "article", "citation"); `label` names it ("Claim #3")."""
    lookup.check_number(expected_version, "version")
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
