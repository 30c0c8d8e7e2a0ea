"""Claims: create (from offsets, a sentence or a quote), edit, split, merge, delete, list."""
from __future__ import annotations

import re

from sqlalchemy import Row, func
from sqlmodel import Session, col, select

from db.tables import Article, Citation, Claim, ClaimantKind, ClaimStatus, ClaimType, Origin, utcnow
from workbench import audit, concurrency, lookup, text_rules, users
from workbench.anchoring import anchor_span, find_quote
from workbench.articles import require_article
from workbench.errors import InvalidInput, NotFound, TransitionRefused
from workbench.segment import split_sentences

EDITABLE_FIELDS = ("text", "claimant", "claimant_kind", "claim_type", "assignee")
CLAIM_TYPES = [t.value for t in ClaimType]
CLAIMANT_KINDS = [k.value for k in ClaimantKind]


def get_claim(session: Session, claim_id: int) -> Claim | None:
    """The claim with this id, or None."""
    return lookup.get(session, Claim, claim_id)


def require_claim(session: Session, claim_id: int) -> Claim:
    """The claim with this id, of an article outside the trash; NotFound otherwise."""
    claim = lookup.require(session, Claim, claim_id,
                           f"Claim #{claim_id} does not exist (it may have been deleted or merged).")
    if session.get(Article, claim.article_id).deleted_at is not None:
        raise NotFound(f"Claim #{claim_id} belongs to article #{claim.article_id}, which is in the "
                       "trash (restore it first).")
    return claim


def list_claims(session: Session, *, article_id: int) -> list[Row]:
    """The claims of an article in reading order, as read-only rows with Claim's attribute names.

    Rows, not ORM objects: building 1,000 ORM objects costs several times the query. To change a
    claim, pass its id to a service."""
    table = Claim.__table__
    if not lookup.in_range(article_id):
        return []
    return list(session.execute(select(table).where(table.c.article_id == article_id)
                                .order_by(table.c.start, table.c.end, table.c.id)).all())


def citation_counts(session: Session, claim_ids: list[int]) -> dict[int, int]:
    """How many citations each claim has."""
    if not claim_ids:
        return {}
    rows = session.exec(select(Citation.claim_id, func.count()).where(col(Citation.claim_id).in_(claim_ids))
                        .group_by(Citation.claim_id))
    return {cid: n for cid, n in rows}


def validate_type(claim_type: str) -> str:
    """The claim type, if it is one of CLAIM_TYPES; InvalidInput otherwise."""
    if claim_type not in CLAIM_TYPES:
        raise InvalidInput(f"\u201c{text_rules.shown(claim_type)}\u201d is not a claim type; choose one of: "
                           f"{', '.join(CLAIM_TYPES)}.")
    return claim_type


def validate_claimant_kind(kind: str | None) -> str | None:
    """Person or Organization (any case), or None when not given; InvalidInput otherwise."""
    kind = (kind or "").strip()
    if not kind:
        return None
    for known in CLAIMANT_KINDS:
        if kind.casefold() in (known.casefold(), known[:3].casefold()):
            return known
    raise InvalidInput(f"\u201c{kind}\u201d is not a kind of claimant; choose one of: "
                       f"{', '.join(CLAIMANT_KINDS)}.")


# Words that name a body rather than a person: "Ministry of Health", "Acme Inc.", "the WHO".
_ORGANIZATION = re.compile(
    r"\b(?i:ministry|department|agency|office|government|council|commission|committee|authority|"
    r"institute|institution|university|college|school|hospital|clinic|foundation|association|society|"
    r"organi[sz]ation|federation|union|party|parliament|congress|senate|court|police|bank|company|"
    r"corporation|corp|inc|ltd|llc|plc|group|network|centre|center|board|bureau|service|services|"
    r"news|times|post|press|journal|magazine)\b|^[A-Z]{2,6}$")


def guess_claimant_kind(claimant: str | None) -> str | None:
    """Organization when the name looks like a body's (Ministry, University, Inc., an acronym),
    Person for other names, None without a name: the reviewer's choice always wins."""
    name = (claimant or "").strip()
    if not name:
        return None
    return ClaimantKind.organization.value if _ORGANIZATION.search(name.removeprefix("the ").removeprefix("The ")) else ClaimantKind.person.value


def clean_text(value: str | None) -> str | None:
    """A single-line value under the text rules, trimmed, or None when nothing is left."""
    value = text_rules.single_line(value or "").strip()
    return value or None


def create_claim(session: Session, *, article_id: int, start: int, end: int, actor: str,
                 text: str | None = None, claimant: str | None = None,
                 claim_type: str = ClaimType.other.value, origin: str = Origin.manual.value,
                 score: float | None = None, assignee: str | None = None,
                 claimant_kind: str | None = None) -> Claim:
    """Create a claim anchored to body[start:end] (trimmed of white space).

    claimant_kind is Person or Organization, as ClaimReview types the claimant."""
    actor = users.require(session, actor, "claim.assign" if clean_text(assignee) else "claim.create")
    assignee = users.assignee_key(session, assignee)
    article = require_article(session, article_id)
    anchor = anchor_span(article.body, start, end)
    if origin not in (Origin.manual.value, Origin.suggested.value):
        raise InvalidInput(f"Unknown claim origin \u201c{text_rules.shown(origin)}\u201d.")
    claim = Claim(article_id=article.id, start=anchor.start, end=anchor.end, quote=anchor.quote,
                  prefix=anchor.prefix, suffix=anchor.suffix,
                  text=text_rules.multi_line(text or "").strip() or " ".join(anchor.quote.split()),
                  claimant=clean_text(claimant), claimant_kind=validate_claimant_kind(claimant_kind),
                  claim_type=validate_type(claim_type), origin=origin,
                  score=score, assignee=assignee, created_by=actor, updated_by=actor)
    session.add(claim)
    session.flush()
    _record(session, actor, claim, "create", {k: [None, v] for k, v in audit.snapshot(claim).items()})
    return claim


def create_claim_from_sentence(session: Session, *, article_id: int, sentence_index: int,
                               actor: str, **fields) -> Claim:
    """Create a claim from the n-th sentence of the body (0-based)."""
    article = require_article(session, article_id)
    sentences = split_sentences(article.body)
    if not 0 <= sentence_index < len(sentences):
        raise InvalidInput(f"The article has {len(sentences)} sentences; there is no sentence "
                           f"number {sentence_index + 1}.")
    s = sentences[sentence_index]
    return create_claim(session, article_id=article_id, start=s.start, end=s.end, actor=actor, **fields)


def create_claim_from_quote(session: Session, *, article_id: int, quote: str, actor: str,
                            **fields) -> Claim:
    """Create a claim from a quote of the body, found exactly or tolerantly; ambiguity is refused."""
    article = require_article(session, article_id)
    start, end = find_quote(article.body, quote)
    return create_claim(session, article_id=article_id, start=start, end=end, actor=actor, **fields)


def check_version(session: Session, claim: Claim, expected_version: int) -> None:
    """Raise ConflictError, saying who changed what, when the claim moved on since it was read."""
    concurrency.check_version(session, claim, expected_version, entity="claim", label=f"Claim #{claim.id}")


def _flush(session: Session, claim: Claim) -> None:
    concurrency.flush(session, f"Claim #{claim.id}")


def _record(session: Session, actor: str, claim: Claim, action: str, changes: dict,
            entity: str = "claim") -> None:
    audit.record(session, actor=actor, entity=entity, entity_id=claim.id, action=action,
                 article_id=claim.article_id, claim_id=claim.id, version=claim.version,
                 changes=changes)


def editable_claim(session: Session, claim_id: int, expected_version: int) -> Claim:
    """The claim, checked for a stale version and for being open to edits (not approved)."""
    claim = require_claim(session, claim_id)
    check_version(session, claim, expected_version)
    if claim.status == ClaimStatus.approved.value:
        raise TransitionRefused(f"Claim #{claim.id} is approved; reopen it before changing it.")
    return claim


def save_claim(session: Session, claim: Claim, actor: str, before: dict, action: str = "update",
               entity: str = "claim", extra: dict | None = None) -> Claim:
    """Stamp, flush (with the optimistic version check) and audit a change to a claim."""
    claim.updated_by, claim.updated_at = actor, utcnow()
    _flush(session, claim)
    changes = audit.diff(before, audit.snapshot(claim))
    for key in ("version", "updated_at", "updated_by"):
        changes.pop(key, None)
    _record(session, actor, claim, action, changes | (extra or {}), entity)
    return claim


def update_claim(session: Session, *, claim_id: int, expected_version: int, actor: str,
                 **fields) -> Claim:
    """Edit a claim's wording, claimant (and its kind, Person or Organization), type or assignee
    (changing the assignee is an editor's job)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(f"These claim fields cannot be edited here: {', '.join(sorted(unknown))}.")
    claim = editable_claim(session, claim_id, expected_version)
    assigning = "assignee" in fields and users.assignee_key(session, fields["assignee"]) != claim.assignee
    actor = users.require(session, actor, "claim.assign" if assigning else "claim.edit")
    if assigning:
        fields = fields | {"assignee": users.assignee_key(session, fields["assignee"])}
    before = audit.snapshot(claim)
    if "text" in fields:
        wording = text_rules.multi_line(fields["text"] or "").strip()
        if not wording:
            raise InvalidInput("The claim wording cannot be empty.")
        claim.text = wording
    if "claim_type" in fields:
        claim.claim_type = validate_type(fields["claim_type"])
    if "claimant_kind" in fields:
        claim.claimant_kind = validate_claimant_kind(fields["claimant_kind"])
    for key in ("claimant", "assignee"):
        if key in fields:
            setattr(claim, key, clean_text(fields[key]))
    if audit.snapshot(claim) == before:
        return claim
    return save_claim(session, claim, actor, before)


def delete_claim(session: Session, *, claim_id: int, expected_version: int, actor: str) -> None:
    """Delete a claim and its citations; the audit trail keeps what it was."""
    actor = users.require(session, actor, "claim.delete")
    claim = editable_claim(session, claim_id, expected_version)
    _record(session, actor, claim, "delete", {k: [v, None] for k, v in audit.snapshot(claim).items()})
    session.delete(claim)
    _flush(session, claim)


def split_claim(session: Session, *, claim_id: int, at: int, expected_version: int,
                actor: str) -> tuple[Claim, Claim]:
    """Split a claim in two at a body offset strictly inside it; citations stay with the first."""
    actor = users.require(session, actor, "claim.split")
    claim = editable_claim(session, claim_id, expected_version)
    if not claim.start < at < claim.end:
        raise InvalidInput(f"To split claim #{claim.id}, choose a position inside it "
                           f"({claim.start + 1}-{claim.end - 1}); {at} is not.")
    article = session.get(Article, claim.article_id)
    first_anchor = anchor_span(article.body, claim.start, at)
    second_anchor = anchor_span(article.body, at, claim.end)
    return _replace_with_parts(session, claim, article, [first_anchor, second_anchor], actor)


def split_claim_into_sentences(session: Session, *, claim_id: int, expected_version: int,
                               actor: str) -> list[Claim]:
    """Split a claim into one claim per sentence it covers."""
    actor = users.require(session, actor, "claim.split")
    claim = editable_claim(session, claim_id, expected_version)
    article = session.get(Article, claim.article_id)
    parts = []
    for s in split_sentences(article.body):
        lo, hi = max(s.start, claim.start), min(s.end, claim.end)
        if lo < hi and article.body[lo:hi].strip():
            parts.append(anchor_span(article.body, lo, hi))
    if len(parts) < 2:
        raise InvalidInput(f"Claim #{claim.id} covers a single sentence; split it at a position instead.")
    return _replace_with_parts(session, claim, article, parts, actor)


def _replace_with_parts(session: Session, claim: Claim, article: Article, anchors, actor: str) -> list:
    before = audit.snapshot(claim)
    first, rest = anchors[0], anchors[1:]
    claim.start, claim.end, claim.quote = first.start, first.end, first.quote
    claim.prefix, claim.suffix = first.prefix, first.suffix
    claim.text = " ".join(first.quote.split())
    save_claim(session, claim, actor, before, action="split")
    parts = [claim]
    for a in rest:
        parts.append(create_claim(session, article_id=article.id, start=a.start, end=a.end, actor=actor,
                                  claimant=claim.claimant, claimant_kind=claim.claimant_kind,
                                  claim_type=claim.claim_type,
                                  origin=claim.origin, score=claim.score, assignee=claim.assignee))
    return parts if len(parts) > 2 else (parts[0], parts[1])


def merge_claims(session: Session, *, first_id: int, first_version: int, second_id: int,
                 second_version: int, actor: str) -> Claim:
    """Merge a claim with the next claim in reading order; the second's citations move to the first."""
    actor = users.require(session, actor, "claim.merge")
    first = editable_claim(session, first_id, first_version)
    second = editable_claim(session, second_id, second_version)
    if first.article_id != second.article_id:
        raise InvalidInput("Only claims of the same article can be merged.")
    if (second.start, second.end, second.id) < (first.start, first.end, first.id):
        first, second = second, first
    ordered = [c.id for c in list_claims(session, article_id=first.article_id)]
    if ordered.index(second.id) != ordered.index(first.id) + 1:
        raise InvalidInput(f"Claims #{first.id} and #{second.id} are not next to each other; "
                           "only adjacent claims can be merged.")
    article = session.get(Article, first.article_id)
    before = audit.snapshot(first)
    anchor = anchor_span(article.body, first.start, max(first.end, second.end))
    first.start, first.end, first.quote = anchor.start, anchor.end, anchor.quote
    first.prefix, first.suffix = anchor.prefix, anchor.suffix
    first.text = f"{first.text} {second.text}".strip()
    for citation in session.exec(select(Citation).where(Citation.claim_id == second.id)):
        citation.claim_id = first.id
        audit.record(session, actor=actor, entity="citation", entity_id=citation.id, action="update",
                     article_id=first.article_id, claim_id=first.id, version=citation.version,
                     changes={"claim_id": [second.id, first.id]})
    _flush(session, second)
    _record(session, actor, second, "delete",
            {k: [v, None] for k, v in audit.snapshot(second).items()} | {"merged_into": [None, first.id]})
    session.delete(second)
    _flush(session, second)
    return save_claim(session, first, actor, before, action="merge")


def reattach_claim(session: Session, *, claim_id: int, start: int, end: int, expected_version: int,
                   actor: str) -> Claim:
    """Anchor a claim (an orphaned one, after a body correction) to body[start:end] of its article;
    the reviewer's wording stays."""
    actor = users.require(session, actor, "claim.edit")
    claim = editable_claim(session, claim_id, expected_version)
    article = session.get(Article, claim.article_id)
    anchor = anchor_span(article.body, start, end)
    before = audit.snapshot(claim)
    claim.start, claim.end, claim.quote = anchor.start, anchor.end, anchor.quote
    claim.prefix, claim.suffix, claim.orphaned = anchor.prefix, anchor.suffix, False
    return save_claim(session, claim, actor, before, action="reattach")
