"""The highlighter cuts a body into segments that tile it exactly, whatever the claims do."""
from __future__ import annotations

from workbench.ui.widgets.highlight import (NO_VERDICT_COLOUR, STATUS_COLOURS, VERDICT_COLOURS, Segment,
                                    claim_colour, legend, render_segments, segments)


def _text(body, segs):
    return "".join(body[s.start:s.end] for s in segs)


def test_no_claims_is_one_plain_segment():
    assert segments(5, []) == [Segment(0, 5, ())]


def test_segments_tile_the_body_around_one_claim():
    body = "Alpha beta gamma."
    segs = segments(len(body), [(6, 10, 1)])
    assert segs == [Segment(0, 6, ()), Segment(6, 10, (1,)), Segment(10, 17, ())]
    assert _text(body, segs) == body


def test_overlapping_claims_split_into_segments_carrying_both():
    segs = segments(20, [(0, 10, 1), (5, 15, 2)])
    assert segs == [Segment(0, 5, (1,)), Segment(5, 10, (1, 2)), Segment(10, 15, (2,)),
                    Segment(15, 20, ())]


def test_nested_and_identical_claims():
    segs = segments(10, [(0, 10, 1), (3, 6, 2), (3, 6, 3)])
    assert segs == [Segment(0, 3, (1,)), Segment(3, 6, (1, 2, 3)), Segment(6, 10, (1,))]


def test_claims_at_the_very_start_and_end():
    segs = segments(10, [(0, 3, 1), (7, 10, 2)])
    assert segs[0] == Segment(0, 3, (1,)) and segs[-1] == Segment(7, 10, (2,))


def test_claim_covering_the_whole_body():
    assert segments(4, [(0, 4, 9)]) == [Segment(0, 4, (9,))]


def test_adjacent_claims_stay_separate():
    assert segments(6, [(0, 3, 1), (3, 6, 2)]) == [Segment(0, 3, (1,)), Segment(3, 6, (2,))]


def test_out_of_range_and_empty_spans_are_clamped_or_ignored():
    assert segments(5, [(-3, 2, 1), (4, 99, 2), (3, 3, 3)]) == [
        Segment(0, 2, (1,)), Segment(2, 4, ()), Segment(4, 5, (2,))]


def test_empty_body_has_no_segments():
    assert segments(0, [(0, 0, 1)]) == []


def test_non_ascii_and_emoji_offsets_are_code_points():
    body = "Caf\u00e9 \U0001F600 says 30% \u2014 na\u00efve \U0001F468\u200d\U0001F469\u200d\U0001F467 end"
    start = body.index("\U0001F600")
    end = body.index("na\u00efve") + len("na\u00efve")
    segs = segments(len(body), [(start, end, 1), (body.index("\U0001F468"), len(body), 2)])
    assert _text(body, segs) == body
    assert body[segs[1].start:segs[1].end] == "\U0001F600 says 30% \u2014 na\u00efve"


def test_render_segments_colour_by_status_and_verdict():
    claims = [{"id": 1, "start": 0, "end": 5, "status": "checked", "verdict": "False", "text": "a"},
              {"id": 2, "start": 3, "end": 8, "status": "draft", "verdict": None, "text": "b"}]
    rows = render_segments(10, claims, mode="status", selected=2)
    assert [r[:2] for r in rows] == [[0, 3], [3, 5], [5, 8], [8, 10]]
    assert rows[0][2] == STATUS_COLOURS["checked"] and rows[0][6] == ""
    assert rows[1][5] == 2 and "sel" in rows[1][6] and "#1" in rows[1][3] and "#2" in rows[1][3]
    assert rows[3][2] is None and rows[3][4] is None
    by_verdict = render_segments(10, claims, mode="verdict")
    assert by_verdict[0][2] == VERDICT_COLOURS["False"]
    assert by_verdict[2][2] == NO_VERDICT_COLOUR


def test_render_segments_marks_the_pending_selection():
    rows = render_segments(10, [], pending=(2, 4))
    assert rows[1][:2] == [2, 4] and rows[1][6] == "pending" and rows[1][4] is None


def test_custom_verdicts_get_a_legend_entry():
    assert ("Satire", "#d1d5db") in legend("verdict", ["Satire", "False"])
    assert claim_colour({"verdict": "Satire"}, "verdict") == "#d1d5db"
    assert [label for label, _ in legend("status")] == list(STATUS_COLOURS)
