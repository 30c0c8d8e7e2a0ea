"""Other desks' fact checks: ClaimReview items imported from JSON-LD or HTML, and found by matching."""
from __future__ import annotations

import json
from datetime import date

import pytest

from workbench import external, matching
from workbench.errors import ImportRefused

from desk_data import make_article, make_claim

REVIEW = {"@context": "https://schema.org", "@type": "ClaimReview",
          "url": "https://other.example/checks/jobs",
          "claimReviewed": "Unemployment fell by 3 percent last year, the minister said",
          "author": {"@type": "Organization", "name": "Other Desk", "url": "https://other.example"},
          "datePublished": "2025-05-01T10:00:00Z",
          "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A Minister"},
                           "appearance": [{"@type": "CreativeWork", "url": "https://news.example/a"}]},
          "reviewRating": {"@type": "Rating", "alternateName": "Half true", "ratingValue": "3",
                           "bestRating": 5, "worstRating": 1}}


def test_items_come_from_json_ld_lists_graphs_and_html_pages():
    other = dict(REVIEW, url="https://other.example/2")
    assert external.items_from_document(json.dumps([REVIEW, {"@type": "WebPage"}]).encode()) == [REVIEW]
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "mainEntity": other}, REVIEW]}
    assert external.items_from_document(json.dumps(graph).encode()) == [other, REVIEW]
    page = (f'<html><head><script type="application/ld+json">{json.dumps(REVIEW)}</script></head>'
            "<body><p>A review</p></body></html>").encode()
    assert external.items_from_document(page) == [REVIEW]
    with pytest.raises(ImportRefused, match="No ClaimReview items"):
        external.items_from_document(b"<html><body>nothing</body></html>")
    with pytest.raises(ImportRefused, match="not valid JSON-LD"):
        external.items_from_document(b"{broken")


def test_imported_reviews_keep_publisher_url_rating_and_date_and_reimport_updates(session):
    bare = {"@type": "ClaimReview", "claimReviewed": "No address here"}
    report = external.import_claimreviews(session, items=[REVIEW, bare], source="other.jsonld", actor="Ana")
    assert (report.added, report.updated) == (1, 0)
    assert report.skipped == ["item 2: a ClaimReview without a url"]
    [match] = matching.find_matches(session, text="Unemployment fell by 3 percent last year")
    assert match.is_external and match.claim_id is None
    assert (match.article_title, match.verdict, match.external_url, match.date_published) == (
        "Other Desk", "Half true", "https://other.example/checks/jobs", date(2025, 5, 1))
    again = external.import_claimreviews(session, items=[dict(REVIEW, reviewRating={"alternateName": "False"})],
                                         source="other.jsonld", actor="Ana")
    assert (again.added, again.updated) == (0, 1)
    [match] = matching.find_matches(session, text="Unemployment fell by 3 percent last year")
    assert match.verdict == "False"


def test_matching_ranks_the_desks_own_claims_and_other_desks_reviews_together(session):
    article = make_article(session, "Unemployment fell by 3 percent last year, the minister said.\n")
    own = make_claim(session, article, "Unemployment fell by 3 percent last year, the minister said.")
    external.import_claimreviews(session, items=[REVIEW], source="other.jsonld", actor="Ana")
    session.commit()
    found = matching.find_matches(session, text="the minister said unemployment fell 3 percent")
    assert [m.is_external for m in found] == [False, True]
    assert found[0].claim_id == own.id
    assert not any(m.is_external for m in matching.find_matches(
        session, text="the minister said unemployment fell 3 percent", external=False))
    assert matching.find_matches(session, text="Bananas are blue") == []


def test_importing_from_a_url_goes_through_the_guarded_client(session, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ALLOW_PRIVATE_URLS", raising=False)
    with pytest.raises(ImportRefused, match="points inside this network"):
        external.import_from_source(session, source="http://127.0.0.1:9/reviews", actor="Ana")
    with pytest.raises(ImportRefused, match="neither a file nor an http"):
        external.import_from_source(session, source="file:///etc/passwd", actor="Ana")
