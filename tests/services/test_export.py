"""Exports: the claims CSV and ClaimReview JSON-LD."""
from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

import pandas as pd

from workbench.transfer import claimreview, csv_export

from desk_data import CHECKER, EDITOR, RATIONALE, make_article, make_claim


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])


# --- CSV ---------------------------------------------------------------------------------------

def test_csv_has_the_documented_columns_in_order(session, desk):
    frame = read_csv(csv_export.export_claims_csv(session))
    assert list(frame.columns) == [
        "article_title", "article_url", "claim_id", "claim", "quote", "start", "end", "claimant",
        "claim_type", "status", "verdict", "rating_value", "rationale", "citation_count",
        "citation_urls", "reviewer", "reviewed_at", "approver", "approved_at", "orphaned"]
    assert list(frame.columns) == csv_export.CSV_COLUMNS


def test_csv_exports_only_checked_and_approved_claims_by_default(session, desk):
    _, made = desk
    default = read_csv(csv_export.export_claims_csv(session))
    assert set(default["status"]) == {"checked", "approved"}
    assert made["draft"].id not in set(default["claim_id"])
    assert len(default) == 5
    everything = read_csv(csv_export.export_claims_csv(session, include_all=True))
    assert len(everything) == 6
    assert everything.loc[everything["claim_id"] == made["draft"].id, "status"].item() == "draft"


def test_csv_rows_follow_the_reading_order_of_each_article(session, desk):
    frame = read_csv(csv_export.export_claims_csv(session, include_all=True))
    assert list(frame["start"]) == sorted(frame["start"])


def test_csv_with_non_ascii_characters(session, desk):
    article, made = desk
    data = csv_export.export_claims_csv(session)
    assert not data.startswith(b"\xef\xbb\xbf"), "plain UTF-8, no byte order mark"
    data.decode("utf-8")
    frame = read_csv(data).set_index("claim_id")
    row = frame.loc[made["chomage"].id]
    assert row["quote"] == "Le chômage a baissé de 3 %"
    assert row["claimant"] == "Zoë Müller"
    assert row["article_title"] == "Café, “quotes” and Zürich"
    assert "Łódź" in frame.loc[made["plus"].id, "claim"]


def test_csv_keeps_quotes_commas_and_newlines_through_read_csv(session, desk):
    _, made = desk
    frame = read_csv(csv_export.export_claims_csv(session)).set_index("claim_id")
    assert frame.loc[made["chomage"].id, "rationale"] == RATIONALE
    assert frame.loc[made["minus"].id, "quote"] == "'" + '-5% is the change in "real" wages, officials said, again.'


def test_export_escapes_formula_cells(session, desk):
    _, made = desk
    frame = read_csv(csv_export.export_claims_csv(session)).set_index("claim_id")
    assert frame.loc[made["formula"].id, "claim"] == "'=SUM(A1:A9) is what the spreadsheet said about the budget."
    assert frame.loc[made["minus"].id, "claim"].startswith("'-5%")
    assert frame.loc[made["at"].id, "quote"].startswith("'@handle")
    assert frame.loc[made["plus"].id, "claim"].startswith("'+12")
    assert frame.loc[made["plus"].id, "rationale"] == "'+1 from the mayor's office\tconfirmed"
    # A cell is neutralised only at its start; text elsewhere is untouched.
    assert frame.loc[made["chomage"].id, "claim"] == "Le chômage a baissé de 3 %"


def test_export_escapes_cells_starting_with_tab_or_carriage_return():
    # The services trim what reviewers type, so such cells come only from other sources.
    frame = pd.DataFrame({"claim": ["\tx", "\rx", "ok", "a=b", None], "start": [1, 2, 3, 4, 5]})
    out = csv_export.neutralise_formulas(frame, ["claim"])
    assert out["claim"].tolist()[:4] == ["'\tx", "'\rx", "ok", "a=b"]
    assert pd.isna(out["claim"].iloc[4])
    assert out["start"].tolist() == [1, 2, 3, 4, 5]
    assert frame["claim"].iloc[0] == "\tx", "the input frame is left as it was"


def test_csv_numbers_stay_numbers(session, desk):
    _, made = desk
    data = csv_export.export_claims_csv(session)
    frame = read_csv(data).set_index("claim_id")
    for name in ("start", "end", "citation_count"):
        assert pd.api.types.is_integer_dtype(frame[name]), name
    assert frame.loc[made["chomage"].id, "rating_value"] == 2
    assert pd.isna(frame.loc[made["formula"].id, "rating_value"]), "Misleading has no value"
    text = data.decode()
    assert f'",{made["minus"].id},"' in text and f'"{made["minus"].id}"' not in text, \
        "ids are written as bare numbers, not quoted text"


def test_csv_lists_citation_urls_space_separated_in_the_order_they_were_added(session, desk):
    _, made = desk
    frame = read_csv(csv_export.export_claims_csv(session, include_all=True)).set_index("claim_id")
    assert frame.loc[made["minus"].id, "citation_urls"] == (
        "https://a.example/1 https://b.example/2 https://c.example/3")
    assert frame.loc[made["minus"].id, "citation_count"] == 3
    assert frame.loc[made["draft"].id, "citation_count"] == 0
    assert pd.isna(frame.loc[made["draft"].id, "citation_urls"])


def test_csv_names_reviewer_and_approver_with_utc_times(session, desk):
    _, made = desk
    frame = read_csv(csv_export.export_claims_csv(session)).set_index("claim_id")
    row = frame.loc[made["chomage"].id]
    assert (row["reviewer"], row["approver"]) == (CHECKER, EDITOR)
    reviewed = datetime.fromisoformat(row["reviewed_at"])
    assert row["reviewed_at"].endswith("Z") and reviewed.tzinfo is not None
    assert abs(reviewed - made["chomage"].verdict_at) < timedelta(seconds=1)
    assert pd.isna(frame.loc[made["formula"].id, "approved_at"]), "checked, not approved yet"


def test_csv_filters_by_article_status_verdict_claimant_and_review_date(session, desk):
    article, made = desk
    other = make_article(session, "Another text says 7 in 10 people agree.\n", title="Other", url=None)
    make_claim(session, other, "Another text says 7 in 10 people agree.", approve=True)
    session.commit()

    def ids(**filters):
        return set(csv_export.claims_frame(session, **filters)["claim_id"])

    assert len(ids()) == 6
    assert ids(article_id=article.id) == {c.id for k, c in made.items() if k != "draft"}
    assert ids(statuses=["approved"], article_id=article.id) == {made["chomage"].id, made["minus"].id,
                                                                  made["at"].id}
    assert ids(statuses=["draft"]) == {made["draft"].id}
    assert ids(verdicts=["misleading", "Unproven"]) == {made["formula"].id, made["at"].id}
    assert ids(claimant="zoë") == {made["chomage"].id}
    assert ids(claimant="100%_") == set(), "LIKE wildcards in the name are taken literally"
    today = datetime.now(timezone.utc).date()
    assert len(ids(date_from=today, date_to=today)) == 6
    assert ids(date_to=today - timedelta(days=1)) == set()
    assert ids(date_from=today + timedelta(days=1)) == set()


def test_claims_frame_types_suit_the_app(session, desk):
    frame = csv_export.claims_frame(session)
    assert str(frame["reviewed_at"].dtype).startswith("datetime64")
    assert str(frame["reviewed_at"].dt.tz) == "UTC"
    assert str(frame["rating_value"].dtype) == "Int64"
    assert list(frame.columns) == csv_export.CSV_COLUMNS


def test_csv_of_an_empty_database_has_just_the_header(session):
    data = csv_export.export_claims_csv(session)
    assert data.decode().splitlines() == [",".join(f'"{c}"' for c in csv_export.CSV_COLUMNS)]
    assert csv_export.claims_frame(session).empty


def test_claimreview_has_every_field_google_requires_and_recommends(session, desk):
    _, made = desk
    items = claimreview.claimreview_items(session, desk_name="Example Fact Desk", desk_url="https://desk.example")
    item = next(i for i in items if i["claimReviewed"] == made["chomage"].text)
    # Required by Google's ClaimReview guidelines.
    assert item["@context"] == "https://schema.org" and item["@type"] == "ClaimReview"
    assert item["claimReviewed"] == "Le chômage a baissé de 3 %"
    assert item["url"] == f"https://news.example.org/2026/jobs#claim-{made['chomage'].id}"
    assert item["author"] == {"@type": "Organization", "name": "Example Fact Desk",
                              "url": "https://desk.example"}
    assert item["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false",
                                    "ratingValue": 2, "bestRating": 5, "worstRating": 1}
    # Recommended.
    assert item["datePublished"] == made["chomage"].approved_at.date().isoformat()
    reviewed = item["itemReviewed"]
    assert reviewed["@type"] == "Claim"
    assert reviewed["author"] == {"@type": "Person", "name": "Zoë Müller"}
    assert reviewed["appearance"] == {"@type": "CreativeWork", "headline": "Café, “quotes” and Zürich",
                                      "url": "https://news.example.org/2026/jobs",
                                      "datePublished": "2026-03-01"}
    assert reviewed["datePublished"] == "2026-03-01"


def test_claimreview_gives_no_rating_value_for_misleading_or_unproven(session, desk):
    _, made = desk
    items = {i["claimReviewed"]: i for i in claimreview.claimreview_items(session, desk_name="D")}
    for key, label in (("formula", "Misleading"), ("at", "Unproven")):
        rating = items[made[key].text]["reviewRating"]
        assert rating == {"@type": "Rating", "alternateName": label}
    assert items[made["plus"].text]["reviewRating"]["ratingValue"] == 5


def test_claimreview_covers_only_checked_and_approved_claims(session, desk):
    _, made = desk
    items = claimreview.claimreview_items(session, desk_name="D")
    assert {i["claimReviewed"] for i in items} == {c.text for k, c in made.items() if k != "draft"}
    checked = next(i for i in items if i["claimReviewed"] == made["formula"].text)
    assert checked["datePublished"] == made["formula"].verdict_at.date().isoformat()


def test_claimreview_url_uses_the_desk_url_when_the_article_has_none(session):
    article = make_article(session, "The river is 300 km long, they said.\n", url=None, publisher=None,
                           author="Jo Writer", published=None)
    claim = make_claim(session, article, "The river is 300 km long, they said.")
    session.commit()
    [item] = claimreview.claimreview_items(session, desk_name="D", desk_url="https://desk.example/reviews")
    assert item["url"] == f"https://desk.example/reviews#claim-{claim.id}"
    assert item["itemReviewed"]["author"] == {"@type": "Person", "name": "Jo Writer"}
    assert item["itemReviewed"]["appearance"] == {"@type": "CreativeWork", "headline": article.title}
    assert "datePublished" not in item["itemReviewed"]
    [bare] = claimreview.claimreview_items(session, desk_name="D")
    assert "url" not in bare, "no invented URL when neither the article nor the desk has one"


def test_claimreview_claim_without_claimant_is_the_publishers(session, desk):
    _, made = desk
    items = {i["claimReviewed"]: i for i in claimreview.claimreview_items(session, desk_name="D")}
    assert items[made["formula"].text]["itemReviewed"]["author"] == {"@type": "Organization",
                                                                    "name": "Daily Example"}


def test_claimreview_author_defaults_to_the_desk_named_in_the_environment(session, desk, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DESK_NAME", "Env Desk")
    assert claimreview.claimreview_items(session)[0]["author"] == {"@type": "Organization", "name": "Env Desk"}
    assert claimreview.default_desk_name() == "Env Desk"
    monkeypatch.delenv("WORKBENCH_DESK_NAME")
    assert claimreview.claimreview_items(session)[0]["author"]["name"] == "Claim Workbench desk"
    assert claimreview.default_desk_name() == "Claim Workbench desk"


def test_export_claimreview_is_a_json_array(session, desk):
    article, made = desk
    assert json.loads(claimreview.export_claimreview(session, desk_name="D", article_id=article.id + 99)) == []
    text = claimreview.export_claimreview(session, desk_name="D", claim_ids=[made["chomage"].id])
    parsed = json.loads(text)
    assert isinstance(parsed, list) and len(parsed) == 1
    assert "chômage" in text, "non-ASCII is written as is"


def test_the_csv_marks_an_orphaned_claim_in_its_last_column(session):
    from workbench import articles, claims
    from workbench.ingest import from_text
    body = "Prices rose by 12% in a year. Wages did not follow."
    article = articles.import_document(session, doc=from_text(body, title="Prices"), actor="rita")
    lost = claims.create_claim(session, article_id=article.id, start=0, end=29, actor="rita")
    kept = claims.create_claim(session, article_id=article.id, start=30, end=len(body), actor="rita")
    articles.correct_body(session, article_id=article.id, new_body="Bread is dearer. Wages did not follow.",
                          expected_version=article.version, actor="rita")
    frame = csv_export.claims_frame(session, include_all=True)
    assert csv_export.CSV_COLUMNS[-1] == "orphaned"
    assert dict(zip(frame["claim_id"], frame["orphaned"])) == {lost.id: True, kept.id: False}
