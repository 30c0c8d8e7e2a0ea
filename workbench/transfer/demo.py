"""The demo article shipped with the workbench, imported into an empty database."""
from __future__ import annotations

from pathlib import Path

from db.engine import get_engine, session_scope
from workbench import articles, users

DEMO_ARTICLE = Path(__file__).resolve().parents[1] / "data" / "ketamine-therapy.txt"


def import_demo_if_empty(actor: str | None = None, url: str | None = None) -> int | None:
    """Import the shipped demo article when the database has no article; returns its id.

    It is imported by `actor`, else by "demo" (local mode) or the server's operator (desk mode)."""
    actor = actor or (users.operator() if users.desk_mode() else "demo")
    from workbench.ingest import from_file

    with session_scope(get_engine(url)) as session:
        if articles.list_articles(session, limit=1):
            return None
        doc = from_file(DEMO_ARTICLE.name, DEMO_ARTICLE.read_bytes())
        return articles.import_document(session, doc=doc, actor=actor).id
