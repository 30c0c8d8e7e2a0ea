"""The workspace page in AppTest: it renders, and claims are made, edited, split, merged, deleted."""
from __future__ import annotations

from ui_helpers import (DEMO_QUOTE, WORKSPACE, add_claim, article_claims, demo_db, open_page,  # noqa: F401
                        read_claim, ui_db)


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
    picker = at.selectbox(key="workspace.sentence")
    index = next(i for i in picker.options if "70%" in i)
    picker.select(index).run()
    at.button(key="workspace.new.create").click().run()
    [claim] = article_claims(demo_db)
    assert claim.quote.startswith("For both Winograd") and claim.quote.endswith("than.")


def test_editing_a_claim_saves_wording_claimant_and_type(demo_db):
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    at.text_area(key=f"workspace.edit.text.{cid}").input("About 30% never come back")
    at.text_input(key=f"workspace.edit.claimant.{cid}").input("Stewart")
    at.selectbox(key=f"workspace.edit.type.{cid}").set_value("statistic")
    at.button(key=f"FormSubmitter:workspace.edit.{cid}-Save changes").click().run()
    assert not at.error
    claim = read_claim(demo_db, cid)
    assert (claim.text, claim.claimant, claim.claim_type) == ("About 30% never come back", "Stewart",
                                                               "statistic")


def test_splitting_a_claim_makes_two(demo_db):
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    split_at = 124 + DEMO_QUOTE.index("that")
    at.selectbox(key=f"workspace.split_at.{cid}").set_value(split_at)
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
    assert "workspace.claim_id" not in at.session_state or at.session_state["workspace.claim_id"] is None \
        or not at.dataframe


def test_a_conflicting_edit_is_refused_with_who_changed_what(demo_db):
    from db.engine import get_engine, session_scope
    from workbench import claims
    cid = add_claim(demo_db)
    at = open_page(WORKSPACE, workspace__claim_id=cid)
    with session_scope(get_engine(demo_db)) as s:
        claims.update_claim(s, claim_id=cid, expected_version=1, actor="sam", claimant="Krystal")
    at.text_area(key=f"workspace.edit.text.{cid}").input("My wording")
    at.button(key=f"FormSubmitter:workspace.edit.{cid}-Save changes").click().run()
    panel = " ".join(e.value for e in at.error)
    assert "sam" in panel and "Krystal" in panel
    at.button(key="workspace.conflict.reload").click().run()
    assert any("My wording" in c.value for c in at.code)
    assert at.text_input(key=f"workspace.edit.claimant.{cid}").value == "Krystal"
    assert read_claim(demo_db, cid).text == DEMO_QUOTE


def test_suggestions_can_be_accepted_or_dismissed(demo_db):
    from workbench.ui.suggestions import suggester
    if suggester() is None:
        import pytest
        pytest.skip("workbench.suggest.suggest_claims is not there yet")
    at = open_page(WORKSPACE)
    accept = [b for b in at.button if b.key and b.key.startswith("workspace.suggest.accept.")]
    assert accept
    accept[0].click().run()
    [claim] = article_claims(demo_db)
    assert claim.origin == "suggested" and claim.score is not None
    dismiss = [b for b in at.button if b.key and b.key.startswith("workspace.suggest.dismiss.")][0]
    gone = dismiss.key
    dismiss.click().run()
    assert gone not in [b.key for b in at.button]


def test_article_text_with_markup_is_shown_inert(ui_db):
    from db.engine import get_engine, session_scope
    from workbench import articles
    from workbench.ingest import from_text
    body = "Hostile <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))"
    with session_scope(get_engine(ui_db)) as s:
        articles.import_document(s, doc=from_text(body, title="[t](javascript:alert(4)) <b>x</b>"),
                                 actor="rita")
    at = open_page(WORKSPACE)
    assert at.header[0].value == "\\[t\\]\\(javascript\\:alert\\(4\\)\\) \\<b\\>x\\</b\\>"
