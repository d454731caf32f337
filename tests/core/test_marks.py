"""Marks: toggling, naming, jumping between them (in file order and in a view's order), and saving
them for the case store."""

from __future__ import annotations

import json

from workbench.core.marks import Mark, Marks


def _marks(*keys: tuple[str, int]) -> Marks:
    marks = Marks()
    for path, line in keys:
        marks.toggle(path, line, text=f"{path}:{line}")
    return marks


def test_toggle_marks_and_unmarks_a_line() -> None:
    marks = Marks()
    assert marks.toggle("logs/agorasdk.log", 12, text="join failed err=17", time="2024-03-02T09:00:01.123")
    assert marks.is_marked("logs/agorasdk.log", 12)
    assert len(marks) == 1
    assert marks.toggle("logs/agorasdk.log", 12) is False
    assert not marks.is_marked("logs/agorasdk.log", 12)
    assert len(marks) == 0 and not marks


def test_marks_iterate_in_file_then_line_order() -> None:
    marks = _marks(("b.log", 3), ("a.log", 10), ("a.log", 2), ("b.log", 1))
    assert [(m.path, m.line) for m in marks] == [("a.log", 2), ("a.log", 10), ("b.log", 1), ("b.log", 3)]


def test_rename_and_remove() -> None:
    marks = _marks(("a.log", 5))
    marks.rename("a.log", 5, "  token expired here ")
    assert next(iter(marks)).name == "token expired here"
    marks.rename("a.log", 99, "nothing")  # an unmarked line: no mark appears
    assert len(marks) == 1
    marks.remove("a.log", 99)
    marks.remove("a.log", 5)
    assert len(marks) == 0


def test_next_and_previous_wrap_around_in_file_order() -> None:
    marks = _marks(("a.log", 2), ("a.log", 10), ("b.log", 1))
    assert marks.next_after("a.log", 2).key == ("a.log", 10)
    assert marks.next_after("a.log", 5).key == ("a.log", 10)
    assert marks.next_after("a.log", 10).key == ("b.log", 1)
    assert marks.next_after("b.log", 1).key == ("a.log", 2)  # wraps
    assert marks.previous_before("a.log", 10).key == ("a.log", 2)
    assert marks.previous_before("a.log", 2).key == ("b.log", 1)  # wraps
    assert marks.previous_before("b.log", 50).key == ("b.log", 1)
    assert Marks().next_after("a.log", 1) is None and Marks().previous_before("a.log", 1) is None


def test_a_single_mark_is_its_own_next() -> None:
    marks = _marks(("a.log", 7))
    assert marks.next_after("a.log", 7).key == ("a.log", 7)
    assert marks.previous_before("a.log", 7).key == ("a.log", 7)


def test_jumps_follow_the_merged_view_order_and_skip_hidden_marks() -> None:
    marks = _marks(("a.log", 1), ("a.log", 2), ("b.log", 1), ("b.log", 9))
    # the merged timeline interleaves the files; b.log:9 is filtered out of this view
    order = [("b.log", 1), ("a.log", 1), ("a.log", 5), ("a.log", 2), ("b.log", 2)]
    assert marks.next_after("b.log", 1, order).key == ("a.log", 1)
    assert marks.next_after("a.log", 5, order).key == ("a.log", 2)
    assert marks.next_after("a.log", 2, order).key == ("b.log", 1)  # wraps, skipping the hidden b.log:9
    assert marks.previous_before("a.log", 5, order).key == ("a.log", 1)
    assert marks.previous_before("b.log", 1, order).key == ("a.log", 2)
    assert marks.next_after("b.log", 9, [("b.log", 2)]) is None  # no mark shown at all


def test_json_round_trip_keeps_everything() -> None:
    marks = Marks()
    marks.toggle("logs/a.log", 3, text="uid=1 joined 频道", time="2024-03-02T09:00:01")
    marks.toggle("logs/b.log", 1)
    marks.rename("logs/a.log", 3, "first join")
    data = json.loads(json.dumps(marks.to_json()))
    again = Marks.from_json(data)
    assert list(again) == list(marks)
    assert again.to_json() == marks.to_json()


def test_from_json_is_tolerant() -> None:
    data = [
        {"path": "a.log", "line": 4, "name": "n", "colour": "red", "future_field": [1]},  # unknown keys
        {"path": "a.log"},  # no line
        {"path": "b.log", "line": 0},  # lines are 1-based
        {"path": "b.log", "line": True},
        "garbage",
        {"path": "c.log", "line": 2, "time": 5, "text": None},
    ]
    marks = Marks.from_json(data)
    assert list(marks) == [Mark("a.log", 4, name="n"), Mark("c.log", 2)]
    assert len(Marks.from_json({"not": "a list"})) == 0
    assert len(Marks.from_json(None)) == 0


def test_evidence_is_what_the_report_quotes() -> None:
    marks = Marks()
    marks.toggle("logs/agorasdk.log", 120, text="[E] join failed err=17")
    marks.toggle("logs/agoraapi.log", 8, text="RtcEngine::joinChannel(...)")
    assert marks.evidence() == [
        {"file": "logs/agoraapi.log", "line": 8, "text": "RtcEngine::joinChannel(...)"},
        {"file": "logs/agorasdk.log", "line": 120, "text": "[E] join failed err=17"},
    ]
