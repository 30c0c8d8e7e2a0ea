"""Anchoring (workbench.anchoring): spans, finding quotes tolerantly, re-finding claims after a correction."""
from __future__ import annotations

import pytest

from workbench.anchoring import CONTEXT_CHARS, anchor_span, find_quote, reanchor
from workbench.errors import AmbiguousQuote, InvalidInput, QuoteNotFound

BODY = "Intro line.\n\nPrices rose by 30% last year, the minister said. Nobody disputed it."


def test_anchor_span_trims_white_space_and_keeps_context():
    start = BODY.index("Prices") - 2
    end = BODY.index(" Nobody") + 1
    a = anchor_span(BODY, start, end)
    assert a.quote == "Prices rose by 30% last year, the minister said."
    assert BODY[a.start:a.end] == a.quote
    assert a.prefix == BODY[max(0, a.start - CONTEXT_CHARS):a.start]
    assert a.suffix == BODY[a.end:a.end + CONTEXT_CHARS]


@pytest.mark.parametrize("start,end", [(-1, 5), (5, 5), (10, 3), (0, len(BODY) + 1)])
def test_anchor_span_outside_the_body_is_refused(start, end):
    with pytest.raises(InvalidInput, match="outside the article text"):
        anchor_span(BODY, start, end)


def test_anchor_span_of_only_white_space_is_refused():
    with pytest.raises(InvalidInput, match="only white space"):
        anchor_span(BODY, 11, 13)


def test_find_quote_finds_an_exact_quote():
    assert find_quote(BODY, "rose by 30%") == (BODY.index("rose"), BODY.index("rose") + len("rose by 30%"))


def test_find_quote_tolerates_spacing_curly_quotes_and_case():
    body = "He said \u201cwe  will\nwin\u201d today."
    s, e = find_quote(body, '"WE will win"')
    assert body[s:e] == "\u201cwe  will\nwin\u201d"


def test_find_quote_lists_the_candidates_of_an_ambiguous_quote():
    body = "Prices rose by 30%. Later, Prices rose by 30% again."
    with pytest.raises(AmbiguousQuote, match="appears 2 times") as info:
        find_quote(body, "Prices rose by 30%")
    assert info.value.candidates == [(0, 18), (27, 45)]
    assert "0-18" in str(info.value) and "27-45" in str(info.value)


def test_a_tolerant_quote_matching_twice_is_ambiguous_too():
    body = "Prices rose by 30%. Later, PRICES  rose by 30% again."
    with pytest.raises(AmbiguousQuote) as info:
        find_quote(body, "prices rose by 30%")
    assert info.value.candidates == [(0, 18), (27, 46)]


def test_an_exact_match_wins_over_a_match_that_only_differs_in_case():
    body = "Prices rose by 30%. Later, prices rose by 30% again."
    assert find_quote(body, "prices rose by 30%") == (27, 45)


def test_find_quote_refuses_a_quote_that_is_not_there():
    with pytest.raises(QuoteNotFound, match="not in the article text"):
        find_quote(BODY, "prices fell by 30%")


def test_find_quote_refuses_an_empty_quote():
    with pytest.raises(InvalidInput, match="empty"):
        find_quote(BODY, "   ")


def test_reanchor_follows_an_exact_quote_that_moved():
    quote = "the minister said"
    new_body = "A new first paragraph.\n\n" + BODY
    assert reanchor(new_body, quote=quote, prefix="", suffix="", old_start=BODY.index(quote)) == (
        new_body.index(quote), new_body.index(quote) + len(quote))


def test_reanchor_uses_prefix_and_suffix_to_choose_between_two_copies():
    body = "First, alpha said: X is true. Then beta said: X is true. End."
    second = body.rindex("X is true")
    a = anchor_span(body, second, second + len("X is true"))
    new_body = "Inserted text shifts everything. " + body
    s, e = reanchor(new_body, quote=a.quote, prefix=a.prefix, suffix=a.suffix, old_start=a.start)
    assert s == new_body.rindex("X is true") and e == s + len("X is true")


def test_reanchor_tolerates_changed_white_space_and_case():
    new_body = "Intro line.\n\nPRICES rose  by\n30% last year."
    s, e = reanchor(new_body, quote="Prices rose by 30%", prefix="", suffix="", old_start=13)
    assert new_body[s:e] == "PRICES rose  by\n30%"


def test_reanchor_finds_a_claim_after_a_small_edit():
    quote = "the vaccine cuts hospital admissions by 30% among adults over sixty"
    new_body = "Officials said the vaccine cuts hospital admissions by 35% among adults over sixty, in a report."
    s, e = reanchor(new_body, quote=quote, prefix="", suffix="", old_start=15)
    assert new_body[s:e] == "the vaccine cuts hospital admissions by 35% among adults over sixty"


def test_reanchor_returns_none_when_the_quote_is_gone():
    assert reanchor("Something else entirely here.", quote="the vaccine cuts hospital admissions by 30%",
                    prefix="", suffix="", old_start=0) is None
