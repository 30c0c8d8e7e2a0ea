"""Suggestions that triage: whole claims only, figures of speech left out, harm first."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbench.segment import split_sentences
from workbench.suggest import rank_by_harm, suggest_claims
from workbench.suggest.figures import figure_of_speech
from workbench.suggest.harm import harm

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "workbench" / "data" / "ketamine-therapy.txt"
KNIFE = ROOT / "tests" / "fixtures" / "knife-crime.txt"


@pytest.fixture(scope="module")
def demo() -> list:
    return suggest_claims(DEMO.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def knife() -> list:
    return suggest_claims(KNIFE.read_text(encoding="utf-8"), all_sentences=True)


def test_a_line_break_inside_a_sentence_does_not_end_it():
    body = "Police recorded 50,489 knife offences in the year to March,\nup from 45,000 in 2019. It rose."
    assert [s.text for s in split_sentences(body)] == [
        "Police recorded 50,489 knife offences in the year to March,\nup from 45,000 in 2019.", "It rose."]


def test_a_headline_line_stays_apart_from_the_paragraph_under_it():
    body = "Knife crime hits record high\nPolice recorded 50,489 offences."
    assert len(split_sentences(body)) == 2


def test_a_piece_starting_in_lower_case_is_merged_into_its_sentence():
    body = "Offences rose to 50,489 (a rise of 4.5%). up from 45,000 in 2019."
    assert [s.text for s in split_sentences(body)] == [body]


def test_the_knife_crime_fragment_is_never_listed_alone(knife):
    assert not any(s.quote.lstrip().startswith("up from") for s in knife)
    whole = next(s for s in knife if "50,489" in s.quote)
    assert "up from 45,000 in 2019." in whole.quote and whole.checkworthy


@pytest.mark.parametrize("text", ["It's as if ketamine aids make new catcher's mitts for the glutamate.",
                                  '"Think of knife crime like a contagious disease," said Dr Sam Carter.',
                                  "It's as if every weapon seized makes a street safer."])
def test_figures_of_speech_are_not_claims_of_fact(text):
    assert figure_of_speech(text)


@pytest.mark.parametrize("text", ["It's as if the rate doubled to 40% overnight.",
                                  "The nerve cells require glutamate receptors -- think of them like gloves.",
                                  "Unemployment fell to 4% in May."])
def test_a_figure_with_a_checkable_statement_or_inside_a_sentence_is_kept(text):
    assert figure_of_speech(text) is None


def test_the_demo_analogies_are_left_out_with_a_reason():
    everything = suggest_claims(DEMO.read_text(encoding="utf-8"), all_sentences=True)
    analogies = [s for s in everything if s.quote.startswith("It's as if")]
    assert len(analogies) == 2
    assert all(not s.checkworthy and s.left_out.startswith("figure of speech") for s in analogies)


@pytest.mark.parametrize("text, level, reason", [
    ("It also may not be safe for people who have schizophrenia.", "high", "contraindication"),
    ("Adults should take 20mg of the drug twice a day.", "high", "dosage"),
    ("There is no need to see a doctor before taking it.", "high", "no need to see a doctor"),
    ("It is much less habit forming than opioids.", "high", "dependency"),
    ("For about 30% of patients the depression never comes back.", "high", "outcome figures"),
    ("The drug can cause side effects such as nausea.", "medium", "safety"),
    ("Ketamine works for treatment-resistant depression.", "medium", "treatment efficacy"),
    ("Unemployment fell to 4% in May.", "low", None),
])
def test_harm_levels_and_reasons(text, level, reason):
    assert harm(text, health=True)[:2] == (level, reason)


def test_figures_outside_health_carry_no_harm():
    assert harm("Unemployment fell to 30% of adults in the region.", health=False)[:2] == ("low", None)


def test_every_suggestion_has_a_harm_level(demo):
    assert {s.harm for s in demo} <= {"high", "medium", "low"}
    assert all((s.harm == "low") == (s.harm_reason is None) for s in demo)


@pytest.mark.parametrize("needle", ["schizophrenia", "habit forming", "30%"])
def test_the_demo_safety_dependency_and_relapse_claims_rank_in_the_top_five(demo, needle):
    assert any(needle in s.quote for s in rank_by_harm(demo)[:5])


def test_harm_ranking_is_by_level_then_score(demo):
    ranked = rank_by_harm(demo)
    order = ["high", "medium", "low"]
    assert [order.index(s.harm) for s in ranked] == sorted(order.index(s.harm) for s in ranked)
    for a, b in zip(ranked, ranked[1:]):
        if (a.harm, a.harm_tier) == (b.harm, b.harm_tier):
            assert a.score >= b.score


def test_the_demo_claimants_carry_their_kind_and_span(demo):
    body = DEMO.read_text(encoding="utf-8")
    stewart = next(s for s in demo if "30%" in s.quote)
    assert (stewart.claimant, stewart.claimant_kind) == ("Stewart", "Person")
    assert body[slice(*stewart.claimant_span)] == "Stewart"
