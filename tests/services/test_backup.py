"""The JSON backup of whole articles and its import into another database."""
from __future__ import annotations

import copy
import json
import shutil

import pytest
from sqlmodel import Session, select

from db.engine import make_engine
from db.tables import Article, AuditEvent
from desk_data import BODY, CHECKER, EDITOR, make_article
from workbench import articles, audit, citations, claims, external, review
from workbench import desk as desk_work
from workbench.ingest import from_text
from workbench.transfer import backup
from workbench.errors import ImportRefused, InvalidInput


@pytest.fixture
def other_session(engine, tmp_path, sqlite_template, request):
    """A second fresh database on the same backend as `session`."""
    if engine.dialect.name == "sqlite":
        path = tmp_path / "other.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_server").fresh_database()
    other = make_engine(url)
    with Session(other, expire_on_commit=False) as s:
        yield s
    other.dispose()


@pytest.fixture
def history(session, desk):
    """The desk after a life of edits: corrections, a split, a merge, deletions, a reopen, a new label."""
    article, made = desk
    articles.update_article(session, article_id=article.id, expected_version=article.version,
                            actor=EDITOR, title="Café, “quotes” and Zürich (corrected)")
    articles.correct_body(session, article_id=article.id, new_body=BODY + "Correction appended.\n",
                          expected_version=article.version, actor=EDITOR, note="typo")
    draft = made["draft"]
    first, second = claims.split_claim(session, claim_id=draft.id, at=draft.start + 13,
                                       expected_version=draft.version, actor=CHECKER)
    claims.merge_claims(session, first_id=first.id, first_version=first.version, second_id=second.id,
                        second_version=second.version, actor=CHECKER)
    doomed = claims.create_claim_from_quote(session, article_id=article.id, quote="Correction appended.",
                                            actor=CHECKER)
    claims.delete_claim(session, claim_id=doomed.id, expected_version=doomed.version, actor=CHECKER)
    plus = made["plus"]
    plus = review.reopen(session, claim_id=plus.id, expected_version=plus.version, actor=EDITOR)
    extra = citations.add_citation(session, claim_id=plus.id, actor=CHECKER, url="https://x.example/gone")
    citations.remove_citation(session, citation_id=extra.id, actor=CHECKER)
    review.add_rating(session, label="Satire", alternate_name="Satire (not a factual claim)", actor=EDITOR)
    plus = review.set_verdict(session, claim_id=plus.id, rating="Satire", rationale="It is a joke.",
                              expected_version=plus.version, actor=CHECKER)
    claims.update_claim(session, claim_id=plus.id, expected_version=plus.version, actor=CHECKER,
                        claimant="Łódź City Council", claimant_kind="Organization")
    articles.update_article(session, article_id=article.id, expected_version=article.version, actor=EDITOR,
                            factcheck_url="https://desk.example/checks/jobs")
    desk_work.add_note(session, claim_id=plus.id, body="Asked the council's press office; no answer yet.",
                       actor=CHECKER)
    desk_work.add_note(session, claim_id=plus.id, body="They confirmed: it was satire.", actor=EDITOR)
    external.import_claimreviews(session, source="other.jsonld", actor=EDITOR, items=[{
        "@type": "ClaimReview", "url": "https://other.example/1", "claimReviewed": "Clinics opened in Łódź",
        "author": {"name": "Other Desk"}, "reviewRating": {"alternateName": "True", "ratingValue": 5},
        "datePublished": "2025-01-02"}])
    session.commit()
    return article


def without_ids(value, dropped=("id", "article_id", "claim_id", "entity_id", "rating_id", "merged_into",
                                "orphaned_claims", "exported_at")):
    if isinstance(value, dict):
        return {k: without_ids(v, dropped) for k, v in value.items() if k not in dropped}
    if isinstance(value, list):
        return [without_ids(v, dropped) for v in value]
    return value


def test_backup_is_json_serialisable_with_a_format_header(session, history):
    data = backup.export_backup(session)
    assert (data["format"], data["version"]) == ("claim-workbench-backup", 1)
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    [article] = data["articles"]
    assert [r["revision"] for r in article["revisions"]] == [1, 2]
    assert {r["label"] for r in data["ratings"]} == {"Mostly false", "Misleading", "True", "Unproven",
                                                   "False", "Satire"}
    assert data["counts"]["claims"] == len(article["claims"]) == 6
    assert any(e["action"] == "merge" for e in article["history"])


def test_backup_round_trip_loses_nothing(session, other_session, history):
    before = backup.export_backup(session)
    report = backup.import_backup(other_session, copy.deepcopy(before), actor="Importer")
    other_session.commit()
    after = backup.export_backup(other_session)

    imported = [e for a in after["articles"] for e in a["history"] if e["action"] == "import"]
    assert [e["actor"] for e in imported] == ["Importer"]
    for article in after["articles"]:
        article["history"] = [e for e in article["history"] if e["action"] != "import"]
    after["counts"]["history"] -= 1
    assert without_ids(after) == without_ids(before)
    assert report.ratings_created == ["Satire"]
    # The publishing fields and tables travel too.
    [article] = after["articles"]
    assert article["factcheck_url"] == "https://desk.example/checks/jobs"
    assert {c["claimant_kind"] for c in article["claims"]} == {None, "Organization"}
    fetches = [a for c in article["claims"] for x in c["citations"] for a in x["archives"]]
    assert len(fetches) == after["counts"]["source_archives"] == report.source_archives > 0
    assert {a["outcome"] for a in fetches} == {"failed"} and all(a["error"] for a in fetches)
    assert [(r["publisher"], r["rating"], r["date_published"]) for r in after["external_reviews"]] == [
        ("Other Desk", "True", "2025-01-02")]
    assert report.external_reviews == 1
    assert (len(report.articles), len(report.claims), report.skipped) == (1, 6, [])
    # Notes travel with their claim, in order, with their authors and times.
    thread = [n for c in article["claims"] for n in c["notes"]]
    assert [(n["author"], n["body"][:4]) for n in thread] == [(CHECKER, "Aske"), (EDITOR, "They")]
    assert report.notes == after["counts"]["notes"] == 2 and "2 note(s)" in report.summary()


def test_backup_import_remaps_history_to_the_new_ids(session, other_session, history):
    before = backup.export_backup(session)
    report = backup.import_backup(other_session, before, actor="Importer")
    other_session.commit()
    for old_id, new_id in report.claims.items():
        old = audit.claim_history(session, old_id)
        new = audit.claim_history(other_session, new_id)
        assert [(e.actor, e.action, e.at, e.version) for e in old] == [
            (e.actor, e.action, e.at, e.version) for e in new]
        assert all(e.entity_id == new_id for e in new if e.entity in ("claim", "verdict"))
        created = next(e for e in new if e.action == "create" and e.entity == "claim")
        assert created.changes["id"] == [None, new_id]
        assert created.changes["article_id"] == [None, report.articles[history.id]]
    satire = review.find_rating(other_session, "Satire")
    verdicts = [e for e in audit.article_history(other_session, report.articles[history.id])
                if e.entity == "verdict" and "Satire" in str(e.changes.get("verdict"))]
    assert verdicts and verdicts[0].changes["rating_id"][1] == satire.id


def test_backup_gives_deleted_records_negative_ids_in_the_history(session, other_session, history):
    before = backup.export_backup(session)
    deleted = [e for e in before["articles"][0]["history"] if e["action"] == "delete"]
    report = backup.import_backup(other_session, before, actor="Importer")
    other_session.commit()
    events = other_session.exec(select(AuditEvent).where(AuditEvent.action == "delete")).all()
    assert sorted(e.entity_id for e in events) == sorted(-e["entity_id"] for e in deleted)
    merged = next(e for e in events if "merged_into" in e.changes)
    assert merged.changes["merged_into"][1] in report.claims.values()


def test_backup_import_keeps_people_times_versions_and_statuses(session, other_session, history):
    report = backup.import_backup(other_session, backup.export_backup(session), actor="Importer")
    other_session.commit()
    for old_id, new_id in report.claims.items():
        old, new = claims.get_claim(session, old_id), claims.get_claim(other_session, new_id)
        for name in ("status", "version", "created_by", "created_at", "verdict_by", "verdict_at",
                     "approved_by", "approved_at", "text", "quote", "start", "end", "rationale"):
            assert getattr(new, name) == getattr(old, name), name
        assert review.verdict_label(other_session, new) == review.verdict_label(session, old)
    article = articles.get_article(other_session, report.articles[history.id])
    assert (article.version, article.revision, article.updated_by) == (history.version, 2, EDITOR)


def test_backup_import_skips_an_article_already_present_and_reports_it(session, other_session, history):
    first = backup.import_backup(other_session, backup.export_backup(session), actor="Importer")
    other_session.commit()
    again = backup.import_backup(other_session, backup.export_backup(session), actor="Importer")
    assert again.articles == {} and again.claims == {}
    assert again.skipped == [backup.SkippedArticle(history.id, history.title,
                                                   first.articles[history.id])]
    assert "already here" in again.summary()
    assert len(other_session.exec(select(Article)).all()) == 1


def test_backup_of_chosen_articles_only(session, desk):
    article, _ = desk
    other = make_article(session, "A different text with 9 facts.\n", title="Other")
    session.commit()
    data = backup.export_backup(session, article_ids=[other.id])
    assert [a["id"] for a in data["articles"]] == [other.id]
    assert data["ratings"] == [] and data["counts"]["claims"] == 0
    assert backup.export_backup(session, article_ids=[])["articles"] == []


def test_load_backup_refuses_a_truncated_file(session, desk):
    text = json.dumps(backup.export_backup(session))
    with pytest.raises(ImportRefused, match="truncated"):
        backup.load_backup(text[: len(text) // 2])
    with pytest.raises(ImportRefused, match="not UTF-8"):
        backup.load_backup(b"\xff\xfe\x00garbage")
    with pytest.raises(ImportRefused, match="JSON object"):
        backup.load_backup("[1, 2]")
    assert backup.load_backup(text.encode())["format"] == "claim-workbench-backup"


def _drop_claims(data):
    data["articles"][0]["claims"].pop()


@pytest.mark.parametrize("damage, message", [
    (lambda d: d.update(format="something-else"), "not a Claim Workbench backup"),
    (lambda d: d.update(version=99), "newer workbench"),
    (lambda d: d.pop("articles"), "no list of articles"),
    (lambda d: d.pop("counts"), "no counts"),
    (_drop_claims, "promises 6 claims but it holds 5"),
    (lambda d: d["articles"][0]["claims"][1].update(id=d["articles"][0]["claims"][0]["id"]),
     "the same claim twice"),
])
def test_backup_import_refuses_a_damaged_file_and_writes_nothing(session, other_session, desk, damage,
                                                                 message):
    data = backup.export_backup(session)
    damage(data)
    with pytest.raises(ImportRefused, match=message):
        backup.import_backup(other_session, data, actor="Importer")
    assert other_session.exec(select(Article)).all() == []
    assert other_session.exec(select(AuditEvent)).all() == []


def _restore_with_one_damaged(session, other_session, damage):
    """Export the desk's article and a second one, damage the first, restore: the report."""
    articles.import_document(session, doc=from_text("Prices rose by 12% in a year.", title="Prices"), actor=CHECKER)
    session.commit()
    data = backup.export_backup(session)
    damage(data)
    return backup.import_backup(other_session, data, actor="Importer")


@pytest.mark.parametrize("damage, message", [
    (lambda d: d["articles"][0].pop("body"), "has no “body”"),
    (lambda d: d["articles"][0].update(body=d["articles"][0]["body"] + "x"), "checksum"),
    (lambda d: d["articles"][0]["claims"][0].update(created_at="yesterday"), "not a date"),
    (lambda d: d["articles"][0]["claims"][0].update(status="published"), "“status” is 'published'"),
    (lambda d: d["articles"][0]["claims"][0].update(start="ten"), "should be int"),
    (lambda d: d["articles"][0]["claims"][0].update(start=2**70), "out of range"),
    (lambda d: d["articles"][0]["claims"][0]["citations"][0].pop("url"), "has no “url”"),
    (lambda d: d["articles"][0]["history"][0].update(changes=None), "is empty"),
    (lambda d: d["ratings"].clear(), "missing from the backup's rating scale"),
    (lambda d: d["articles"][0]["claims"][0].update(start=10_000, end=10_010), "outside the article text"),
    (lambda d: d["articles"][0]["claims"][0].update(claimant="x" * 301), "limit is 300"),
])
def test_a_damaged_article_is_refused_and_reported_and_the_rest_restored(session, other_session, desk,
                                                                         damage, message):
    report = _restore_with_one_damaged(session, other_session, damage)
    [refused] = report.refused
    assert message in refused.reason and refused.index == 1
    assert [a.title for a in other_session.exec(select(Article))] == ["Prices"]
    assert "Refused:" in report.summary()


def test_backup_import_needs_an_actor(session, other_session, desk):
    with pytest.raises(InvalidInput):
        backup.import_backup(other_session, backup.export_backup(session), actor=" ")


def _approve_own_verdict(data):
    claim = next(c for c in data["articles"][0]["claims"] if c["status"] == "approved")
    claim["approved_by"] = claim["verdict_by"].upper()


@pytest.mark.parametrize("damage, message", [
    (lambda d: d["articles"][0].update(source_url="javascript:alert(1)"), "not a web address"),
    (lambda d: d["articles"][0]["claims"][0]["citations"][0].update(url="javascript:alert(1)"),
     "not a web address"),
    (lambda d: d["articles"][0]["claims"][0]["citations"][0].update(published="2999-01-01"), "in the future"),
    (_approve_own_verdict, "approval must come from someone else"),
    (lambda d: d["articles"][0]["claims"][0].update(end=d["articles"][0]["claims"][0]["start"]),
     "outside the article text"),
], ids=["article URL", "citation URL", "future date", "self-approval", "empty span"])
def test_backup_import_refuses_what_the_services_refuse(session, other_session, desk, damage, message):
    report = _restore_with_one_damaged(session, other_session, damage)
    [refused] = report.refused
    assert message in refused.reason
    assert [a.title for a in other_session.exec(select(Article))] == ["Prices"]


def test_control_characters_in_a_backup_are_stored_as_every_write_stores_them(session, other_session, desk):
    data = backup.export_backup(session)
    data["articles"][0]["title"] = "Jobs\x1b]0;PWNED\x07\x1b[2J report\x00"
    report = backup.import_backup(other_session, data, actor="Importer")
    assert report.refused == []
    [article] = other_session.exec(select(Article)).all()
    assert article.title == "Jobs]0;PWNED[2J report"


def test_a_deep_or_huge_backup_file_is_refused_before_it_is_read(monkeypatch):
    with pytest.raises(ImportRefused, match="nested far deeper"):
        backup.load_backup("[" * 100_000 + "]" * 100_000)
    monkeypatch.setattr("workbench.transfer.backup_format.MAX_BACKUP_BYTES", 1000)
    with pytest.raises(ImportRefused, match="the limit is 1,000"):
        backup.load_backup(b"{" + b" " * 2000 + b"}")


def test_backup_holding_one_text_twice_restores_it_once(session, other_session, desk):
    data = backup.export_backup(session)
    first = data["articles"][0]
    data["articles"].append(first | {"id": first["id"] + 1000, "title": "Twin", "revisions": [], "claims": [],
                                     "suggestion_decisions": [], "history": []})
    data["counts"]["articles"] += 1
    report = backup.import_backup(other_session, data, actor="Importer")
    other_session.commit()
    assert report.skipped == [backup.SkippedArticle(first["id"] + 1000, "Twin", report.articles[first["id"]])]
    assert len(other_session.exec(select(Article)).all()) == 1
