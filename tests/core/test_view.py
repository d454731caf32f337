"""LogRows: what the log view shows, per file and merged, filtered, searched, and exported."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from workbench.core.errors import Cancelled
from workbench.core.logs.filters import LogFilter
from workbench.core.logs.parse import ParsedLog, parse_log
from workbench.core.logs.timeline import merge
from workbench.core.logs.view import NO_TIME, LogRows, columns_of
from workbench.core.progress import CancelToken
from workbench.core.text import LineIndex

ASSUMED = datetime(2024, 1, 1)
SDK = [
    "[03/02/24 09:15:02:100][2231][I]:[AGS]: Agora SDK ver 4.3.0",
    "[03/02/24 09:15:02:200][2231][I]:joinChannel channel=demo uid=1001",
    "[03/02/24 09:15:03:000][2240][W]:network quality poor rtt=900",
    "  continuation of the warning",
    "[03/02/24 09:15:04:500][2231][E]:onError err=110 (ERR_OPEN_CHANNEL_TIMEOUT)",
    "[03/02/24 09:15:05:000][2231][D]:heartbeat",
    "[03/02/24 09:15:06:000][2240][I]:leaveChannel",
]
LOGCAT = [
    "03-02 09:15:01.000  1702  1820 I ActivityManager: Start proc com.demo",
    "03-02 09:15:02.150  1702  1820 W AudioTrack: underrun",
    "03-02 09:15:04.000  1702  1821 E AudioRecord: start failed -38",
]


def _parse(path: Path, lines: list[str], fmt: str) -> ParsedLog:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return parse_log(LineIndex.build(path), fmt, assumed=ASSUMED)


@pytest.fixture
def sdk(tmp_path: Path) -> Iterator[ParsedLog]:
    parsed = _parse(tmp_path / "agorasdk.log", SDK, "agora-native-4")
    yield parsed
    parsed.close()


@pytest.fixture
def logcat(tmp_path: Path) -> Iterator[ParsedLog]:
    parsed = _parse(tmp_path / "logcat.txt", LOGCAT, "logcat-threadtime")
    yield parsed
    parsed.close()


def test_one_file_columns(sdk: ParsedLog) -> None:
    rows = LogRows.of_file("logs/agorasdk.log", sdk)
    assert len(rows) == len(SDK)
    assert rows.locate(2) == ("logs/agorasdk.log", 2)
    assert rows.time_text(0) == "09:15:02.100"  # one day: no date; the year is written: no "*"
    assert [rows.level(i) for i in range(len(rows))] == ["info", "info", "warning", "warning", "error", "debug",
                                                        "info"]
    assert rows.thread(2) == "2240" and rows.tag(2) == ""
    assert rows.message(1) == "joinChannel channel=demo uid=1001"
    assert rows.full_text(1) == SDK[1]
    assert rows.message(3) == SDK[3]  # a continuation line is its own message, with its record's time
    assert rows.time_text(3) == "09:15:03.000"
    assert rows.matches is None and not rows.merged


def test_columns_are_numpy_arrays_shared_by_every_view(sdk: ParsedLog) -> None:
    first = LogRows.of_file("a", sdk)
    other = LogRows.merged_view([("a", sdk)])
    assert first.sources[0].columns is other.sources[0].columns is columns_of(sdk)
    columns = columns_of(sdk)
    columns.warm()
    assert isinstance(columns.keys, np.ndarray) and columns.keys.dtype == np.int64
    assert isinstance(columns.levels, np.ndarray) and columns.levels.dtype == np.int8
    codes, names = columns.codes("thread")
    assert sorted(names.values()) == ["2231", "2240"] and codes.dtype == np.uint32


def test_long_lines_and_controls_are_cut_for_display(tmp_path: Path) -> None:
    long = "[03/02/24 09:15:02:100][1][I]:" + "x" * 700
    huge = "[03/02/24 09:15:02:100][1][I]:" + "y" * 5000
    parsed = _parse(tmp_path / "a.log", [long, huge, "[03/02/24 09:15:02:100][1][I]:bell \x07 tab\tend"],
                    "agora-native-4")
    rows = LogRows.of_file("a.log", parsed)
    assert rows.message(0) == "x" * 500 + "… (+200 chars)"
    cut = rows.message(1)
    assert cut.startswith("y" * 500) and cut.endswith(" bytes)")
    assert rows.message(2) == "bell \u2407 tab\tend"
    assert rows.full_text(1) == huge
    parsed.close()


def test_logcat_times_carry_a_star_and_a_note(logcat: ParsedLog) -> None:
    rows = LogRows.of_file("logcat.txt", logcat)
    assert rows.time_text(0) == "09:15:01.000*"
    assert "year assumed" in rows.time_note(0)
    assert rows.tag(1) == "AudioTrack" and rows.thread(2) == "1821" and rows.message(2) == "start failed -38"


def test_a_view_that_spans_days_shows_dates(tmp_path: Path) -> None:
    parsed = _parse(tmp_path / "a.log", ["[03/02/24 23:59:59:900][1][I]:late", "[03/03/24 00:00:00:100][1][I]:early"],
                    "agora-native-4")
    rows = LogRows.of_file("a.log", parsed)
    assert rows.spans_days
    assert [rows.time_text(0), rows.time_text(1)] == ["2024-03-02 23:59:59.900", "2024-03-03 00:00:00.100"]
    parsed.close()


def test_merged_view_follows_the_timeline_and_jumps_both_ways(sdk: ParsedLog, logcat: ParsedLog) -> None:
    logs = [("logcat.txt", logcat), ("logs/agorasdk.log", sdk)]
    merged = LogRows.merged_view(logs)
    timeline = merge(logs)
    assert merged.merged and len(merged) == len(timeline) == len(SDK) + len(LOGCAT)
    assert [merged.locate(i) for i in range(len(merged))] == \
        [(timeline.entry(i)[0], timeline.entry(i)[1]) for i in range(len(timeline))]
    assert merged.locate(0) == ("logcat.txt", 0)  # 09:15:01 comes first
    from_timeline = LogRows.of_timeline(timeline)
    assert [from_timeline.locate(i) for i in range(len(merged))] == [merged.locate(i) for i in range(len(merged))]
    for i in range(len(merged)):
        path, line = merged.locate(i)
        one = LogRows.of_file(path, dict(logs)[path])
        assert one.view_row_of(path, line) == line
        assert merged.view_row_of(path, line) == i
    assert merged.view_row_of("missing.log", 0) is None


def test_filters_hide_rows_and_count_matches(sdk: ParsedLog, logcat: ParsedLog) -> None:
    rows = LogRows.of_file("sdk", sdk)
    errors = rows.filtered(LogFilter(min_level="error"))
    assert [errors.locate(i)[1] for i in range(len(errors))] == [4]
    assert errors.matches == 1
    with_context = rows.filtered(LogFilter(match="onError", context=1))
    assert [with_context.locate(i)[1] for i in range(len(with_context))] == [3, 4, 5]
    assert with_context.matches == 1 and with_context.view_row_of("sdk", 4) == 1
    assert with_context.view_row_of("sdk", 0) is None
    assert with_context.view_row_of("sdk", 0, nearest=True) == 0
    excluded = rows.filtered(LogFilter(exclude="Channel"))
    assert [excluded.level(i) for i in range(len(excluded))] == ["info", "warning", "warning", "error", "debug"]
    toggled = rows.filtered(LogFilter(), levels=frozenset({"warning", "debug"}))
    assert [toggled.locate(i)[1] for i in range(len(toggled))] == [2, 3, 5]
    threads = rows.filtered(LogFilter(threads=frozenset({"2240"})))
    assert [threads.locate(i)[1] for i in range(len(threads))] == [2, 3, 6]
    window = rows.filtered(LogFilter(since=datetime(2024, 3, 2, 9, 15, 3), until=datetime(2024, 3, 2, 9, 15, 5)))
    assert [window.locate(i)[1] for i in range(len(window))] == [2, 3, 4, 5]
    nested = window.filtered(LogFilter(match="heartbeat|onError"))
    assert [nested.locate(i)[1] for i in range(len(nested))] == [4, 5]


def test_merged_filters_and_file_choice(sdk: ParsedLog, logcat: ParsedLog) -> None:
    merged = LogRows.merged_view([("logcat.txt", logcat), ("sdk", sdk)])
    errors = merged.filtered(LogFilter(min_level="error"))
    assert [errors.locate(i) for i in range(len(errors))] == [("logcat.txt", 2), ("sdk", 4)]
    only = merged.filtered(LogFilter(match="(?i)audio"), files=frozenset({"logcat.txt"}))
    assert [only.locate(i) for i in range(len(only))] == [("logcat.txt", 1), ("logcat.txt", 2)]
    none = merged.filtered(LogFilter(), files=frozenset({"sdk"}))
    assert {none.locate(i)[0] for i in range(len(none))} == {"sdk"}


def test_filter_reports_progress_and_stops_when_cancelled(sdk: ParsedLog) -> None:
    notes: list[str] = []
    LogRows.of_file("sdk", sdk).filtered(LogFilter(match="Channel"), progress=lambda d, t, n: notes.append(n))
    assert notes[-1] == "filtering: 2 matches so far"
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        LogRows.of_file("sdk", sdk).filtered(LogFilter(match="x"), cancel=token)


def test_search_finds_view_rows(sdk: ParsedLog, logcat: ParsedLog) -> None:
    merged = LogRows.merged_view([("logcat.txt", logcat), ("sdk", sdk)])
    hits = merged.search("(?i)channel")
    assert [merged.locate(int(i)) for i in hits] == [("sdk", 1), ("sdk", 4), ("sdk", 6)]
    assert list(LogRows.of_file("sdk", sdk).search("CHANNEL", ignore_case=True)) == [1, 4, 6]


def test_time_offset_moves_a_file_in_the_merged_view(sdk: ParsedLog, logcat: ParsedLog) -> None:
    logs = [("logcat.txt", logcat), ("sdk", sdk)]
    plain = LogRows.merged_view(logs)
    shifted = LogRows.merged_view(logs, {"logcat.txt": 60})  # logcat was UTC+1: one hour earlier
    assert plain.locate(0) == ("logcat.txt", 0)
    assert shifted.locate(len(shifted) - 1) == ("sdk", 6)
    assert [shifted.locate(i)[0] for i in range(3)] == ["logcat.txt"] * 3
    row = shifted.view_row_of("logcat.txt", 0)
    assert shifted.time_text(row).startswith("08:15:01.000")
    assert "time-zone override" in shifted.time_note(row)
    assert LogRows.of_file("logcat.txt", logcat, offset_minutes=60).time(0) == datetime(2024, 3, 2, 8, 15, 1)


def test_go_to_time_and_next_level(sdk: ParsedLog, tmp_path: Path) -> None:
    rows = LogRows.of_file("sdk", sdk)
    assert rows.row_at_time(datetime(2024, 3, 2, 9, 15, 2, 150_000)) == 1
    assert rows.row_at_time(datetime(2024, 3, 2, 9, 15, 4)) == 4
    assert rows.row_at_time(datetime(2020, 1, 1)) == 0
    assert rows.row_at_time(datetime(2030, 1, 1)) == len(rows) - 1
    assert rows.next_level_row(0, ["error", "fatal"]) == 4
    assert rows.next_level_row(4, ["error", "fatal"]) is None
    assert rows.next_level_row(6, ["warning"], forward=False) == 3
    backwards = _parse(tmp_path / "b.log", ["[03/02/24 09:00:05:000][1][I]:a", "[03/02/24 09:00:01:000][1][I]:b",
                                           "[03/02/24 09:00:09:000][1][I]:c"], "agora-native-4")
    jumpy = LogRows.of_file("b", backwards)
    assert jumpy.row_at_time(datetime(2024, 3, 2, 9, 0, 3)) == 0  # the clock went back: running maximum
    assert jumpy.row_at_time(datetime(2024, 3, 2, 9, 0, 7)) == 2
    backwards.close()


def test_untimed_lines_before_the_first_stamp(tmp_path: Path) -> None:
    parsed = _parse(tmp_path / "c.log", ["--------- beginning of main", "03-02 09:15:01.000  1  2 I Tag: hi"],
                    "logcat-threadtime")
    rows = LogRows.of_file("c", parsed)
    assert rows.time_text(0) == "" and rows.time(0) is None and rows.level(0) is None
    assert rows.view_column("keys")[0] == NO_TIME
    assert len(rows.filtered(LogFilter(), levels=frozenset({"error"}))) == 1  # no level: not hidden
    assert len(rows.filtered(LogFilter(since=datetime(2020, 1, 1)))) == 1  # no time: outside any range
    parsed.close()


def test_export_rows(sdk: ParsedLog) -> None:
    rows = LogRows.of_file("logs/agorasdk.log", sdk)
    exported = list(rows.export_rows([1, 4]))
    assert exported[0] == ("logs/agorasdk.log", 2, "2024-03-02T09:15:02.200", "info", "2231", None,
                           "joinChannel channel=demo uid=1001", SDK[1])
    assert exported[1][1] == 5 and exported[1][3] == "error"
    assert len(list(rows.export_rows())) == len(SDK)
