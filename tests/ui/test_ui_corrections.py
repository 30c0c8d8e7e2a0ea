"""The library page in AppTest: the picker after an import, correcting an article (details, text
with a preview, orphaned claims, revisions), and searching claims across articles."""
from __future__ import annotations

from db.engine import get_engine, session_scope
from workbench import articles, claims
from test_ui_articles import DEMO, page, seed_demo
from ui_helpers import keyed, texts

QUOTE = "For about 30% of people that finish the whole collection"


def _article(url: str, article_id: int):
    with session_scope(get_engine(url)) as s:
        a = articles.get_article(s, article_id)
        s.expunge(a)
        return a


def test_after_an_import_the_picker_shows_the_new_article(ui_db):
    seed_demo(ui_db)
    at = page()
    at.text_area(key="articles.paste_text").input("Prices rose by 12% in a year. Wages did not follow.")
    at.button(key="articles.import_text").click().run()
    assert at.selectbox(key="articles.selected").value == 2


def test_details_are_saved_and_a_bad_url_is_refused(ui_db):
    seed_demo(ui_db)
    at = page()
    keyed(at.text_input, "articles.edit.source_url.1.").input("javascript:alert(1)")
    at.button(key="FormSubmitter:articles.edit.1-Save details").click().run()
    assert any("a source URL must start" in e.value for e in at.error)
    keyed(at.text_input, "articles.edit.source_url.1.").input("https://example.org/ketamine")
    keyed(at.text_input, "articles.edit.publisher.1.").input("Health News")
    at.button(key="FormSubmitter:articles.edit.1-Save details").click().run()
    a = _article(ui_db, 1)
    assert (a.source_url, a.publisher, a.title) == ("https://example.org/ketamine", "Health News",
                                                    "Ketamine Therapy - An Overview")
    # the form of the new version starts from what was saved
    assert keyed(at.text_input, "articles.edit.publisher.1.v2").value == "Health News"


def test_a_text_correction_is_previewed_then_saved_and_its_orphan_handled(ui_db):
    seed_demo(ui_db, n_claims=0)
    with session_scope(get_engine(ui_db)) as s:
        lost = claims.create_claim_from_quote(s, article_id=1, quote=QUOTE, actor="rita").id
        kept = claims.create_claim_from_quote(s, article_id=1, quote="an estimated 70% of people",
                                              actor="rita").id
    at = page()
    body = DEMO.read_text(encoding="utf-8")
    keyed(at.text_area, "articles.body.1.").input(body.replace(QUOTE, "For some"))
    at.run()
    shown = " ".join(m.value for m in at.markdown)
    assert f"1 claim would be orphaned" in shown and f"#{lost}" in shown
    assert "1 claim move with their words" in shown or "1 claim stay where they are" in shown
    assert _article(ui_db, 1).revision == 1  # a preview changes nothing
    at.button(key="articles.body.1.v1.save").click().run()
    assert not at.error
    assert _article(ui_db, 1).revision == 2
    with session_scope(get_engine(ui_db)) as s:
        assert claims.get_claim(s, lost).orphaned and not claims.get_claim(s, kept).orphaned
    # the orphan is listed with its old context, and the revisions are compared word by word
    assert at.radio(key="articles.orphan").value == lost
    assert any(QUOTE.replace("%", "\\%") in m.value for m in at.markdown)
    diff = next(m.value for m in at.markdown if "cw-diff" in m.value)
    assert "<del>" in diff and "<ins>some,</ins>" in diff and "<del>about 30% of people" in diff
    at.button(key="articles.orphan.delete").click().run()
    with session_scope(get_engine(ui_db)) as s:
        assert claims.get_claim(s, lost) is None


def test_claims_are_searched_across_articles(ui_db):
    seed_demo(ui_db, n_claims=0)
    with session_scope(get_engine(ui_db)) as s:
        claims.create_claim_from_quote(s, article_id=1, quote=QUOTE, actor="rita", claimant="Stewart")
    at = page()
    at.text_input(key="articles.claim_search").input("stewart").run()
    frame = next(d.value for d in at.dataframe if "Claimant" in d.value.columns)
    assert frame["Claimant"].tolist() == ["Stewart"] and frame["Claim"].tolist() == [QUOTE]
    at.text_input(key="articles.claim_search").input("zebra").run()
    assert any("No claim matches" in v for v in texts(at, "info"))
