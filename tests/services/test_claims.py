"""Claims (workbench.claims): create from offsets, sentences and quotes; edit, delete, split, merge."""
from __future__ import annotations

import pytest
from sqlmodel import Session, select

from db.tables import Article, Citation, Claim
from workbench import articles, audit, citations, claims, review
from workbench.errors import AmbiguousQuote, InvalidInput, NotFound, QuoteNotFound, TransitionRefused
from workbench.ingest import from_text

BODY = ("Vaccines and hospitals\n\n"
        "The vaccine cuts hospital admissions by 30% among adults over sixty, officials said. "
        "Critics were not convinced.\n\n"
        "He called it \u201cthe best  result\u201d in years. Prices rose by 12%. Prices rose by 12%.")


@pytest.fixture
def article(session: Session) -> Article:
    article = articles.import_document(session, doc=from_text(BODY), actor="Ana")
    session.commit()
    return article


def span(quote: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = BODY.index(quote, start + 1)
    return start, start + len(quote)


def make(session: Session, article: Article, quote: str, occurrence: int = 0, **fields) -> Claim:
    start, end = span(quote, occurrence)
    claim = claims.create_claim(session, article_id=article.id, start=start, end=end,
                                actor=fields.pop("actor", "Ana"), **fields)
    session.commit()
    return claim


# --- create -------------------------------------------------------------------------------------

def test_create_claim_from_offsets_trims_white_space_around_the_selection(session, article):
    start, end = span("Critics were not convinced.")
    claim = claims.create_claim(session, article_id=article.id, start=start - 1, end=end + 2, actor="Ana")
    session.commit()
    assert (claim.start, claim.end) == (start, end)
    assert claim.quote == "Critics were not convinced." == claim.text
    assert (claim.status, claim.origin, claim.claim_type, claim.version) == ("draft", "manual", "other", 1)
    assert claim.created_by == claim.updated_by == "Ana"
    assert claim.prefix == BODY[start - 32:start] and claim.suffix == BODY[end:end + 32]


def test_create_claim_keeps_given_wording_claimant_and_type(session, article):
    claim = make(session, article, "Critics were not convinced.", text="  Critics doubt it ",
                 claimant=" Officials ", claim_type="statistic")
    assert (claim.text, claim.claimant, claim.claim_type) == ("Critics doubt it", "Officials", "statistic")


def test_default_wording_collapses_line_breaks_and_runs_of_spaces(session, article):
    claim = make(session, article, "\u201cthe best  result\u201d")
    assert claim.text == "\u201cthe best result\u201d"


@pytest.mark.parametrize("start,end", [(-1, 10), (10, 10), (20, 10), (0, len(BODY) + 1)])
def test_create_claim_with_offsets_outside_the_text_is_refused(session, article, start, end):
    with pytest.raises(InvalidInput, match="outside the article text"):
        claims.create_claim(session, article_id=article.id, start=start, end=end, actor="Ana")
    assert claims.list_claims(session, article_id=article.id) == []


def test_create_claim_on_white_space_only_is_refused(session, article):
    start = BODY.index("\n\n")
    with pytest.raises(InvalidInput, match="only white space"):
        claims.create_claim(session, article_id=article.id, start=start, end=start + 2, actor="Ana")


def test_create_claim_with_an_unknown_type_is_refused_listing_the_types(session, article):
    with pytest.raises(InvalidInput, match="statistic, quote/opinion, causal"):
        make(session, article, "Critics were not convinced.", claim_type="rumour")


def test_create_claim_with_an_unknown_origin_is_refused(session, article):
    with pytest.raises(InvalidInput, match="origin"):
        make(session, article, "Critics were not convinced.", origin="robot")


def test_create_claim_on_a_missing_article_is_refused(session):
    with pytest.raises(NotFound, match="#404"):
        claims.create_claim(session, article_id=404, start=0, end=5, actor="Ana")


def test_create_claim_from_a_sentence_index(session, article):
    claim = claims.create_claim_from_sentence(session, article_id=article.id, sentence_index=2,
                                              actor="Ana", claim_type="causal")
    assert claim.quote == "Critics were not convinced."
    assert (claim.start, claim.end) == span("Critics were not convinced.")
    assert claim.claim_type == "causal"


@pytest.mark.parametrize("index", [-1, 6, 99])
def test_create_claim_from_a_sentence_index_out_of_range_is_refused(session, article, index):
    with pytest.raises(InvalidInput, match="has 6 sentences"):
        claims.create_claim_from_sentence(session, article_id=article.id, sentence_index=index, actor="Ana")


def test_create_claim_from_an_exact_quote(session, article):
    claim = claims.create_claim_from_quote(session, article_id=article.id, quote="cuts hospital admissions",
                                           actor="Ana")
    assert (claim.start, claim.end) == span("cuts hospital admissions")


def test_create_claim_from_a_quote_tolerates_spacing_straight_quotes_and_case(session, article):
    claim = claims.create_claim_from_quote(session, article_id=article.id,
                                           quote='  "THE BEST result" ', actor="Ana")
    assert claim.quote == "\u201cthe best  result\u201d"
    assert BODY[claim.start:claim.end] == claim.quote


def test_an_ambiguous_quote_is_refused_with_its_candidates(session, article):
    with pytest.raises(AmbiguousQuote) as info:
        claims.create_claim_from_quote(session, article_id=article.id, quote="Prices rose by 12%.",
                                       actor="Ana")
    assert info.value.candidates == [span("Prices rose by 12%."), span("Prices rose by 12%.", 1)]
    first = span("Prices rose by 12%.")
    assert f"{first[0]}-{first[1]}" in str(info.value)
    assert claims.list_claims(session, article_id=article.id) == []


def test_a_quote_that_is_not_in_the_text_is_refused(session, article):
    with pytest.raises(QuoteNotFound):
        claims.create_claim_from_quote(session, article_id=article.id, quote="Prices fell", actor="Ana")


def test_list_claims_is_in_reading_order(session, article):
    later = make(session, article, "Critics were not convinced.")
    earlier = make(session, article, "The vaccine cuts")
    assert [c.id for c in claims.list_claims(session, article_id=article.id)] == [earlier.id, later.id]


# --- edit ---------------------------------------------------------------------------------------

def test_update_claim_changes_wording_claimant_and_type_and_bumps_the_version(session, article):
    claim = make(session, article, "Critics were not convinced.")
    claims.update_claim(session, claim_id=claim.id, expected_version=1, actor="Ben",
                        text=" Critics are unconvinced ", claimant="The Times", claim_type="quote/opinion")
    session.commit()
    session.refresh(claim)
    assert (claim.text, claim.claimant, claim.claim_type) == (
        "Critics are unconvinced", "The Times", "quote/opinion")
    assert claim.version == 2 and claim.updated_by == "Ben"
    assert claim.quote == "Critics were not convinced."  # the anchor is not the wording


def test_an_update_that_changes_nothing_keeps_the_version(session, article):
    claim = make(session, article, "Critics were not convinced.")
    claims.update_claim(session, claim_id=claim.id, expected_version=1, actor="Ben",
                        text="Critics were not convinced.")
    session.commit()
    assert claim.version == 1
    assert [e.action for e in audit.claim_history(session, claim.id)] == ["create"]


@pytest.mark.parametrize("fields,message", [
    ({"claim_type": "gossip"}, "not a claim type"),
    ({"text": "   "}, "wording cannot be empty"),
    ({"text": None}, "wording cannot be empty"),
    ({"status": "approved"}, "cannot be edited here: status"),
])
def test_invalid_claim_edits_are_refused_and_change_nothing(session, article, fields, message):
    claim = make(session, article, "Critics were not convinced.")
    with pytest.raises(InvalidInput, match=message):
        claims.update_claim(session, claim_id=claim.id, expected_version=1, actor="Ben", **fields)
    session.rollback()
    session.refresh(claim)
    assert (claim.text, claim.claim_type, claim.status, claim.version) == (
        "Critics were not convinced.", "other", "draft", 1)


def test_update_of_a_missing_claim_is_refused(session, article):
    with pytest.raises(NotFound, match="#777"):
        claims.update_claim(session, claim_id=777, expected_version=1, actor="Ben", text="x")


def test_an_approved_claim_cannot_be_edited(session, article):
    claim = approved_claim(session, article)
    with pytest.raises(TransitionRefused, match="approved; reopen"):
        claims.update_claim(session, claim_id=claim.id, expected_version=claim.version, actor="Cy",
                            text="Changed")


def approved_claim(session: Session, article: Article) -> Claim:
    claim = make(session, article, "Critics were not convinced.")
    citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://example.org/study")
    review.set_verdict(session, claim_id=claim.id, rating="False", rationale="The study says so.",
                       expected_version=claim.version, actor="Ana")
    review.mark_checked(session, claim_id=claim.id, expected_version=claim.version, actor="Ana")
    review.approve(session, claim_id=claim.id, expected_version=claim.version, actor="Ben")
    session.commit()
    assert claim.status == "approved"
    return claim


# --- delete -------------------------------------------------------------------------------------

def test_delete_claim_removes_it_and_its_citations(session, engine, article):
    claim = make(session, article, "Critics were not convinced.")
    other = make(session, article, "The vaccine cuts")
    citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://example.org/1")
    citations.add_citation(session, claim_id=other.id, actor="Ana", url="https://example.org/2")
    session.commit()
    claims.delete_claim(session, claim_id=claim.id, expected_version=claim.version, actor="Ben")
    session.commit()
    with Session(engine) as fresh:
        assert fresh.get(Claim, claim.id) is None
        assert fresh.exec(select(Citation.claim_id)).all() == [other.id]
    assert audit.claim_history(session, claim.id)[-1].action == "delete"


def test_an_approved_claim_cannot_be_deleted(session, article):
    claim = approved_claim(session, article)
    with pytest.raises(TransitionRefused):
        claims.delete_claim(session, claim_id=claim.id, expected_version=claim.version, actor="Cy")


# --- split --------------------------------------------------------------------------------------

def test_split_claim_at_a_position_makes_two_anchored_claims(session, article):
    quote = "The vaccine cuts hospital admissions by 30% among adults over sixty, officials said."
    claim = make(session, article, quote, claim_type="statistic", claimant="Officials")
    citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://example.org/1")
    session.commit()
    at = BODY.index(", officials said.")
    first, second = claims.split_claim(session, claim_id=claim.id, at=at + 1, expected_version=1, actor="Ben")
    session.commit()
    assert first.id == claim.id
    assert first.quote == "The vaccine cuts hospital admissions by 30% among adults over sixty,"
    assert second.quote == "officials said."
    for part in (first, second):
        assert BODY[part.start:part.end] == part.quote
        assert (part.claim_type, part.claimant) == ("statistic", "Officials")
    assert first.text == first.quote
    assert [c.claim_id for c in session.exec(select(Citation))] == [first.id]


@pytest.mark.parametrize("offset", [0, -5, None, 1000])
def test_split_claim_outside_the_claim_is_refused(session, article, offset):
    quote = "Critics were not convinced."
    claim = make(session, article, quote)
    at = claim.end if offset is None else claim.start + offset
    with pytest.raises(InvalidInput, match="choose a position inside it"):
        claims.split_claim(session, claim_id=claim.id, at=at, expected_version=1, actor="Ben")


def test_split_claim_into_sentences(session, article):
    start = BODY.index("The vaccine")
    end = BODY.index("Critics were not convinced.") + len("Critics were not convinced.")
    claim = claims.create_claim(session, article_id=article.id, start=start, end=end, actor="Ana")
    session.commit()
    parts = claims.split_claim_into_sentences(session, claim_id=claim.id, expected_version=1, actor="Ben")
    session.commit()
    assert [p.quote for p in parts] == [
        "The vaccine cuts hospital admissions by 30% among adults over sixty, officials said.",
        "Critics were not convinced."]
    assert parts[0].id == claim.id
    assert len(claims.list_claims(session, article_id=article.id)) == 2


def test_split_into_sentences_of_a_single_sentence_is_refused(session, article):
    claim = make(session, article, "Critics were not convinced.")
    with pytest.raises(InvalidInput, match="single sentence"):
        claims.split_claim_into_sentences(session, claim_id=claim.id, expected_version=1, actor="Ben")


# --- merge --------------------------------------------------------------------------------------

def test_merge_adjacent_claims_joins_them_and_moves_the_citations(session, engine, article):
    a = make(session, article, "The vaccine cuts hospital admissions")
    b = make(session, article, "Critics were not convinced.")
    citations.add_citation(session, claim_id=a.id, actor="Ana", url="https://example.org/a")
    cb = citations.add_citation(session, claim_id=b.id, actor="Ana", url="https://example.org/b")
    session.commit()
    merged = claims.merge_claims(session, first_id=b.id, first_version=b.version, second_id=a.id,
                                 second_version=a.version, actor="Ben")
    session.commit()
    assert merged.id == a.id
    assert merged.start == BODY.index("The vaccine") and merged.end == span("Critics were not convinced.")[1]
    assert BODY[merged.start:merged.end] == merged.quote
    assert merged.text == "The vaccine cuts hospital admissions Critics were not convinced."
    with Session(engine) as fresh:
        assert fresh.get(Claim, b.id) is None
        assert sorted(fresh.exec(select(Citation.claim_id)).all()) == [a.id, a.id]
        assert fresh.get(Citation, cb.id).claim_id == a.id
    moved = [e for e in audit.claim_history(session, a.id) if e.entity == "citation" and e.action == "update"]
    assert moved and moved[0].changes == {"claim_id": [b.id, a.id]}


def test_merge_of_claims_that_are_not_next_to_each_other_is_refused(session, article):
    a = make(session, article, "The vaccine cuts")
    make(session, article, "Critics were not convinced.")
    c = make(session, article, "Prices rose by 12%.")
    with pytest.raises(InvalidInput, match="not next to each other"):
        claims.merge_claims(session, first_id=a.id, first_version=1, second_id=c.id, second_version=1,
                            actor="Ben")
    session.rollback()
    assert len(claims.list_claims(session, article_id=article.id)) == 3


def test_merge_of_claims_from_different_articles_is_refused(session, article):
    a = make(session, article, "The vaccine cuts")
    other = articles.import_document(session, doc=from_text("Another article with words."), actor="Ana")
    b = claims.create_claim(session, article_id=other.id, start=0, end=7, actor="Ana")
    session.commit()
    with pytest.raises(InvalidInput, match="same article"):
        claims.merge_claims(session, first_id=a.id, first_version=1, second_id=b.id, second_version=1,
                            actor="Ben")
