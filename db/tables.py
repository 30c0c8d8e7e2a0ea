"""Tables of the workbench (SQLModel). Enumerated values are stored as plain strings."""
from __future__ import annotations

from datetime import date, datetime, timezone
from enum import Enum
from typing import Any, Optional

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Now, as an aware UTC datetime (SQLModel stores and returns datetimes in UTC)."""
    return datetime.now(timezone.utc)


class ClaimType(str, Enum):
    statistic = "statistic"
    quote = "quote/opinion"
    causal = "causal"
    health = "health/medical"
    prediction = "prediction"
    comparison = "comparison"
    other = "other"


class ClaimStatus(str, Enum):
    draft = "draft"
    in_review = "in review"
    checked = "checked"
    approved = "approved"
    reopened = "reopened"


class Origin(str, Enum):
    manual = "manual"
    suggested = "suggested"


class Stance(str, Enum):
    supports = "supports"
    refutes = "refutes"
    context = "context"


class SourceType(str, Enum):
    peer_reviewed = "peer-reviewed study"
    systematic_review = "systematic review"
    official_guidance = "official guidance"
    expert = "expert"
    news_report = "news report"
    other = "other"


# Optimistic concurrency: SQLAlchemy adds "AND version = <read>" to every UPDATE and DELETE.
_article_version = Column("version", Integer, nullable=False)


class Article(SQLModel, table=True):
    __table_args__ = (Index("ix_article_body_sha256", "body_sha256"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    source_url: Optional[str] = Field(default=None, max_length=2000)
    publisher: Optional[str] = Field(default=None, max_length=300)
    author: Optional[str] = Field(default=None, max_length=300)
    published: Optional[date] = None
    body: str = Field(sa_column=Column(Text, nullable=False))
    body_sha256: str = Field(max_length=64)
    import_format: str = Field(default="text", max_length=16)
    # Where the desk published its fact check of this article; wins over WORKBENCH_FACTCHECK_URL.
    factcheck_url: Optional[str] = Field(default=None, max_length=2000)
    revision: int = Field(default=1)
    version: int = Field(default=1, sa_column=_article_version)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)
    # In the trash when set: hidden from lists, search, stats, exports and matching until restored.
    deleted_at: Optional[datetime] = None
    deleted_by: Optional[str] = Field(default=None, max_length=200)

    __mapper_args__ = {"version_id_col": _article_version}


class ArticleRevision(SQLModel, table=True):
    """Every body an article has had, in order; revision 1 is the body as imported."""

    __tablename__ = "article_revision"
    __table_args__ = (UniqueConstraint("article_id", "revision"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"),
                                             nullable=False, index=True))
    revision: int
    body: str = Field(sa_column=Column(Text, nullable=False))
    body_sha256: str = Field(max_length=64)
    note: Optional[str] = Field(default=None, max_length=2000)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Rating(SQLModel, table=True):
    """One label of the published rating scale, with its ClaimReview values."""

    id: Optional[int] = Field(default=None, primary_key=True)
    label: str = Field(max_length=100, unique=True)
    rating_value: Optional[int] = None
    alternate_name: str = Field(max_length=200)
    description: Optional[str] = Field(default=None, max_length=1000)
    position: int = Field(default=0)


_claim_version = Column("version", Integer, nullable=False)


class Claim(SQLModel, table=True):
    __table_args__ = (Index("ix_claim_article_start", "article_id", "start", "end", "id"),
                      Index("ix_claim_status", "status"))

    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"),
                                             nullable=False))
    start: int
    end: int
    quote: str = Field(sa_column=Column(Text, nullable=False))
    prefix: str = Field(default="", max_length=64)
    suffix: str = Field(default="", max_length=64)
    orphaned: bool = Field(default=False)
    text: str = Field(sa_column=Column(Text, nullable=False))
    claimant: Optional[str] = Field(default=None, max_length=300)
    claimant_kind: Optional[str] = Field(default=None, max_length=16)  # Person | Organization
    claim_type: str = Field(default=ClaimType.other.value, max_length=32)
    origin: str = Field(default=Origin.manual.value, max_length=16)
    score: Optional[float] = None
    status: str = Field(default=ClaimStatus.draft.value, max_length=16)
    assignee: Optional[str] = Field(default=None, max_length=200)
    rating_id: Optional[int] = Field(default=None, foreign_key="rating.id")
    rationale: Optional[str] = Field(default=None, sa_column=Column(Text))
    verdict_by: Optional[str] = Field(default=None, max_length=200)
    verdict_by_id: Optional[str] = Field(default=None, max_length=200)  # who, as workbench.users keys them
    verdict_at: Optional[datetime] = None
    approved_by: Optional[str] = Field(default=None, max_length=200)
    approved_by_id: Optional[str] = Field(default=None, max_length=200)
    approved_at: Optional[datetime] = None
    version: int = Field(default=1, sa_column=_claim_version)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)

    __mapper_args__ = {"version_id_col": _claim_version}


_citation_version = Column("version", Integer, nullable=False)


class Citation(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id", ondelete="CASCADE"),
                                           nullable=False, index=True))
    url: str = Field(max_length=2000)
    title: Optional[str] = Field(default=None, max_length=500)
    publisher: Optional[str] = Field(default=None, max_length=300)
    author: Optional[str] = Field(default=None, max_length=300)
    published: Optional[date] = None
    accessed: Optional[date] = None
    quoted_passage: Optional[str] = Field(default=None, sa_column=Column(Text))
    stance: str = Field(default=Stance.supports.value, max_length=16)
    source_type: str = Field(default=SourceType.other.value, max_length=32)
    note: Optional[str] = Field(default=None, sa_column=Column(Text))
    version: int = Field(default=1, sa_column=_citation_version)
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)

    __mapper_args__ = {"version_id_col": _citation_version}


class ClaimantKind(str, Enum):
    """The schema.org type of whoever made a claim."""

    person = "Person"
    organization = "Organization"


class SourceArchive(SQLModel, table=True):
    """One fetch of a cited page: the first archives it, each recheck compares with the first."""

    __tablename__ = "source_archive"

    id: Optional[int] = Field(default=None, primary_key=True)
    citation_id: int = Field(sa_column=Column(Integer, ForeignKey("citation.id", ondelete="CASCADE"),
                                              nullable=False, index=True))
    url: str = Field(max_length=2000)  # the address asked for
    final_url: Optional[str] = Field(default=None, max_length=2000)  # after redirects
    http_status: Optional[int] = None
    sha256: Optional[str] = Field(default=None, max_length=64)  # of the raw bytes
    content_type: Optional[str] = Field(default=None, max_length=100)
    main_text: Optional[str] = Field(default=None, sa_column=Column(Text))
    # archived | failed (first fetch); unchanged | changed | gone | failed (recheck)
    outcome: str = Field(max_length=16)
    error: Optional[str] = Field(default=None, sa_column=Column(Text))
    diff: Optional[str] = Field(default=None, sa_column=Column(Text))  # word diff against the archive
    fetched_by: str = Field(max_length=200)
    fetched_at: datetime = Field(default_factory=utcnow)


class ExternalReview(SQLModel, table=True):
    """A ClaimReview published by another desk, imported so that matching can show it."""

    __tablename__ = "external_review"

    id: Optional[int] = Field(default=None, primary_key=True)
    # sha256 of url + claim reviewed: importing the same review again updates it instead of doubling it
    digest: str = Field(max_length=64, unique=True)
    url: str = Field(max_length=2000)
    claim_reviewed: str = Field(sa_column=Column(Text, nullable=False))
    publisher: Optional[str] = Field(default=None, max_length=300)
    publisher_url: Optional[str] = Field(default=None, max_length=2000)
    rating: Optional[str] = Field(default=None, max_length=300)  # alternateName (or name)
    rating_value: Optional[float] = None
    best_rating: Optional[float] = None
    worst_rating: Optional[float] = None
    date_published: Optional[date] = None
    claimant: Optional[str] = Field(default=None, max_length=300)
    appearance_url: Optional[str] = Field(default=None, max_length=2000)
    imported_from: str = Field(max_length=2000)  # a file name or the URL it was read from
    imported_by: str = Field(max_length=200)
    imported_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """One create, update or delete, with field-level before/after. Never updated or deleted."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_claim", "claim_id", "id"),
                      Index("ix_audit_article", "article_id", "id"))

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=200)  # the display name at the time
    actor_id: Optional[str] = Field(default=None, max_length=200)  # the stable id (workbench.users)
    entity: str = Field(max_length=16)  # article | claim | citation | verdict | rating | note | user
    entity_id: int
    action: str = Field(max_length=16)  # create | update | delete | approve | ...
    article_id: Optional[int] = None
    claim_id: Optional[int] = None
    version: Optional[int] = None
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SuggestionDecision(SQLModel, table=True):
    """What a reviewer decided about a suggested span, so a dismissal survives a reopen."""

    __tablename__ = "suggestion_decision"
    __table_args__ = (UniqueConstraint("article_id", "start", "end"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"),
                                             nullable=False))
    start: int
    end: int
    quote: str = Field(sa_column=Column(Text, nullable=False))
    decision: str = Field(max_length=16)  # accepted | dismissed
    claim_id: Optional[int] = None
    decided_by: str = Field(max_length=200)
    decided_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    """A member of the desk (desk mode): who signs in, with which role."""

    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Optional[int] = Field(default=None, primary_key=True)
    subject: Optional[str] = Field(default=None, max_length=255, unique=True)  # the provider's `sub`
    email: Optional[str] = Field(default=None, max_length=320, unique=True)
    name: str = Field(max_length=200)
    role: str = Field(default="reviewer", max_length=16)  # reviewer | editor | admin
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class ClaimNote(SQLModel, table=True):
    """One message in a claim's discussion thread (what a verdict's rationale should not hold)."""

    __tablename__ = "claim_note"
    __table_args__ = (Index("ix_claim_note_claim", "claim_id", "id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id", ondelete="CASCADE"),
                                           nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    author: str = Field(max_length=200)
    author_id: Optional[str] = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Presence(SQLModel, table=True):
    """Who had a claim open, and when they last looked (for "who else is here")."""

    __tablename__ = "presence"

    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id", ondelete="CASCADE"),
                                           primary_key=True))
    user_id: str = Field(max_length=200, primary_key=True)
    name: str = Field(max_length=200)
    seen_at: datetime = Field(default_factory=utcnow)


DEFAULT_SCALE: list[tuple[str, Optional[int], str, str]] = [
    ("True", 5, "True", "The claim is accurate and nothing significant is missing."),
    ("Mostly true", 4, "Mostly true", "Accurate, but needs clarification or additional information."),
    ("Half true", 3, "Half true", "Partially accurate but leaves out important details or takes things out of context."),
    ("Mostly false", 2, "Mostly false", "Contains an element of truth but ignores critical facts."),
    ("False", 1, "False", "The claim is not accurate."),
    ("Misleading", None, "Misleading", "Accurate words that give a false impression."),
    ("Unproven", None, "Unproven", "The evidence available neither supports nor refutes the claim."),
]
