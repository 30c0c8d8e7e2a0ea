"""Exports: the claims CSV (ClaimReview: test_claimreview.py)."""
from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone

import pandas as pd

from workbench import articles, citations, claims
from workbench.transfer import csv_export

from desk_data import CHECKER, EDITOR, RATIONALE, make_article, make_claim


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])


# --- CSV ---------------------------------------------------------------------------------------

def test_csv_has_the_documented_columns_in_order(session, desk):
    frame = read_csv(csv_export.export_claims_csv(session))
    assert list(frame.columns) == [
        "article_title", "article_url", "claim_id", "claim", "quote", "start", "end", "claimant",
        "claim_type", "status", "verdict", "rating_value", "rationale", "citation_count",
        "citation_urls", "reviewer", "reviewed_at", "approver", "approved_at", "orphaned",
        "claimant_kind", "citation_titles", "citation_stances", "citation_passages", "review_url"]
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


# --- the columns added for publishing, and the citations CSV -------------------------------------

def test_csv_gives_each_citations_title_stance_and_passage_as_json_lists_in_order(session, desk):
    _, made = desk
    claim = made["minus"]
    citations.add_citation(session, claim_id=made["draft"].id, actor=CHECKER, url="https://d.example/4",
                           title='=HYPERLINK("http://evil.example")', stance="context",
                           quoted_passage='-1 line, "quoted"\nand 日本語')
    session.commit()
    frame = read_csv(csv_export.export_claims_csv(session, include_all=True)).set_index("claim_id")
    assert json.loads(frame.loc[claim.id, "citation_titles"]) == ["Table 4"] * 3
    assert json.loads(frame.loc[claim.id, "citation_stances"]) == ["refutes"] * 3
    assert json.loads(frame.loc[claim.id, "citation_passages"]) == [None] * 3
    draft = frame.loc[made["draft"].id]
    assert json.loads(draft["citation_titles"]) == ['=HYPERLINK("http://evil.example")']
    assert json.loads(draft["citation_stances"]) == ["context"]
    assert json.loads(draft["citation_passages"]) == ['-1 line, "quoted"\nand 日本語']


def test_csv_gives_the_claimant_kind_and_the_review_url(session, desk, monkeypatch):
    article, made = desk
    monkeypatch.setenv("WORKBENCH_FACTCHECK_URL", "https://desk.example/{article_id}/{claim_id}")
    claims.update_claim(session, claim_id=made["plus"].id, expected_version=made["plus"].version,
                        actor=CHECKER, claimant="Ministry of Health")
    session.commit()
    frame = read_csv(csv_export.export_claims_csv(session)).set_index("claim_id")
    assert frame.loc[made["chomage"].id, "claimant_kind"] == "Person"
    assert frame.loc[made["plus"].id, "claimant_kind"] == "Organization"
    assert pd.isna(frame.loc[made["formula"].id, "claimant_kind"])
    assert frame.loc[made["chomage"].id, "review_url"] == f"https://desk.example/{article.id}/{made['chomage'].id}"
    monkeypatch.delenv("WORKBENCH_FACTCHECK_URL")
    assert read_csv(csv_export.export_claims_csv(session))["review_url"].isna().all(), \
        "no address is invented: the CSV leaves it empty where ClaimReview would refuse"
    articles.update_article(session, article_id=article.id, expected_version=article.version, actor=CHECKER,
                            factcheck_url="https://desk.example/jobs")
    frame = read_csv(csv_export.export_claims_csv(session)).set_index("claim_id")
    assert frame.loc[made["chomage"].id, "review_url"] == f"https://desk.example/jobs#claim-{made['chomage'].id}"


def test_the_citations_csv_has_one_row_per_citation_with_its_claim_id(session, desk):
    _, made = desk
    data = csv_export.export_citations_csv(session)
    frame = read_csv(data)
    assert list(frame.columns) == csv_export.CITATION_COLUMNS
    assert len(frame) == 7, "five checked claims: one has three citations"
    minus = frame[frame["claim_id"] == made["minus"].id]
    assert list(minus["url"]) == ["https://a.example/1", "https://b.example/2", "https://c.example/3"]
    assert set(minus["stance"]) == {"refutes"} and set(minus["title"]) == {"Table 4"}
    assert set(minus["claim"]) == {"'" + made["minus"].text}, "formula cells are neutralised here too"
    assert list(frame["claim_id"]) == [c for c in read_csv(csv_export.export_claims_csv(session))["claim_id"]
                                       for _ in range(3 if c == made["minus"].id else 1)]
    assert frame["archive_status"].notna().all(), "every citation's page was fetched (or tried)"


def test_the_citations_csv_neutralises_formulas_and_round_trips_passages(session, desk):
    _, made = desk
    passage = '@SUM(1) said "this", then,\nline two 日本語'
    citations.add_citation(session, claim_id=made["draft"].id, actor=CHECKER, url="https://d.example/4",
                           title="+title", quoted_passage=passage, note="=note", publisher="-pub")
    session.commit()
    frame = read_csv(csv_export.export_citations_csv(session, include_all=True))
    row = frame[frame["claim_id"] == made["draft"].id].iloc[0]
    assert (row["title"], row["quoted_passage"], row["note"], row["publisher"]) == (
        "'+title", "'" + passage, "'=note", "'-pub")
    assert row["accessed"] == date.today().isoformat() and pd.isna(row["verdict"])


def test_the_csv_marks_an_orphaned_claim_in_a_column(session):
    from workbench import articles, claims
    from workbench.ingest import from_text
    body = "Prices rose by 12% in a year. Wages did not follow."
    article = articles.import_document(session, doc=from_text(body, title="Prices"), actor="rita")
    lost = claims.create_claim(session, article_id=article.id, start=0, end=29, actor="rita")
    kept = claims.create_claim(session, article_id=article.id, start=30, end=len(body), actor="rita")
    articles.correct_body(session, article_id=article.id, new_body="Bread is dearer. Wages did not follow.",
                          expected_version=article.version, actor="rita")
    frame = csv_export.claims_frame(session, include_all=True)
    assert "orphaned" in csv_export.CSV_COLUMNS
    assert dict(zip(frame["claim_id"], frame["orphaned"])) == {lost.id: True, kept.id: False}
