"""Correcting an article: its details, a preview of a body correction, re-attaching an orphaned
claim, and revisions compared word by word."""
from __future__ import annotations

import pytest

from workbench import articles, claims
from workbench.errors import ConflictError, InvalidInput
from workbench.revisions import DiffPart, compare_revisions, word_diff

from test_articles import BODY, claim_on, correct, import_text


def test_update_article_sets_a_source_url_and_clears_a_blank_publisher(session):
    article = import_text(session)
    articles.update_article(session, article_id=article.id, expected_version=article.version,
                            actor="rita", source_url=" https://example.org/story ", publisher="  ")
    assert (article.source_url, article.publisher) == ("https://example.org/story", None)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "example.org/story", "ftp://example.org/x",
                                 "https://exa mple.org"])
def test_update_article_refuses_a_source_url_that_is_not_http(session, url):
    article = import_text(session)
    with pytest.raises(InvalidInput, match="http:// or https://"):
        articles.update_article(session, article_id=article.id, expected_version=article.version,
                                actor="rita", source_url=url)


def test_update_article_refuses_a_stale_version(session):
    article = import_text(session)
    articles.update_article(session, article_id=article.id, expected_version=1, actor="rita",
                            title="New title")
    with pytest.raises(ConflictError, match="rita"):
        articles.update_article(session, article_id=article.id, expected_version=1, actor="sam",
                                author="Someone")


def test_preview_says_what_moves_what_reanchors_fuzzily_and_what_is_orphaned_and_changes_nothing(session):
    article = import_text(session)
    same = claim_on(session, article, "Vaccines and hospitals")
    moved = claim_on(session, article, "Critics were not convinced.")
    fuzzy = claim_on(session, article, "The vaccine cuts hospital admissions by 30% among adults over sixty")
    lost = claim_on(session, article, "Prices rose by 12% in a year.")
    new_body = (BODY.replace("by 30%", "by 35%").replace("Critics", "Sadly, critics were loud. Critics")
                .replace("Prices rose by 12% in a year.", "Bread is dearer."))
    preview = articles.preview_correction(session, article_id=article.id, new_body=new_body)
    assert (preview.unchanged, preview.moved, preview.fuzzy, preview.orphaned) == (
        [same.id], [moved.id], [fuzzy.id], [lost.id])
    assert preview.revision == 2
    assert article.body == BODY and article.revision == 1
    assert not claims.get_claim(session, lost.id).orphaned
    report = correct(session, article, new_body)
    assert (report.unchanged, report.moved, report.fuzzy, report.orphaned) == (
        preview.unchanged, preview.moved, preview.fuzzy, preview.orphaned)


def test_an_orphaned_claim_is_reattached_to_new_words_and_keeps_its_wording(session):
    article = import_text(session)
    lost = claim_on(session, article, "Prices rose by 12% in a year.")
    claims.update_claim(session, claim_id=lost.id, expected_version=1, actor="rita",
                        text="Prices rose 12% in a year")
    new_body = BODY.replace("Prices rose by 12% in a year.", "Bread is dearer than last year.")
    correct(session, article, new_body)
    session.refresh(lost)
    assert lost.orphaned and lost.quote == "Prices rose by 12% in a year."  # the old context stays
    start = new_body.index("Bread")
    claims.reattach_claim(session, claim_id=lost.id, start=start, end=start + 31,
                          expected_version=lost.version, actor="rita")
    assert not lost.orphaned and lost.quote == "Bread is dearer than last year."
    assert lost.text == "Prices rose 12% in a year"


def test_word_diff_marks_removed_and_added_words_and_rebuilds_both_texts():
    old, new = "Prices rose by 12% in a year.", "Prices rose by 15% in one year."
    parts = word_diff(old, new)
    assert [p for p in parts if p.kind != "same"] == [
        DiffPart("removed", "12%"), DiffPart("added", "15%"),
        DiffPart("removed", "a"), DiffPart("added", "one")]
    assert "".join(p.text for p in parts if p.kind != "removed") == new
    assert "".join(p.text for p in parts if p.kind != "added") == old


def test_compare_revisions_diffs_two_stored_bodies(session):
    article = import_text(session)
    correct(session, article, BODY.replace("Wages did not follow.", "Wages did follow."))
    parts = compare_revisions(session, article_id=article.id, older=1, newer=2)
    assert [p for p in parts if p.kind != "same"] == [DiffPart("removed", "not ")]
