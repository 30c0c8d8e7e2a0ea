"""The library page (workbench/ui/views/articles.py), driven with Streamlit's AppTest."""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import func
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from db.engine import get_engine, session_scope
from db.tables import Article, AuditEvent, Claim
from workbench import articles, claims, ingest
from workbench.errors import ImportRefused
from ui_helpers import run_page, texts

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "workbench" / "ui" / "views" / "articles.py")
DEMO = ROOT / "workbench" / "data" / "ketamine-therapy.txt"
BINARY = bytes(range(256)) * 8


def seed_demo(url: str, n_claims: int = 2) -> int:
    """Import the demo article with a few claims; returns its id."""
    with session_scope(get_engine(url)) as session:
        doc = ingest.from_file(DEMO.name, DEMO.read_bytes())
        article = articles.import_document(session, doc=doc, actor="demo")
        for sentence in range(n_claims):
            claims.create_claim_from_sentence(session, article_id=article.id, sentence_index=sentence + 1,
                                              actor="demo")
        return article.id


def page(name: str | None = "Rita") -> AppTest:
    return run_page(PAGE, name)


def button_keys(at: AppTest) -> list[str]:
    return [b.key for b in at.button]


def count(url: str, model) -> int:
    with session_scope(get_engine(url)) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_an_empty_library_invites_the_first_import(ui_db):
    at = page()
    assert not at.exception
    assert any("No articles yet — paste one above" in v for v in texts(at, "info"))
    assert not at.dataframe and not at.selectbox


def test_the_library_lists_the_demo_article_with_its_claim_counts(ui_db):
    article_id = seed_demo(ui_db)
    at = page()
    assert not at.exception
    table = at.dataframe[0].value
    row = table.set_index("id").loc[article_id]
    assert row["title"] == "Ketamine Therapy - An Overview"
    assert (row["claims"], row["draft"], row["approved"]) == (2, 2, 0)
    assert row["done"] == 0
    assert at.selectbox(key="articles.selected").value == article_id


def test_pasting_text_imports_it_and_offers_to_open_it(ui_db):
    at = page()
    at.text_input(key="articles.paste_title").input("Prices")
    at.text_area(key="articles.paste_text").input("Prices rose by 12% in a year. Wages did not follow.")
    at.button(key="articles.import_text").click().run()
    assert not at.exception and not at.error
    assert any("Imported as article #1 Prices" in v for v in texts(at, "success"))
    assert "articles.notice_open" in button_keys(at)
    assert at.text_area(key="articles.paste_text").value == ""  # ready for the next article
    assert at.dataframe[0].value["title"].tolist() == ["Prices"]
    with session_scope(get_engine(ui_db)) as session:
        assert session.get(Article, 1).created_by == "Rita"


def test_an_empty_paste_is_refused_with_a_message(ui_db):
    at = page()
    at.text_area(key="articles.paste_text").input("   \n ")
    at.button(key="articles.import_text").click().run()
    assert not at.exception
    assert any("empty" in v for v in texts(at, "error"))
    assert count(ui_db, Article) == 0


def test_importing_without_a_reviewer_name_asks_for_it(ui_db):
    at = page(name=None)
    at.text_area(key="articles.paste_text").input("Prices rose by 12% in a year.")
    at.button(key="articles.import_text").click().run()
    assert any("Type your name" in v for v in texts(at, "error"))
    assert count(ui_db, Article) == 0


def test_a_duplicate_paste_says_where_the_text_is_and_offers_to_open_it(ui_db, monkeypatch):
    article_id = seed_demo(ui_db)
    at = page()
    at.text_area(key="articles.paste_text").input(DEMO.read_text(encoding="utf-8"))
    at.button(key="articles.import_text").click().run()
    assert not at.exception
    warning = " ".join(texts(at, "warning"))
    assert "already in the library" in warning and f"Article #{article_id}" in warning
    assert count(ui_db, Article) == 1
    # The offer survives the rerun of the click on it.
    opened = []
    monkeypatch.setattr(st, "switch_page", lambda page, **_: opened.append(Path(page).name))
    at.button(key="articles.notice_open").click().run()
    assert opened == ["workspace.py"]
    assert at.session_state["workspace.article_id"] == article_id


def test_a_binary_upload_is_refused_with_a_message(ui_db):
    at = page()
    at.file_uploader(key="articles.upload_file").set_value(("photo.txt", BINARY, "text/plain"))
    at.run()
    at.button(key="articles.import_file").click().run()
    assert not at.exception
    assert any("binary" in v for v in texts(at, "error"))
    assert count(ui_db, Article) == 0


def test_the_upload_reader_refuses_binary_bytes_and_unknown_types():
    with pytest.raises(ImportRefused, match="binary"):
        ingest.from_file("photo.txt", BINARY)
    with pytest.raises(ImportRefused, match=r"\.png"):
        ingest.from_file("photo.png", b"\x89PNG\r\n")


def test_a_markdown_upload_is_imported_with_its_heading_as_title(ui_db):
    at = page()
    at.file_uploader(key="articles.upload_file").set_value(
        ("story.md", b"# Wages and prices\n\nPrices rose by 12% in a year.\n", "text/markdown"))
    at.run()
    at.button(key="articles.import_file").click().run()
    assert not at.exception and not at.error
    assert at.dataframe[0].value["title"].tolist() == ["Wages and prices"]


def test_a_refused_web_address_shows_the_reason(ui_db, monkeypatch):
    def refuse(url: str):
        raise ImportRefused(f"The page at {url} could not be fetched (HTTP 404).")

    monkeypatch.setattr(ingest, "from_url", refuse)
    at = page()
    at.text_input(key="articles.url").input("https://example.org/gone")
    at.button(key="articles.import_url").click().run()
    assert not at.exception
    assert any("HTTP 404" in v for v in texts(at, "error"))


def test_search_narrows_the_library_and_says_when_nothing_matches(ui_db):
    seed_demo(ui_db, n_claims=0)
    with session_scope(get_engine(ui_db)) as session:
        articles.import_document(session, doc=ingest.from_text("Prices rose by 12%.", title="Prices"),
                                 actor="demo")
    at = page()
    assert len(at.dataframe[0].value) == 2
    at.text_input(key="articles.search").input("synapses").run()
    assert at.dataframe[0].value["title"].tolist() == ["Ketamine Therapy - An Overview"]
    at.text_input(key="articles.search").input("zeppelin").run()
    assert not at.dataframe
    assert any("No article contains" in v for v in texts(at, "info"))


def test_open_in_workspace_remembers_the_article_and_switches_page(ui_db, monkeypatch):
    article_id = seed_demo(ui_db)
    opened = []
    monkeypatch.setattr(st, "switch_page", lambda page, **_: opened.append(Path(page)))
    at = page()
    at.button(key="articles.open").click().run()
    assert not at.exception
    assert at.session_state["workspace.article_id"] == article_id
    assert opened == [Path(PAGE).with_name("workspace.py")]


def test_delete_asks_for_confirmation_naming_the_article_and_its_claims(ui_db):
    article_id = seed_demo(ui_db, n_claims=2)
    at = page()
    at.button(key="articles.delete").click().run()
    assert not at.exception
    question = " ".join(texts(at, "markdown"))
    assert "Ketamine Therapy \\- An Overview" in question and "2 claims" in question
    assert count(ui_db, Article) == 1  # nothing happens before the confirmation

    at.button(key="articles.delete_confirm").click().run()
    assert not at.exception and not at.error
    with session_scope(get_engine(ui_db)) as session:  # out of the library, into the trash
        assert articles.list_articles(session) == []
        assert [a.id for a in articles.list_trash(session)] == [article_id]
    assert any(f"Deleted article #{article_id}" in v for v in texts(at, "info"))
    assert "articles.delete_confirm" not in button_keys(at)  # the dialog is closed
    with session_scope(get_engine(ui_db)) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "delete")).one()
        assert (event.entity, event.entity_id, event.actor) == ("article", article_id, "Rita")
        assert event.changes["claims"] == [2, 0]


def test_cancelling_the_delete_keeps_the_article(ui_db):
    seed_demo(ui_db)
    at = page()
    at.button(key="articles.delete").click().run()
    at.button(key="articles.delete_cancel").click().run()
    assert not at.exception
    assert "articles.delete_confirm" not in button_keys(at)
    assert count(ui_db, Article) == 1


def test_a_delete_without_a_reviewer_name_is_refused_and_keeps_the_article(ui_db):
    seed_demo(ui_db)
    at = page(name=None)
    at.button(key="articles.delete").click().run()
    at.button(key="articles.delete_confirm").click().run()
    assert any("Type your name" in v for v in texts(at, "error"))
    assert count(ui_db, Article) == 1


def test_markdown_in_a_title_is_shown_as_text(ui_db):
    at = page()
    at.text_input(key="articles.paste_title").input("**Bold** [click](https://evil.example) :red[x]")
    at.text_area(key="articles.paste_text").input("Some article text.")
    at.button(key="articles.import_text").click().run()
    notice = " ".join(texts(at, "success"))
    assert notice.endswith(r"\*\*Bold\*\* \[click\]\(https\:\/\/evil\.example\) \:red\[x\] · 18 characters")
