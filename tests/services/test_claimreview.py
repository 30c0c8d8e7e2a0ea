"""ClaimReview JSON-LD: every field Google's fact-check guidelines require or recommend, checked by
expanding the export with pyld against schema.org's context (a local copy: no network), and the
same items read back by extruct from a page that embeds them."""
from __future__ import annotations

import json
from pathlib import Path

import extruct
import pytest
from pyld import jsonld

from workbench import articles, citations, claims, review
from workbench.errors import InvalidInput, PublishingRefused
from workbench.transfer import claimreview

from desk_data import make_article, make_claim

SCHEMA = "http://schema.org/"
CONTEXT_FILE = Path(__file__).resolve().parents[1] / "data" / "schemaorg-context.jsonld"
TEMPLATE = "https://desk.example/fact-checks/{article_id}#claim-{claim_id}"
# Google, "Fact check (ClaimReview) structured data": required, then recommended properties.
REQUIRED = {"ClaimReview": {"claimReviewed", "reviewRating", "url"}, "Rating": {"alternateName"}}
RECOMMENDED = {"ClaimReview": {"author", "datePublished", "itemReviewed"},
               "Claim": {"appearance", "author", "datePublished"},
               "Rating": {"bestRating", "name", "ratingValue", "worstRating"},
               "Organization": {"name", "url"}}
KNOWN = {"ClaimReview": REQUIRED["ClaimReview"] | RECOMMENDED["ClaimReview"],
         "Claim": {"appearance", "firstAppearance", "author", "datePublished"},
         "CreativeWork": {"headline", "url", "datePublished", "publisher"},
         "Rating": REQUIRED["Rating"] | RECOMMENDED["Rating"],
         "Organization": {"name", "url"}, "Person": {"name", "url"}}


@pytest.fixture(autouse=True)
def desk_environment(monkeypatch):
    """A desk that publishes its reviews at TEMPLATE; nothing else from the test run's environment."""
    monkeypatch.setenv(claimreview.FACTCHECK_URL_ENV, TEMPLATE)
    monkeypatch.setenv(claimreview.DESK_URL_ENV, "https://desk.example")
    monkeypatch.delenv(claimreview.DESK_NAME_ENV, raising=False)


def local_schema_org(url, options=None):
    """pyld document loader: schema.org's context from tests/data, and nothing from the network."""
    if url.rstrip("/").removeprefix("https://").removeprefix("http://") in (
            "schema.org", "schema.org/docs/jsonldcontext.jsonld"):
        return {"contextUrl": None, "documentUrl": url,
                "document": json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))}
    raise AssertionError(f"the JSON-LD test tried to load {url}")


def expand(items) -> list[dict]:
    return jsonld.expand(items, {"documentLoader": local_schema_org})


def nodes_by_type(node, found=None) -> dict[str, list[dict]]:
    """Every node of an expanded document, by its schema.org type."""
    found = {} if found is None else found
    if isinstance(node, list):
        for child in node:
            nodes_by_type(child, found)
    elif isinstance(node, dict):
        for kind in node.get("@type", []):
            found.setdefault(kind.removeprefix(SCHEMA), []).append(node)
        for key, value in node.items():
            if not key.startswith("@"):
                nodes_by_type(value, found)
    return found


def properties(node: dict) -> set[str]:
    return {key.removeprefix(SCHEMA) for key in node if not key.startswith("@")}


def value(node: dict, name: str):
    [entry] = node[SCHEMA + name]
    return entry.get("@value", entry.get("@id"))


def test_every_item_expands_to_schema_org_with_the_required_and_recommended_fields(session, desk):
    items = claimreview.claimreview_items(session)
    assert len(items) == 5
    expanded = expand(items)
    assert len(expanded) == 5
    found = nodes_by_type(expanded)
    for kind, names in KNOWN.items():
        for node in found.get(kind, []):
            assert all(key.startswith(SCHEMA) or key.startswith("@") for key in node), node
            assert properties(node) <= names, f"{kind} has properties Google does not use: {node}"
    for review in found["ClaimReview"]:
        assert REQUIRED["ClaimReview"] | RECOMMENDED["ClaimReview"] <= properties(review)
        assert value(review, "url").startswith("https://desk.example/fact-checks/")
        [rating] = review[SCHEMA + "reviewRating"]
        assert REQUIRED["Rating"] <= properties(rating)
        [claim] = review[SCHEMA + "itemReviewed"]
        assert claim["@type"] == [SCHEMA + "Claim"] and RECOMMENDED["Claim"] <= properties(claim)
        [author] = review[SCHEMA + "author"]
        assert RECOMMENDED["Organization"] <= properties(author)
        [published] = review[SCHEMA + "datePublished"]
        assert published["@type"] == SCHEMA + "Date"


def test_a_claim_reviewed_in_full_gives_every_field_as_worded(session, desk):
    article, made = desk
    claim = made["chomage"]
    [item] = claimreview.claimreview_items(session, desk_name="Example Fact Desk", claim_ids=[claim.id])
    assert item == {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"https://desk.example/fact-checks/{article.id}#claim-{claim.id}",
        "claimReviewed": "Le chômage a baissé de 3 %",
        "datePublished": claim.approved_at.date().isoformat(),
        "author": {"@type": "Organization", "name": "Example Fact Desk", "url": "https://desk.example"},
        "itemReviewed": {
            "@type": "Claim", "author": {"@type": "Person", "name": "Zoë Müller"},
            "appearance": {"@type": "CreativeWork", "headline": "Café, “quotes” and Zürich",
                           "url": "https://news.example.org/2026/jobs", "datePublished": "2026-03-01",
                           "publisher": {"@type": "Organization", "name": "Daily Example"}},
            "datePublished": "2026-03-01"},
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly false", "name": "Mostly false",
                         "ratingValue": 2, "bestRating": 5, "worstRating": 1}}


def checked(session, claim):
    """The claim with a citation and a verdict, marked checked."""
    citations.add_citation(session, claim_id=claim.id, actor="Ana", url="https://stats.example.gov/t")
    claim = review.set_verdict(session, claim_id=claim.id, rating="False", rationale="Wrong.",
                               expected_version=claim.version, actor="Ana")
    return review.mark_checked(session, claim_id=claim.id, expected_version=claim.version, actor="Ana")


def test_the_reviewers_wording_is_what_is_claimed_reviewed(session, desk):
    claim = claims.create_claim_from_quote(session, article_id=desk[0].id, quote="Le chômage a baissé",
                                           actor="Ana")
    claim = claims.update_claim(session, claim_id=claim.id, expected_version=claim.version, actor="Ana",
                                text="Unemployment fell by 3%")
    claim = checked(session, claim)
    [item] = claimreview.claimreview_items(session, claim_ids=[claim.id])
    assert item["claimReviewed"] == "Unemployment fell by 3%"


def test_the_claimant_kind_chosen_by_the_reviewer_is_the_authors_type(session, desk):
    claim = claims.create_claim_from_quote(session, article_id=desk[0].id, quote="Le chômage a baissé",
                                           actor="Ana", claimant="Zoë Müller", claimant_kind="organization")
    assert claim.claimant_kind == "Organization"
    claim = checked(session, claim)
    [item] = claimreview.claimreview_items(session, claim_ids=[claim.id])
    assert item["itemReviewed"]["author"] == {"@type": "Organization", "name": "Zoë Müller"}
    claims.update_claim(session, claim_id=claim.id, expected_version=claim.version, actor="Ana",
                        claimant_kind="Person")
    [item] = claimreview.claimreview_items(session, claim_ids=[claim.id])
    assert item["itemReviewed"]["author"]["@type"] == "Person"
    with pytest.raises(InvalidInput, match="Person, Organization"):
        claims.create_claim_from_quote(session, article_id=desk[0].id, quote="chômage", actor="Ana",
                                       claimant_kind="Robot")


def test_an_organisation_named_as_claimant_is_typed_as_one_until_the_reviewer_says_otherwise(session):
    article = make_article(session, "Prices rose 12%, the Ministry of Finance said.\n")
    claim = make_claim(session, article, "Prices rose 12%, the Ministry of Finance said.",
                       claimant="Ministry of Finance")
    [item] = claimreview.claimreview_items(session)
    assert item["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ministry of Finance"}
    claim = claims.create_claim_from_quote(session, article_id=article.id, quote="Prices rose 12%",
                                           actor="Ana", claimant="Ministry of Finance", claimant_kind="Person")
    assert claimreview.claimant_kind(claim) == "Person"


def test_a_claim_without_a_claimant_is_the_articles_own_and_first_appeared_there(session, desk):
    _, made = desk
    items = {i["claimReviewed"]: i for i in claimreview.claimreview_items(session)}
    reviewed = items[made["formula"].text]["itemReviewed"]
    assert reviewed["author"] == {"@type": "Organization", "name": "Daily Example"}
    assert reviewed["firstAppearance"] == reviewed["appearance"]
    assert "firstAppearance" not in items[made["chomage"].text]["itemReviewed"]


def test_labels_without_a_value_give_no_rating_value(session, desk):
    _, made = desk
    items = {i["claimReviewed"]: i for i in claimreview.claimreview_items(session)}
    for key, label in (("formula", "Misleading"), ("at", "Unproven")):
        assert items[made[key].text]["reviewRating"] == {"@type": "Rating", "alternateName": label,
                                                         "name": label}
    assert items[made["plus"].text]["reviewRating"]["ratingValue"] == 5


def test_the_articles_published_fact_check_url_wins_over_the_desk_template(session, desk):
    article, made = desk
    articles.update_article(session, article_id=article.id, expected_version=article.version, actor="Ana",
                            factcheck_url="https://desk.example/2026/jobs-check")
    items = claimreview.claimreview_items(session)
    assert {i["url"] for i in items} == {f"https://desk.example/2026/jobs-check#claim-{c.id}"
                                         for k, c in made.items() if k != "draft"}
    articles.update_article(session, article_id=article.id, expected_version=article.version, actor="Ana",
                            factcheck_url="")
    assert article.factcheck_url is None
    with pytest.raises(InvalidInput, match="fact-check URL"):
        articles.update_article(session, article_id=article.id, expected_version=article.version,
                                actor="Ana", factcheck_url="javascript:alert(1)")


def test_without_an_address_for_the_reviews_the_export_refuses_and_says_what_to_set(session, desk,
                                                                                     monkeypatch):
    monkeypatch.delenv(claimreview.FACTCHECK_URL_ENV)
    with pytest.raises(PublishingRefused) as refused:
        claimreview.export_claimreview(session)
    assert "WORKBENCH_FACTCHECK_URL" in str(refused.value) and "set-url" in str(refused.value)
    assert "Café" in str(refused.value)


@pytest.mark.parametrize("template, problem", [
    ("https://desk.example/{article}", "{article_id} and {claim_id} only"),
    ("desk.example/{claim_id}", "web address"),
    ("https://desk.example/{claim_id", "malformed"),
])
def test_a_bad_template_is_refused_with_what_is_wrong(template, problem):
    with pytest.raises(InvalidInput, match=problem.replace("{", r"\{").replace("}", r"\}")):
        claimreview.desk_settings(factcheck_url=template)


def test_the_desk_name_comes_from_the_environment_else_a_stock_name(session, desk, monkeypatch):
    monkeypatch.setenv(claimreview.DESK_NAME_ENV, "Env Desk")
    assert claimreview.claimreview_items(session)[0]["author"]["name"] == "Env Desk"
    monkeypatch.delenv(claimreview.DESK_NAME_ENV)
    monkeypatch.delenv(claimreview.DESK_URL_ENV)
    assert claimreview.claimreview_items(session)[0]["author"] == {"@type": "Organization",
                                                                   "name": "Claim Workbench desk"}


def test_export_claimreview_is_a_json_array(session, desk):
    article, made = desk
    assert json.loads(claimreview.export_claimreview(session, article_id=article.id + 99)) == []
    text = claimreview.export_claimreview(session, claim_ids=[made["chomage"].id])
    assert len(json.loads(text)) == 1
    assert "chômage" in text, "non-ASCII is written as is"


def test_a_page_embedding_the_items_yields_the_same_items_through_extruct(session, desk):
    items = claimreview.claimreview_items(session)
    items[0]["claimReviewed"] = "</script><script>alert(1)</script> & <b>"
    page = ("<!doctype html><html><head><title>Reviews</title>"
            + "".join(claimreview.script_tag(item) for item in items) + "</head><body></body></html>")
    assert page.count("<script") == len(items)
    found = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    assert found == items
