"""The workspace page in AppTest: it renders, and claims are made, edited, split, merged, deleted."""
from __future__ import annotations

from ui_helpers import keyed, DEMO_QUOTE, WORKSPACE, add_claim, article_claims, open_page, read_claim


def test_workspace_renders_on_an_empty_database(ui_db):
    at = open_page(WORKSPACE)
    assert "no article yet" in at.info[0].value


def test_workspace_renders_the_demo_article(demo_db):
    at = open_page(WORKSPACE, name=None)
    assert "Ketamine Therapy" in at.header[0].value
    assert not at.error


def test_a_selection_becomes_a_claim_with_exactly_those_offsets(demo_db):
    at = open_page(WORKSPACE, workspace__selection={"article_id": 1, "start": 124, "end": 180})
    assert DEMO_QUOTE.replace("%", "\\%") in at.markdown[-1].value or any(
        "For about 30" in m.value for m in at.markdown)
    at.text_input(key="workspace.new.claimant").set_value("Stewart")
    at.selectbox(key="workspace.new.type").set_value("statistic")
    at.button(key="workspace.new.create").click().run()
    assert not at.exception and not at.error
    [claim] = article_claims(demo_db)
    assert (claim.start, claim.end, claim.quote) == (124, 180, DEMO_QUOTE)
    assert (claim.claimant, claim.claim_type, claim.created_by) == ("Stewart", "statistic", "rita")
    assert at.session_state["workspace.claim_id"] == claim.id
    assert "workspace.selection" not in at.session_state


def test_no_claim_is_made_without_a_reviewer_name(demo_db):
    at = open_page(WORKSPACE, name=None, workspace__selection={"article_id": 1, "start": 124, "end": 180})
    at.button(key="workspace.new.create").click().run()
    assert "Type your name" in at.error[0].value
    assert article_claims(demo_db) == []


def test_the_sentence_picker_makes_a_claim_of_a_whole_sentence(demo_db):
    at = open_page(WORKSPACE)
    assert not [s for s in at.selectbox if s.key == "workspace.sentence"]  # built only when open
    at.session_state["workspace.sentence_box"] = True
    at.run()
    picker = at.selectbox(key="workspace.sentence")
    index = next(i for i in picker.options if "70%" in i)
    picker.select(index).run()
    at.button(key="workspace.new.create").click().run()
    [claim] = article_claims(demo_db)
    assert claim.quote.startswith("For both Winograd") and claim.quote.endswith("than.")


def test_editing_a_claim_saves_wording_claimant_and_type(demo_db):
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    keyed(at.text_area, f"workspace.edit.text.{cid}.").input("About 30% never come back")
    keyed(at.text_input, f"workspace.edit.claimant.{cid}.").input("Stewart")
    keyed(at.selectbox, f"workspace.edit.claim_type.{cid}.").set_value("statistic")
    at.button(key=f"FormSubmitter:workspace.edit.{cid}-Save changes").click().run()
    assert not at.error
    claim = read_claim(demo_db, cid)
    assert (claim.text, claim.claimant, claim.claim_type) == ("About 30% never come back", "Stewart",
                                                               "statistic")


def test_splitting_a_claim_makes_two(demo_db):
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    word = DEMO_QUOTE.index("that")
    # what the component reports when the reviewer clicks inside "that" (its second letter)
    at.session_state[f"workspace.split_text.{cid}.v1"] = {
        "selection": {"start": word + 1, "end": word + 1, "text": "", "how": "click", "seq": 1}}
    at.run()
    at.button(key=f"workspace.split.{cid}").click().run()
    assert not at.error
    first, second = article_claims(demo_db)
    assert (first.quote, second.quote) == ("For about 30% of people", "that finish the whole collection")


def test_merging_a_claim_with_the_next(demo_db):
    first = add_claim(demo_db, "For about 30% of people")
    add_claim(demo_db, "that finish the whole collection")
    at = open_page(WORKSPACE, workspace__claim_id=first)
    at.button(key=f"workspace.merge.{first}").click().run()
    assert not at.error
    [merged] = article_claims(demo_db)
    assert merged.quote == DEMO_QUOTE


def test_merge_is_disabled_for_the_last_claim(demo_db):
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    assert at.button(key=f"workspace.merge.{cid}").disabled


def test_deleting_a_claim(demo_db):
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    at.button(key=f"workspace.delete.{cid}").click().run()
    assert not at.error
    assert article_claims(demo_db) == []
    assert not [d for d in at.dataframe if d.key.startswith("workspace.claims_table")]
    assert not [b for b in at.button if b.key == f"workspace.review.{cid}"]  # the editor is gone


def test_a_conflicting_edit_is_refused_with_who_changed_what(demo_db):
    from db.engine import get_engine, session_scope
    from workbench import claims
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    with session_scope(get_engine(demo_db)) as s:
        claims.update_claim(s, claim_id=cid, expected_version=1, actor="sam", claimant="Krystal",
                            text="Sam's wording")
    keyed(at.text_area, f"workspace.edit.text.{cid}.").input("My wording")
    at.button(key=f"FormSubmitter:workspace.edit.{cid}-Save changes").click().run()
    panel = " ".join(e.value for e in at.error)
    assert "sam" in panel and "Krystal" in panel
    assert [c.value for c in at.code] == ["My wording", "Sam's wording", DEMO_QUOTE]
    # only the wording was typed: the claimant is not offered, and the form shows theirs
    assert [r.key for r in at.radio if r.key.startswith("workspace.conflict.")] == [
        "workspace.conflict.pick.text"]
    assert keyed(at.text_input, f"workspace.edit.claimant.{cid}.").value == "Krystal"
    at.button(key="workspace.conflict.save").click().run()
    claim = read_claim(demo_db, cid)
    assert (claim.text, claim.claimant) == ("My wording", "Krystal")


def test_a_save_sends_only_the_fields_the_reviewer_changed(demo_db):
    from db.engine import get_engine, session_scope
    from workbench import audit
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    keyed(at.text_input, f"workspace.edit.claimant.{cid}.").input("Stewart")
    at.button(key=f"FormSubmitter:workspace.edit.{cid}-Save changes").click().run()
    with session_scope(get_engine(demo_db)) as s:
        last = audit.claim_history(s, cid)[-1]
    assert set(last.changes) == {"claimant"}
    assert keyed(at.text_area, f"workspace.edit.text.{cid}.v2").value == DEMO_QUOTE


def test_the_reviewer_says_whether_the_claimant_is_a_person_or_an_organization(demo_db):
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    keyed(at.text_input, f"workspace.edit.claimant.{cid}.").input("Ketamine Clinics of America")
    keyed(at.selectbox, f"workspace.edit.claimant_kind.{cid}.").set_value("Organization")
    at.button(key=f"FormSubmitter:workspace.edit.{cid}-Save changes").click().run()
    assert not at.exception and not at.error
    claim = read_claim(demo_db, cid)
    assert (claim.claimant, claim.claimant_kind) == ("Ketamine Clinics of America", "Organization")


def _suggestions(at):
    """The suggestions table of the workspace: (its key, its frame)."""
    [table] = [d for d in at.dataframe if d.key.startswith("workspace.suggest.table.")]
    return table.key, table.value


def _dismissed(url):
    from sqlmodel import Session
    from db.engine import get_engine
    from workbench.suggest.decisions import DISMISSED, decisions
    with Session(get_engine(url)) as s:
        return [(d.start, d.end) for d in decisions(s, article_id=1) if d.decision == DISMISSED]


def test_suggestions_are_one_table_most_harmful_first_with_one_action_bar(demo_db):
    at = open_page(WORKSPACE)
    _, frame = _suggestions(at)
    assert len(frame) > 3
    rank = {"high": 0, "medium": 1, "low": 2}
    assert [rank[h] for h in frame["Harm"]] == sorted(rank[h] for h in frame["Harm"])
    assert any("schizophrenia" in q for q in frame["Quote"].head(5)), "the safety caution ranks in the top five"
    assert {"Quote", "Type", "Claimant", "Score", "Why"} <= set(frame.columns)
    keys = [b.key for b in at.button if b.key and b.key.startswith("workspace.suggest.")]
    assert sorted(keys) == ["workspace.suggest.accept", "workspace.suggest.dismiss",
                            "workspace.suggest.edit"]
    assert not [t for t in at.text_area if t.key and t.key.startswith("workspace.suggest.")]


def test_accepting_a_suggestion_makes_a_suggested_claim_and_opens_it(demo_db):
    at = open_page(WORKSPACE)
    _, frame = _suggestions(at)
    best = frame.iloc[0]
    at.button(key="workspace.suggest.accept").click().run()
    assert not at.exception and not at.error
    [claim] = article_claims(demo_db)
    assert (claim.start, claim.end, claim.origin) == (best["start"], best["end"], "suggested")
    assert claim.score == best["Score"] and claim.created_by == "rita"
    assert at.session_state["workspace.claim_id"] == claim.id
    _, frame = _suggestions(at)
    assert best["start"] not in frame["start"].tolist()


def test_the_action_bar_acts_on_the_chosen_row(demo_db):
    at = open_page(WORKSPACE)
    key, frame = _suggestions(at)
    at.session_state[key] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    at.button(key="workspace.suggest.accept").click().run()
    [claim] = article_claims(demo_db)
    assert (claim.start, claim.end) == (frame.iloc[2]["start"], frame.iloc[2]["end"])


def test_a_dismissed_suggestion_stays_dismissed_when_the_article_is_reopened(demo_db):
    at = open_page(WORKSPACE)
    _, frame = _suggestions(at)
    best = frame.iloc[0]
    at.button(key="workspace.suggest.dismiss").click().run()
    assert not at.error
    assert _dismissed(demo_db) == [(best["start"], best["end"])]
    again = open_page(WORKSPACE, name=None)
    _, frame = _suggestions(again)
    assert best["quote"] not in frame["quote"].tolist()
    assert article_claims(demo_db) == []


def test_undo_brings_the_last_dismissed_suggestion_back(demo_db):
    at = open_page(WORKSPACE)
    _, before = _suggestions(at)
    at.button(key="workspace.suggest.dismiss").click().run()
    assert any("Dismissed" in c.value for c in at.caption)
    at.button(key="workspace.suggest.undo").click().run()
    assert not at.error
    assert _dismissed(demo_db) == []
    _, after = _suggestions(at)
    assert after["quote"].tolist() == before["quote"].tolist()
    assert not [b for b in at.button if b.key == "workspace.suggest.undo"]


def test_edit_then_accept_saves_the_edited_wording(demo_db):
    at = open_page(WORKSPACE)
    _, frame = _suggestions(at)
    at.button(key="workspace.suggest.edit").click().run()
    at.text_area(key="workspace.suggest.edit.text").input("Ketamine works for 70% of people")
    at.text_input(key="workspace.suggest.edit.claimant").input("The clinic")
    at.selectbox(key="workspace.suggest.edit.type").set_value("statistic")
    at.button(key="workspace.suggest.edit.accept").click().run()
    assert not at.error
    [claim] = article_claims(demo_db)
    assert (claim.text, claim.claimant, claim.claim_type, claim.origin) == (
        "Ketamine works for 70% of people", "The clinic", "statistic", "suggested")
    assert (claim.start, claim.end) == (frame.iloc[0]["start"], frame.iloc[0]["end"])
    assert "workspace.suggest.editing" not in at.session_state


def test_suggestions_are_not_accepted_without_a_reviewer_name(demo_db):
    at = open_page(WORKSPACE, name=None)
    at.button(key="workspace.suggest.dismiss").click().run()
    assert "Type your name" in at.error[0].value
    assert _dismissed(demo_db) == []


def test_article_text_with_markup_is_shown_inert(ui_db):
    from db.engine import get_engine, session_scope
    from workbench import articles
    from workbench.ingest import from_text
    body = "Hostile <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))"
    with session_scope(get_engine(ui_db)) as s:
        articles.import_document(s, doc=from_text(body, title="[t](javascript:alert(4)) <b>x</b>"),
                                 actor="rita")
    at = open_page(WORKSPACE)
    assert at.header[0].value == "\\[t\\]\\(javascript\\:alert\\(4\\)\\) \\<b\\>x\\<\\/b\\>"


def test_suggested_spans_are_underlined_only_where_no_claim_is():
    from workbench.ui.widgets.highlight import render_segments
    claim = {"id": 7, "start": 4, "end": 8, "status": "draft", "text": "x"}
    rows = render_segments(12, [claim], suggested=[(2, 10)])
    assert [(r[0], r[1], r[4], r[6]) for r in rows] == [
        (0, 2, None, ""), (2, 4, None, "suggested"), (4, 8, 7, ""), (8, 10, None, "suggested"),
        (10, 12, None, "")]


def test_suggestions_can_be_filtered_by_harm_and_type(demo_db):
    at = open_page(WORKSPACE)
    _, everything = _suggestions(at)
    at.multiselect(key="workspace.suggest.harm").set_value(["high"]).run()
    _, high = _suggestions(at)
    assert 0 < len(high) < len(everything) and set(high["Harm"]) == {"high"}
    at.multiselect(key="workspace.suggest.type").set_value(["statistic"]).run()
    _, both = _suggestions(at)
    assert len(both) and set(both["Type"]) == {"statistic"} and set(both["Harm"]) == {"high"}
