"""The fact-check report of an article: contents, embedded ClaimReview, corrections, and inertness of
whatever a reviewer or an imported page typed."""
from __future__ import annotations

from pathlib import Path

import extruct
import lxml.html
import pytest

from workbench import articles, citations, claims, ingest, review
from workbench.errors import InvalidInput
from workbench.transfer import claimreview, report

from desk_data import CHECKER, EDITOR, make_article, make_claim

XSS_ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "xss-article.html"
PAYLOADS = ('<script>alert(1)</script>', '<img src=x onerror="alert(2)">',
            '"><a href="javascript:alert(3)">x</a>', "</script><svg onload=alert(4)>")


@pytest.fixture(autouse=True)
def desk_environment(monkeypatch):
    monkeypatch.setenv(claimreview.FACTCHECK_URL_ENV, "https://desk.example/checks/{article_id}#claim-{claim_id}")
    monkeypatch.setenv(claimreview.DESK_NAME_ENV, "Example Fact Desk")
    monkeypatch.delenv(claimreview.DESK_URL_ENV, raising=False)


def test_the_report_gives_each_checked_claim_in_reading_order_with_its_evidence_and_reviewers(session, desk):
    article, made = desk
    citations.add_citation(session, claim_id=made["draft"].id, actor=CHECKER, url="https://x.example/draft")
    page = report.article_report(session, article_id=article.id, fmt="html")
    doc = lxml.html.fromstring(page)
    assert doc.findtext(".//h1") == "Café, “quotes” and Zürich"
    headings = [h.text_content() for h in doc.findall(".//section/h2")]
    assert headings == [f"{n}. {made[k].text}" for n, k in enumerate(("chomage", "formula", "minus", "at",
                                                                      "plus"), start=1)]
    first = doc.get_element_by_id(f"claim-{made['chomage'].id}")
    text = " ".join(first.text_content().split())
    assert "« Le chômage a baissé de 3 % », selon Zoë." in text, "the quote in its context"
    assert first.find(".//mark").text == "Le chômage a baissé de 3 %"
    for expected in ("Zoë Müller (Person)", "Mostly false", "Line one, with \"quotes\"", f"{CHECKER},",
                     f"{EDITOR},", "Table 4", "refutes", "archive: failed"):
        assert expected in text, expected
    assert f'id="claim-{made["draft"].id}"' not in page, "a draft is not in the report"
    assert "Source: Daily Example" in " ".join(doc.find(".//p").text_content().split())


def test_the_html_report_embeds_the_same_claimreview_items_as_the_export(session, desk):
    article, _ = desk
    page = report.article_report(session, article_id=article.id, fmt="html")
    embedded = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    assert embedded == claimreview.claimreview_items(session, article_id=article.id)
    assert len(embedded) == 5


def test_the_report_of_the_xss_article_renders_inert(session):
    doc = ingest.from_file(XSS_ARTICLE.name, XSS_ARTICLE.read_bytes())
    article = articles.import_document(session, doc=doc, actor=CHECKER)
    articles.update_article(session, article_id=article.id, expected_version=article.version, actor=CHECKER,
                            title=PAYLOADS[3] + article.title)
    claim = claims.create_claim_from_quote(
        session, article_id=article.id, quote="Council officials did not dispute the new figure.",
        actor=CHECKER, claimant=PAYLOADS[0], text=PAYLOADS[1] + " officials did not dispute it " + PAYLOADS[3])
    citations.add_citation(session, claim_id=claim.id, actor=CHECKER,
                           url='https://example.org/a?q="><script>alert(5)</script>',
                           title=PAYLOADS[2], publisher=PAYLOADS[1], quoted_passage=PAYLOADS[3], note=PAYLOADS[0])
    claim = review.set_verdict(session, claim_id=claim.id, rating="False", rationale=" ".join(PAYLOADS),
                               expected_version=claim.version, actor=CHECKER)
    review.mark_checked(session, claim_id=claim.id, expected_version=claim.version, actor=CHECKER)
    page = report.article_report(session, article_id=article.id, fmt="html")
    tree = lxml.html.fromstring(page)
    scripts = tree.findall(".//script")
    assert scripts and all(s.get("type") == "application/ld+json" for s in scripts)
    assert len(scripts) == 1, "one ClaimReview per claim and no other script"
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert not [name for name in element.attrib if name.lower().startswith("on")], element.tag
        for name in ("href", "src", "action", "formaction"):
            assert not element.get(name, "").strip().lower().startswith("javascript:")
    assert tree.findall(".//img") == [] and tree.findall(".//svg") == []
    assert PAYLOADS[0] in tree.text_content(), "the payloads are shown as text"
    assert [i["claimReviewed"] for i in extruct.extract(page, syntaxes=["json-ld"])["json-ld"]] == [
        claims.require_claim(session, claim.id).text]
    markdown = report.article_report(session, article_id=article.id, fmt="md")
    assert "<script" not in markdown and "<img" not in markdown and "<svg" not in markdown


def test_a_claim_reopened_after_approval_is_listed_under_corrections(session, desk):
    article, made = desk
    claim = made["chomage"]
    claim = review.reopen(session, claim_id=claim.id, expected_version=claim.version, actor=EDITOR)
    claim = review.set_verdict(session, claim_id=claim.id, rating="False", rationale="New figures.",
                               expected_version=claim.version, actor=CHECKER)
    page = report.article_report(session, article_id=article.id, fmt="html")
    section = lxml.html.fromstring(page).find_class("corrections")[0]
    text = " ".join(section.text_content().split())
    assert f"Claim {claim.id}" in text and f"reopened by {EDITOR}" in text
    assert "verdict then: Mostly false; now reopened, False" in text
    assert lxml.html.fromstring(page).xpath(f'//section[@id="claim-{claim.id}"]') == [], \
        "a reopened claim is no longer among the checked ones"
    assert "## Corrections" in report.article_report(session, article_id=article.id, fmt="md")
    assert "Corrections" not in report.article_report(session, article_id=make_article(
        session, "Another body, 12 words long, for another article that has no claims.\n").id)


def test_the_markdown_report_escapes_markdown_and_links_only_web_addresses(session, desk):
    article, made = desk
    text = report.article_report(session, article_id=article.id, fmt="md")
    assert text.startswith("# Fact check: Café, “quotes” and Zürich\n")
    assert "=SUM\\(A1:A9\\) is what" in text and "\\-5% is the change" in text
    assert "[Table 4](<https://a.example/1>)" in text
    assert "**Claimant:** Zoë Müller (Person)" in text


def test_without_an_address_for_reviews_the_report_says_why_its_markup_is_left_out(session, desk, monkeypatch):
    monkeypatch.delenv(claimreview.FACTCHECK_URL_ENV)
    page = report.article_report(session, article_id=desk[0].id, fmt="html")
    assert "<script" not in page and "ClaimReview markup is left out" in page
    assert "WORKBENCH_FACTCHECK_URL" in page


def test_an_unknown_format_is_refused(session, desk):
    with pytest.raises(InvalidInput, match="html or md"):
        report.article_report(session, article_id=desk[0].id, fmt="pdf")
