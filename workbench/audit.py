"""The audit trail: every create, update and delete, with field-level before/after."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel, select

from db.tables import AuditEvent
from workbench import lookup, text_rules
from workbench.errors import InvalidInput


def require_actor(actor: str | None) -> str:
    """Return the reviewer's name, trimmed; every write needs one."""
    name = text_rules.single_line(actor or "").strip()
    if not name:
        raise InvalidInput("A reviewer name is required for every change: type your name first.")
    if len(name) > 200:
        raise InvalidInput("The reviewer name is longer than 200 characters.")
    return name


def plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def snapshot(obj: SQLModel, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """All column values of a row, JSON-safe."""
    return {k: plain(v) for k, v in obj.model_dump().items() if k not in exclude}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [before, after]}."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(session: Session, *, actor: str, entity: str, entity_id: int, action: str,
           changes: dict[str, Any], article_id: int | None = None, claim_id: int | None = None,
           version: int | None = None) -> AuditEvent:
    """Add one audit event to the session (it commits with the change it describes)."""
    event = AuditEvent(actor=str(actor), actor_id=getattr(actor, "id", None), entity=entity, entity_id=entity_id, action=action,
                       changes=changes, article_id=article_id, claim_id=claim_id, version=version)
    session.add(event)
    return event


def claim_history(session: Session, claim_id: int) -> list[AuditEvent]:
    """Everything that happened to a claim, its verdict and its citations, oldest first."""
    if not lookup.in_range(claim_id):
        return []
    return list(session.exec(select(AuditEvent).where(AuditEvent.claim_id == claim_id)
                             .order_by(AuditEvent.id)))


def article_history(session: Session, article_id: int) -> list[AuditEvent]:
    """Everything that happened to an article and its claims, oldest first."""
    if not lookup.in_range(article_id):
        return []
    return list(session.exec(select(AuditEvent).where(AuditEvent.article_id == article_id)
                             .order_by(AuditEvent.id)))


def changes_since(session: Session, *, entity: str, entity_id: int, version: int) -> list[AuditEvent]:
    """Events on a record after the version a reviewer read, oldest first."""
    return list(session.exec(
        select(AuditEvent).where(AuditEvent.entity_id == entity_id,
                                 AuditEvent.entity.in_(_entity_family(entity)),
                                 AuditEvent.version > version)
        .order_by(AuditEvent.id)))


def last_event(session: Session, *, entity: str, entity_id: int) -> AuditEvent | None:
    """The newest event on a record (a claim's verdict events count as the claim's)."""
    return session.exec(select(AuditEvent).where(AuditEvent.entity_id == entity_id,
                                                 AuditEvent.entity.in_(_entity_family(entity)))
                        .order_by(AuditEvent.id.desc()).limit(1)).first()


def _entity_family(entity: str) -> tuple[str, ...]:
    return ("claim", "verdict") if entity in ("claim", "verdict") else (entity,)
