"""Claim suggestions on the demo article: what a reviewer expects to see, and what must not appear."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbench.suggest import THRESHOLD, Suggestion, suggest_claims

DEMO = Path(__file__).resolve().parents[2] / "workbench" / "data" / "ketamine-therapy.txt"


@pytest.fixture(scope="module")
def body() -> str:
    return DEMO.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def suggestions(body) -> list[Suggestion]:
    return suggest_claims(body)


def _find(suggestions: list[Suggestion], needle: str) -> Suggestion:
    hits = [s for s in suggestions if needle in s.quote]
    assert hits, f"no suggestion contains {needle!r}"
    return hits[0]


@pytest.mark.parametrize("needle", [
    "30%", "70%", "ketamine resolves an opioid system", "larger as well as larger dosages",
    "schizophrenia", "symptoms of psychosis"])
def test_the_claims_a_reviewer_expects_are_suggested(suggestions, needle):
    _find(suggestions, needle)


@pytest.mark.parametrize("boilerplate", [
    "Ketamine Therapy - An Overview", "Leave a Reply", "Your email address", "Required fields"])
def test_page_boilerplate_is_never_suggested(body, boilerplate):
    for s in suggest_claims(body, all_sentences=True):
        assert boilerplate not in s.quote


def test_every_quote_is_the_body_text_at_its_offsets_in_reading_order(body, suggestions):
    for s in suggestions:
        assert body[s.start:s.end] == s.quote
    assert [s.start for s in suggestions] == sorted(s.start for s in suggestions)


def test_the_30_percent_figure_is_a_statistic_attributed_to_stewart(suggestions):
    s = _find(suggestions, "30%")
    assert (s.type, s.claimant) == ("statistic", "Stewart")
    assert "contains a percentage" in s.reasons
    assert "attributed to Stewart" in s.reasons


def test_the_70_percent_figure_is_a_statistic(suggestions):
    assert _find(suggestions, "70%").type == "statistic"


def test_the_psychosis_statement_is_attributed_to_krystal(suggestions):
    assert _find(suggestions, "symptoms of psychosis").claimant == "Krystal"


def test_he_states_after_naming_alan_shatzberg_resolves_to_shatzberg(suggestions):
    assert "Shatzberg" in _find(suggestions, "resolves an opioid system").claimant


def test_broken_attribution_with_link_text_resolves_to_shatzberg(body):
    everything = suggest_claims(body, all_sentences=True)
    assert "Shatzberg" in _find(everything, "less habit forming than opioids").claimant


def test_the_schizophrenia_caution_is_a_hedged_health_claim(suggestions):
    s = _find(suggestions, "schizophrenia")
    assert s.type == "health/medical"
    assert "hedged safety caution" in s.reasons
    assert s.claimant is None


def test_all_sentences_lists_every_content_sentence_with_a_flag(body, suggestions):
    everything = suggest_claims(body, all_sentences=True)
    assert len(everything) > len(suggestions)
    assert {s.checkworthy for s in everything} == {True, False}
    assert all(s.checkworthy == (s.left_out is None) for s in everything)
    assert all(not s.checkworthy for s in everything if s.score < THRESHOLD)
    assert all(0.0 <= s.score <= 1.0 for s in everything)
    assert any(s.quote.startswith("They review it") for s in everything)


def test_an_empty_article_has_no_suggestions():
    assert suggest_claims("") == []
    assert suggest_claims("   \n\n ") == []
