"""Named errors of the workbench. Each message is written for the reviewer who will read it."""
from __future__ import annotations


class WorkbenchError(Exception):
    """Base class of every error the workbench raises on purpose; the UI and CLI show its message."""


class ImportRefused(WorkbenchError):
    """The input cannot be imported as an article (empty, binary, too large, unreadable, bad URL)."""


class DuplicateArticle(ImportRefused):
    """The same body text was imported before."""

    def __init__(self, message: str, article_id: int):
        super().__init__(message)
        self.article_id = article_id


class NotFound(WorkbenchError):
    """The article, claim or citation asked for does not exist (any more)."""


class InvalidInput(WorkbenchError):
    """A value given by the reviewer is not acceptable (bad offsets, bad URL, empty name, ...)."""


class QuoteNotFound(WorkbenchError):
    """A quote could not be found in the article body, not even approximately."""


class AmbiguousQuote(WorkbenchError):
    """A quote matches several places in the body; the candidates are listed."""

    def __init__(self, message: str, candidates: list[tuple[int, int]]):
        super().__init__(message)
        self.candidates = candidates


class TransitionRefused(WorkbenchError):
    """A status change is not allowed now (missing verdict, rationale or citation, self-approval, ...)."""


class PermissionDenied(WorkbenchError):
    """The acting user's role does not allow this change, or nobody is signed in."""


class ConflictError(WorkbenchError):
    """Someone else saved the record after it was read; nothing was overwritten."""

    def __init__(self, message: str, changed_by: str | None = None, changes: dict | None = None,
                 current_version: int | None = None):
        super().__init__(message)
        self.changed_by = changed_by
        self.changes = changes or {}
        self.current_version = current_version


class PublishingRefused(WorkbenchError):
    """An export would publish something invalid (a ClaimReview without an address, ...); it says what to set."""


class FetchFailed(ImportRefused):
    """A page could not be downloaded: status is the HTTP status of an error answer, and gone says
    the page is not there (404, 410, or a host that no longer resolves)."""

    def __init__(self, message: str, status: int | None = None, gone: bool = False):
        super().__init__(message)
        self.status = status
        self.gone = gone
