"""Attribution read from the parse: the evaluation set's floor and the patterns news text uses."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from workbench.segment import split_sentences
from workbench.suggest.claimant import resolve_claimants

ROOT = Path(__file__).resolve().parents[2]


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_attribution", ROOT / "bench" / "eval_attribution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_evaluation_set_has_at_least_120_passages_covering_every_pattern():
    rows = _eval_module().read_rows()
    assert len(rows) >= 120
    assert {r["pattern"] for r in rows} >= {"verb_after", "verb_before", "according_to", "statement", "title_appos",
                                            "organisation", "unnamed", "quote_continues", "pronoun", "no_source"}


def test_claimant_and_kind_accuracy_on_the_evaluation_set_stays_at_least_0_90():
    results = _eval_module().evaluate()
    accuracy = sum(r["kind_ok"] for r in results) / len(results)
    assert accuracy >= 0.90, [(r["text"], r["found"]) for r in results if not r["kind_ok"]]


def _last(text: str):
    sentences = split_sentences(text)
    return resolve_claimants(sentences, wanted=[len(sentences) - 1])[-1]


@pytest.mark.parametrize("text, name, kind", [
    ("Unemployment rose to 5.1%, according to the Office for National Statistics.",
     "Office for National Statistics", "Organization"),
    ('"We will not cut services," said Health Secretary Maria Lopez.', "Maria Lopez", "Person"),
    ("The rise was temporary, said council leader Daniel Okafor.", "Daniel Okafor", "Person"),
    ("According to the transport department, 40% of trains were late.", "transport department", "Organization"),
    ("The home secretary said that crime had fallen by a fifth.", "home secretary", "Person"),
    ("In a statement, Acme Pharmaceuticals said the drug was safe.", "Acme Pharmaceuticals", "Organization"),
    ("The company's chief executive, Laura Chen, insisted that profits would rise.", "Laura Chen", "Person"),
    ("A spokesperson for the Ministry of Defence said 300 troops would go.", "Ministry of Defence", "Organization"),
])
def test_the_sources_the_issue_lists_are_found_with_their_kind(text, name, kind):
    found = _last(text)
    assert (found.claimant, found.kind) == (name, kind)


def test_the_claimant_span_points_at_where_the_name_was_read():
    body = "Margaret Hodge chairs the committee. She said the department had wasted £1bn."
    found = _last(body)
    assert found.claimant == "Margaret Hodge"
    assert body[found.span[0]:found.span[1]] == "Margaret Hodge"


def test_a_sentence_that_names_no_source_has_no_claimant():
    assert _last("Knife crime rose to 50,000 offences last year.").claimant is None


def test_only_the_wanted_sentences_are_attributed():
    sentences = split_sentences('"Prices will rise," said Jane Doe. Police said two men were held.')
    assert [a.claimant for a in resolve_claimants(sentences, wanted=[1])] == [None, "Police"]
