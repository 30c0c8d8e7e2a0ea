"""The desk's daily work around claims: assigning them, each person's queue, a claim's notes, and
who else has a claim open."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from db.tables import Article, Claim, ClaimNote, ClaimStatus, Presence, utcnow
from workbench import audit, users
from workbench.claims import check_version, require_claim, save_claim
from workbench.errors import InvalidInput

NOTE_MAX_CHARS = 10_000
PRESENCE_WINDOW = timedelta(minutes=5)
S = ClaimStatus


def assign_claims(session: Session, *, claim_ids: Iterable[int], assignee: str | None, actor: str,
                  versions: dict[int, int] | None = None) -> list[Claim]:
    """Assign claims to a reviewer (or unassign with None), one or many at once; an editor's job.

    With `versions` (claim id -> version read), a claim changed since is refused as a conflict."""
    actor = users.require(session, actor, "claim.assign")
    key = users.assignee_key(session, assignee)
    done = []
    for claim_id in dict.fromkeys(claim_ids):
        claim = require_claim(session, claim_id)
        if versions and claim_id in versions:
            check_version(session, claim, versions[claim_id])
        if claim.assignee == key:
            continue
        before = audit.snapshot(claim)
        claim.assignee = key
        done.append(save_claim(session, claim, actor, before, action="assign"))
    return done


def assign_article(session: Session, *, article_id: int, assignee: str | None, actor: str) -> list[Claim]:
    """Assign every claim of an article that is not yet checked or approved."""
    ids = session.exec(select(Claim.id).where(Claim.article_id == article_id,
                                              col(Claim.status).not_in(_DONE))).all()
    return assign_claims(session, claim_ids=ids, assignee=assignee, actor=actor)


_DONE = (S.checked.value, S.approved.value)


@dataclass(frozen=True)
class QueueItem:
    """A claim in someone's queue, with what it waits for."""

    claim_id: int
    article_id: int
    article_title: str
    text: str
    status: str
    assignee: str | None
    waiting_for: str
    updated_at: datetime
    version: int


_WAITING = {S.draft.value: "a verdict", S.reopened.value: "a new verdict",
            S.in_review.value: "citations and checking", S.checked.value: "an editor's approval",
            S.approved.value: "nothing: approved"}


def my_queue(session: Session, actor: str) -> dict[str, list[QueueItem]]:
    """The signed-in user's claims by status; for editors and admins also "awaiting approval":
    every checked claim, oldest first."""
    me = users.identify(session, actor)
    if me is None:
        return {}
    query = (select(Claim, Article.title).join(Article, Article.id == Claim.article_id)
             .where(Claim.assignee.in_({me.id, me.name} if not users.desk_mode() else {me.id}))
             .order_by(Claim.updated_at, Claim.id))
    out: dict[str, list[QueueItem]] = {}
    for claim, title in session.exec(query):
        out.setdefault(claim.status, []).append(_item(session, claim, title))
    if me.can("claim.approve"):
        waiting = session.exec(select(Claim, Article.title).join(Article, Article.id == Claim.article_id)
                               .where(Claim.status == S.checked.value)
                               .order_by(Claim.updated_at, Claim.id)).all()
        out["awaiting approval"] = [_item(session, c, t) for c, t in waiting]
    return out


def _item(session: Session, claim: Claim, title: str) -> QueueItem:
    return QueueItem(claim.id, claim.article_id, title, claim.text, claim.status,
                     users.display_name(session, claim.assignee), _WAITING.get(claim.status, ""),
                     claim.updated_at, claim.version)


def add_note(session: Session, *, claim_id: int, body: str, actor: str) -> ClaimNote:
    """Add a note to a claim's discussion thread (kept in its history)."""
    actor = users.require(session, actor, "note.add")
    claim = require_claim(session, claim_id)
    body = (body or "").strip()
    if not body:
        raise InvalidInput("A note needs some text.")
    if len(body) > NOTE_MAX_CHARS:
        raise InvalidInput(f"A note is at most {NOTE_MAX_CHARS:,} characters; this one has {len(body):,}.")
    note = ClaimNote(claim_id=claim.id, body=body, author=actor, author_id=actor.id)
    session.add(note)
    session.flush()
    audit.record(session, actor=actor, entity="note", entity_id=note.id, action="create",
                 article_id=claim.article_id, claim_id=claim.id, changes={"note": [None, body]})
    return note


def notes(session: Session, claim_id: int) -> list[ClaimNote]:
    """A claim's notes, oldest first."""
    return list(session.exec(select(ClaimNote).where(ClaimNote.claim_id == claim_id).order_by(ClaimNote.id)))


def mark_present(session: Session, *, claim_id: int, actor: str) -> None:
    """Remember that this user has the claim open now (no history: it is not a change)."""
    me = users.identify(session, actor)
    if me is None:
        return
    row = session.get(Presence, (claim_id, me.id))
    if row is None:
        row = Presence(claim_id=claim_id, user_id=me.id, name=me.name)
    row.name, row.seen_at = me.name, utcnow()
    session.add(row)
    session.flush()


def others_present(session: Session, *, claim_id: int, actor: str | None,
                   window: timedelta = PRESENCE_WINDOW) -> list[Presence]:
    """Who else opened this claim within the window, most recent first."""
    me = users.identify(session, actor)
    since = utcnow() - window
    rows = session.exec(select(Presence).where(Presence.claim_id == claim_id, Presence.seen_at >= since)
                        .order_by(col(Presence.seen_at).desc())).all()
    return [r for r in rows if me is None or r.user_id != me.id]


def forget_presence(session: Session, *, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete presence rows older than a day; returns how many."""
    result = session.exec(delete(Presence).where(Presence.seen_at < utcnow() - older_than))
    return result.rowcount or 0
