"""The export page (workbench/ui/views/export.py), driven with Streamlit's AppTest."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from db.engine import get_engine, session_scope
from db.tables import Article
from workbench import articles, citations, claims, ingest, review
from workbench.transfer import backup, claimreview, csv_export
from ui_helpers import run_page, texts

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "workbench" / "ui" / "views" / "export.py")
DEMO = ROOT / "workbench" / "data" / "ketamine-therapy.txt"


@pytest.fixture(autouse=True)
def no_desk_name(monkeypatch):
    """The desk name is not taken from the environment the tests run in."""
    monkeypatch.delenv(claimreview.DESK_NAME_ENV, raising=False)


def seed(url: str) -> dict[str, int]:
    """The demo article with an approved claim (False), a checked one (True, claimant Stewart), a
    draft; and a second article with one claim in review."""
    with session_scope(get_engine(url)) as session:
        demo = articles.import_document(session, doc=ingest.from_file(DEMO.name, DEMO.read_bytes()),
                                        actor="demo")
        other = articles.import_document(session, doc=ingest.from_text("Prices rose by 12% in a year.",
                                                                       title="Prices"), actor="demo")
        made = [claims.create_claim_from_sentence(session, article_id=demo.id, sentence_index=i,
                                                  actor="Ana", claimant=c)
                for i, c in ((1, None), (2, "Stewart"), (3, None))]
        waiting = claims.create_claim_from_sentence(session, article_id=other.id, sentence_index=0,
                                                    actor="Ana")
        session.flush()
        for claim, label in ((made[0], "False"), (made[1], "True")):
            review.set_verdict(session, claim_id=claim.id, rating=label, rationale="See the source.",
                               expected_version=claim.version, actor="Ana")
            citations.add_citation(session, claim_id=claim.id, url="https://example.org/a", actor="Ana")
            review.mark_checked(session, claim_id=claim.id, expected_version=claim.version, actor="Ana")
        review.approve(session, claim_id=made[0].id, expected_version=made[0].version, actor="Ben")
        review.submit(session, claim_id=waiting.id, expected_version=waiting.version, actor="Ana")
        return {"demo": demo.id, "other": other.id, "approved": made[0].id, "checked": made[1].id,
                "draft": made[2].id, "in_review": waiting.id}


def page(name: str | None = "Rita") -> AppTest:
    return run_page(PAGE, name)


def preview_ids(at: AppTest) -> list[int]:
    return [int(i) for i in at.dataframe[0].value["claim_id"]] if at.dataframe else []


def test_an_empty_database_shows_a_friendly_message_and_every_download(ui_db):
    at = page()
    assert not at.exception
    assert any("No articles yet" in v for v in texts(at, "info"))
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Citations CSV", "Download ClaimReview JSON-LD", "Download JSON backup"]


def test_the_preview_shows_checked_and_approved_claims_by_default(ui_db):
    ids = seed(ui_db)
    at = page()
    assert not at.exception
    assert preview_ids(at) == [ids["approved"], ids["checked"]]
    assert at.multiselect(key="export.statuses").value == ["checked", "approved"]
    captions = " ".join(texts(at, "caption"))
    assert "2 of the preview" in captions  # both have a verdict, so both go into ClaimReview


def test_the_status_filter_changes_the_preview(ui_db):
    ids = seed(ui_db)
    at = page()
    at.multiselect(key="export.statuses").set_value(["in review"]).run()
    assert preview_ids(at) == [ids["in_review"]]
    at.multiselect(key="export.statuses").set_value([]).run()  # empty: any status
    assert sorted(preview_ids(at)) == sorted(ids[k] for k in ("approved", "checked", "draft", "in_review"))
    assert "0 of the preview" not in " ".join(texts(at, "caption"))


def test_article_verdict_and_claimant_filters_narrow_the_preview(ui_db):
    ids = seed(ui_db)
    at = page()
    at.multiselect(key="export.verdicts").set_value(["False"]).run()
    assert preview_ids(at) == [ids["approved"]]
    at.multiselect(key="export.verdicts").set_value([]).run()
    at.text_input(key="export.claimant").input("stew").run()
    assert preview_ids(at) == [ids["checked"]]
    at.text_input(key="export.claimant").input("").run()
    at.multiselect(key="export.statuses").set_value([]).run()
    at.selectbox(key="export.article").set_value(ids["other"]).run()
    assert preview_ids(at) == [ids["in_review"]]
    assert not at.exception


def test_a_date_range_without_reviews_says_no_claim_matches(ui_db):
    seed(ui_db)
    at = page()
    tomorrow = date.today() + timedelta(days=2)
    at.date_input(key="export.date_from").set_value(tomorrow).run()
    assert not at.dataframe
    assert any("No claim matches these filters" in v for v in texts(at, "info"))
    at.date_input(key="export.date_to").set_value(tomorrow - timedelta(days=5)).run()
    assert any("after" in v for v in texts(at, "warning"))


def test_the_desk_name_defaults_to_the_environment(ui_db, monkeypatch):
    monkeypatch.setenv(claimreview.DESK_NAME_ENV, "Health Desk")
    at = page()
    assert at.text_input(key="export.desk_name").value == "Health Desk"


def test_the_desk_name_falls_back_to_the_default(ui_db):
    assert page().text_input(key="export.desk_name").value == "Claim Workbench desk"


def test_a_file_that_is_not_json_is_refused_with_a_message(ui_db):
    at = page()
    at.file_uploader(key="export.restore_file").set_value(("backup.json", b"\x00\xff not json",
                                                            "application/json"))
    at.run()
    at.button(key="export.restore").click().run()
    assert not at.exception
    assert any("is not a JSON backup" in v for v in texts(at, "error"))


def _backup_of_seeded_database(tmp_path) -> bytes:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    seed(source)
    with session_scope(get_engine(source)) as session:
        return json.dumps(backup.export_backup(session, article_ids=None), default=str).encode("utf-8")


def test_restoring_a_backup_adds_its_articles(ui_db, tmp_path):
    data = _backup_of_seeded_database(tmp_path)
    at = page()
    at.file_uploader(key="export.restore_file").set_value(("backup.json", data, "application/json"))
    at.run()
    at.button(key="export.restore").click().run()
    assert not at.exception and not at.error
    assert any("Backup restored Imported 2 article" in v for v in texts(at, "success"))
    assert len(preview_ids(at)) == 2  # the preview already shows the restored claims
    with session_scope(get_engine(ui_db)) as session:
        assert session.exec(select(func.count()).select_from(Article)).one() == 2


def test_restoring_needs_a_reviewer_name(ui_db, tmp_path):
    data = _backup_of_seeded_database(tmp_path)
    at = page(name=None)
    at.file_uploader(key="export.restore_file").set_value(("backup.json", data, "application/json"))
    at.run()
    at.button(key="export.restore").click().run()
    assert any("Type your name" in v for v in texts(at, "error"))
    with session_scope(get_engine(ui_db)) as session:
        assert session.exec(select(func.count()).select_from(Article)).one() == 0


# --- publishing --------------------------------------------------------------------------------

def test_without_a_fact_check_address_claimreview_is_refused_with_what_to_set(ui_db, monkeypatch):
    monkeypatch.delenv(claimreview.FACTCHECK_URL_ENV, raising=False)
    seed(ui_db)
    at = page()
    assert not at.exception
    assert any("WORKBENCH_FACTCHECK_URL" in w.replace("\\", "") for w in texts(at, "warning"))
    at.text_input(key="export.factcheck_url").input("https://desk.example/checks/{article_id}#claim-{claim_id}").run()
    assert not any("WORKBENCH_FACTCHECK_URL" in w.replace("\\", "") for w in texts(at, "warning"))


def test_a_bad_fact_check_template_is_explained(ui_db):
    seed(ui_db)
    at = page()
    at.text_input(key="export.factcheck_url").input("https://desk.example/{slug}").run()
    assert any("{article_id} and {claim_id} only" in e.replace("\\", "") for e in texts(at, "error"))


def test_the_report_of_the_chosen_article_is_previewed_with_its_checked_claims(ui_db, monkeypatch):
    monkeypatch.setenv(claimreview.FACTCHECK_URL_ENV, "https://desk.example/{article_id}#c{claim_id}")
    ids = seed(ui_db)
    at = page()
    at.selectbox(key="export.article").set_value(ids["demo"]).run()
    at.radio(key="export.report_format").set_value("md").run()
    assert not at.exception
    [code] = [c.value for c in at.code if "Stewart" in c.value or "True" in c.value][:1] or [""]
    assert "Ketamine Therapy" in code and "False" in code and "True" in code


def test_an_article_gets_its_own_published_address(ui_db):
    ids = seed(ui_db)
    at = page()
    at.selectbox(key="export.article").set_value(ids["demo"]).run()
    [box] = [t for t in at.text_input if t.key and t.key.startswith("export.article_factcheck.")]
    box.input("https://desk.example/ketamine").run()
    at.button(key="export.article_factcheck.save").click().run()
    assert not at.exception
    with session_scope(get_engine(ui_db)) as session:
        assert articles.get_article(session, ids["demo"]).factcheck_url == "https://desk.example/ketamine"
