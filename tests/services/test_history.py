"""A claim's history in words (workbench.history), and times in the reader's time zone."""
from __future__ import annotations

from datetime import datetime, timezone

from workbench import audit, citations, claims, review
from workbench.history import describe, local_time

from desk_data import make_article


def _event(actor, entity, action, changes):
    return {"actor": actor, "entity": entity, "action": action, "changes": changes}


def test_a_first_verdict_reads_as_a_sentence():
    event = _event("Rita", "verdict", "verdict", {"rating_id": [None, 7], "verdict": [None, "Unproven"],
                                                  "rationale": [None, "No data."], "status": ["draft", "in review"]})
    assert describe(event) == "Rita gave the verdict Unproven with the rationale \u201cNo data.\u201d"


def test_a_changed_verdict_and_a_rewritten_rationale():
    assert describe(_event("Sam", "verdict", "verdict", {"verdict": ["Unproven", "False"]})) == (
        "Sam changed the verdict from Unproven to False")
    assert describe(_event("Sam", "verdict", "verdict", {"rationale": ["a", "b"]})) == (
        "Sam wrote the rationale \u201cb\u201d")


def test_field_edits_say_what_changed_without_ids_or_arrows():
    text = describe(_event("Rita", "claim", "update", {"claimant": [None, "Stewart"],
                                                       "claim_type": ["other", "statistic"]}))
    assert text == ("Rita set the claimant to \u201cStewart\u201d; "
                    "changed the type from \u201cother\u201d to \u201cstatistic\u201d")
    assert "\u2192" not in text and "_id" not in text


def test_moves_citations_and_corrections_in_words():
    assert describe(_event("Sam", "claim", "approve", {"status": ["checked", "approved"]})) == "Sam approved the claim"
    assert describe(_event("Rita", "claim", "check", {})) == "Rita marked the claim checked"
    assert describe(_event("Rita", "citation", "create", {"url": [None, "https://x.org"],
                                                          "stance": [None, "refutes"]})) == (
        "Rita added a citation: https://x.org (refutes)")
    assert "no longer in it" in describe(_event("Ben", "claim", "reanchor", {"orphaned": [False, True]}))


def test_every_event_of_a_real_claim_has_words(session):
    article = make_article(session)
    claim = claims.create_claim(session, article_id=article.id, start=0, end=20, actor="Rita")
    claims.update_claim(session, claim_id=claim.id, expected_version=claim.version, actor="Rita",
                        claimant="Stewart")
    citations.add_citation(session, claim_id=claim.id, url="https://example.org/a", stance="refutes",
                           actor="Rita")
    review.set_verdict(session, claim_id=claim.id, rating="Unproven", rationale="No data.",
                       expected_version=claim.version, actor="Rita")
    lines = [describe({"actor": e.actor, "entity": e.entity, "action": e.action, "changes": e.changes})
             for e in audit.claim_history(session, claim.id)]
    assert lines[0].startswith("Rita made the claim from the words")
    assert lines[1] == "Rita set the claimant to \u201cStewart\u201d"
    assert lines[2] == "Rita added a citation: https://example.org/a (refutes)"
    assert lines[3] == "Rita gave the verdict Unproven with the rationale \u201cNo data.\u201d"


def test_times_are_shown_in_the_readers_zone_with_the_zone_named():
    at = datetime(2025, 1, 15, 13, 5, tzinfo=timezone.utc)
    assert local_time(at, "Europe/Berlin") == "2025-01-15 14:05 CET"
    assert local_time(at.replace(tzinfo=None), "America/New_York") == "2025-01-15 08:05 EST"
    assert local_time(at, None) == "2025-01-15 13:05 UTC"
    assert local_time(at, "Not/AZone") == "2025-01-15 13:05 UTC"
