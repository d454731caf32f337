"""The bulk Polars parser against the Python reference parser, filters, the merged timeline and the
``filter`` command, on generated logs and on the real corpus."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from workbench.core.bundle import open_bundle
from workbench.core.errors import WorkbenchError
from workbench.core.logs.bundle_logs import parse_bundle_logs
from workbench.core.logs.filters import LogFilter, apply_filter, check_regex
from workbench.core.logs.formats import load_formats, parse_line
from workbench.core.logs.parse import parse_log
from workbench.core.logs.query import count_filter
from workbench.core.logs.timeline import merge
from workbench.core.samples.biglog import write_big_log
from workbench.core.text import LineIndex

ASSUMED = datetime(2024, 1, 1)


def _agree_with_reference(path: Path, fmt_id: str | None = None) -> None:
    """Every line: the bulk columns equal what the reference parser says for that line."""
    with LineIndex.build(path) as index:
        parsed = parse_log(index, fmt_id, assumed=ASSUMED)
        fmt = parsed.format
        frame = parsed.frame
        for row in range(len(index)):
            expected = parse_line(fmt, index.text(row), ASSUMED)
            if expected is None:
                assert not frame["matched"][row], (row, index.text(row))
                continue
            assert frame["matched"][row]
            assert frame["ts"][row] == expected["time"], (row, index.text(row))
            assert frame["level"][row] == expected.get("level"), (row, index.text(row))
            assert (frame["thread"][row] or None) == expected.get("thread")


def test_bulk_parser_agrees_with_reference_on_generated_agora_log(tmp_path: Path) -> None:
    path = write_big_log(tmp_path / "agora.log", 300_000)
    _agree_with_reference(path, "agora-native-4")


@pytest.mark.parametrize("relative", ["loghub-android-logcat/Android_2k.log",
                                      "agora-unity-iris-4.2.3/agoraapi.log"])
def test_bulk_parser_agrees_with_reference_on_real_logs(corpus: Path, relative: str) -> None:
    _agree_with_reference(corpus / relative)


def _structured(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_logcat_columns_equal_loghub_ground_truth(corpus: Path) -> None:
    """Every line against loghub's own structured CSV (an independent parse of the same file)."""
    truth = _structured(corpus / "loghub-android-logcat" / "Android_2k.log_structured.csv")
    levels = {"V": "debug", "D": "debug", "I": "info", "W": "warning", "E": "error", "F": "fatal"}
    with LineIndex.build(corpus / "loghub-android-logcat" / "Android_2k.log") as index:
        parsed = parse_log(index, assumed=ASSUMED)
        assert parsed.format.id == "logcat-threadtime" and parsed.flags.year_assumed
        frame = parsed.frame
        assert frame.height == len(truth)
        for row, expected in enumerate(truth):
            stamp = datetime.strptime(f"2024-{expected['Date']} {expected['Time']}", "%Y-%m-%d %H:%M:%S.%f")
            assert frame["ts"][row] == stamp
            assert (frame["pid"][row], frame["thread"][row]) == (expected["Pid"], expected["Tid"])
            assert frame["level"][row] == levels[expected["Level"]]
            assert frame["tag"][row] == expected["Component"].strip()


def test_syslog_columns_equal_loghub_ground_truth(corpus: Path) -> None:
    truth = _structured(corpus / "loghub-macos-syslog" / "Mac_2k.log_structured.csv")
    with LineIndex.build(corpus / "loghub-macos-syslog" / "Mac_2k.log") as index:
        frame = parse_log(index, assumed=ASSUMED).frame
        assert frame.height == len(truth)
        for row, expected in enumerate(truth):
            stamp = datetime.strptime(f"2024 {expected['Month']} {expected['Date']} {expected['Time']}",
                                      "%Y %b %d %H:%M:%S")
            assert frame["ts"][row] == stamp, row
            assert (frame["pid"][row] or "") == expected["PID"], row
            assert frame["tag"][row] == expected["Component"], row


def test_impossible_dates_and_backwards_time_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "odd.log"
    path.write_text("[02/28/24 10:00:00:000][1][I]:ok\n"
                    "[02/30/24 10:00:01:000][1][E]:feb 30\n"
                    "[02/28/24 09:59:00:000][1][W]:clock went back\n"
                    "build output in the middle\n", encoding="utf-8")
    with LineIndex.build(path) as index:
        parsed = parse_log(index, "agora-native-4", assumed=ASSUMED)
        assert len(parsed.frame) == 4
        assert parsed.frame["ts"][1] is None and parsed.frame["level"][1] == "error"
        assert any("impossible timestamp" in w for w in parsed.warnings)
        assert parsed.frame["record"].to_list() == [0, 1, 2, 2]  # the noise line attaches ("*" rule)
        timeline = merge([("odd.log", parsed)])
        # sorted by time; the undated Feb 30 line keeps the time above it, the attached noise line its record's
        assert timeline.rows.tolist() == [2, 3, 0, 1]


def test_invalid_utf8_and_gbk_lines_are_parsed(tmp_path: Path) -> None:
    path = tmp_path / "bad.log"
    path.write_bytes(b"[03/02/24 09:15:02:118][7][W]:bad \xff byte\n[03/02/24 09:15:02:119][7][I]:fine\n")
    with LineIndex.build(path) as index:
        parsed = parse_log(index, "agora-native-4", assumed=ASSUMED)
        assert parsed.lines.to_list()[0].endswith("bad \ufffd byte")
        assert parsed.frame["level"].to_list() == ["warning", "info"]
        assert any("not valid UTF-8" in w for w in parsed.warnings)
    gbk = tmp_path / "gbk.log"
    gbk.write_bytes("[03/02/24 09:15:02:118][7][E]:音频设备启动失败\n".encode("gbk"))
    with LineIndex.build(gbk, codec="gb18030") as index:
        parsed = parse_log(index, "agora-native-4", assumed=ASSUMED)
        assert parsed.message(0) == "音频设备启动失败" and parsed.frame["level"][0] == "error"


def test_filters_compose(tmp_path: Path) -> None:
    path = write_big_log(tmp_path / "agora.log", 200_000)
    with LineIndex.build(path) as index:
        parsed = parse_log(index, "agora-native-4", assumed=ASSUMED)
        lines = parsed.lines.to_list()
        levels = parsed.frame["level"].to_list()
        errors = apply_filter(parsed, LogFilter(min_level="error"))
        assert errors.tolist() == [i for i, lvl in enumerate(levels) if lvl in ("error", "fatal")]
        both = apply_filter(parsed, LogFilter(min_level="warning", match="timeout", exclude="4001"))
        assert both.tolist() == [i for i, (line, lvl) in enumerate(zip(lines, levels, strict=True))
                                 if lvl in ("warning", "error", "fatal") and "timeout" in line and "4001" not in line]
        moment = parsed.frame["ts"][len(lines) // 2]
        later = apply_filter(parsed, LogFilter(since=moment))
        assert later[0] >= len(lines) // 2 - 5 and len(later) <= len(lines) - len(lines) // 2 + 5
        around = apply_filter(parsed, LogFilter(match="joined channel", context=2))
        hits = apply_filter(parsed, LogFilter(match="joined channel"))
        assert set(hits) <= set(around) and len(around) <= 5 * len(hits)
        assert np.all(np.diff(around) > 0)


def test_invalid_regex_explains_rust_syntax() -> None:
    with pytest.raises(WorkbenchError, match="look-around") as info:
        check_regex("(?<!x)timeout")
    assert "Rust regex syntax" in str(info.value)


def test_merged_timeline_with_offset_override(tmp_path: Path) -> None:
    phone = tmp_path / "phone.log"
    phone.write_text("[03/02/24 17:00:00:000][1][I]:phone at 17:00 local (UTC+8)\n", encoding="utf-8")
    server = tmp_path / "server.log"
    server.write_text("[03/02/24 08:59:59:000][1][I]:server at 08:59:59 UTC\n"
                      "[03/02/24 09:00:01:000][1][I]:server at 09:00:01 UTC\n", encoding="utf-8")
    with LineIndex.build(phone) as a, LineIndex.build(server) as b:
        logs = [("phone.log", parse_log(a, "agora-native-4")), ("server.log", parse_log(b, "agora-native-4"))]
        assert [e[:2] for e in map(merge(logs).entry, range(3))] == [("server.log", 0), ("server.log", 1),
                                                                     ("phone.log", 0)]
        shifted = merge(logs, offsets={"phone.log": 8 * 60})
        assert [shifted.entry(i)[:2] for i in range(3)] == [("server.log", 0), ("phone.log", 0), ("server.log", 1)]
        errors_only = shifted.filtered(LogFilter(match="09:00:01"))
        assert len(errors_only) == 1 and errors_only.entry(0)[0] == "server.log"


@pytest.mark.skipif(shutil.which("grep") is None, reason="grep not installed")
@pytest.mark.parametrize("pattern", ["timeout after [0-9]{4}ms", "uid=1[0-9]{3}\\b", "lost=3[0-9]%", "^\\[03/02",
                                     "ms$", "[^a-z]$", "%\\s"])
def test_filter_count_equals_grep(tmp_path: Path, pattern: str) -> None:
    path = write_big_log(tmp_path / "agora.log", 2_000_000)
    expected = int(subprocess.run(["grep", "-c", "-E", pattern, str(path)], capture_output=True, text=True,
                                  check=False).stdout)
    with open_bundle(path, quick=True) as bundle:
        assert count_filter(bundle, LogFilter(match=pattern)) == expected


def test_formats_registry_has_the_fallback() -> None:
    formats = load_formats()
    assert "text" in formats and list(formats)[-1] == "text"
    assert pl.Series(["x"]).str.contains(formats["text"].regex).all()


def test_time_of_day_logs_take_their_date_from_the_header(tmp_path: Path) -> None:
    path = tmp_path / "bundle" / "agorasdk.log"
    path.parent.mkdir()
    path.write_text("Local Date: Wed Mar  6 10:09:34 2019\n\n"
                    "INFO    (10: 9:34:766 |    0)  24359; Thread with name:Trace started\n"
                    "ERROR   (10: 9:35: 12 |   13)  24358; failed to open recording device err=8\n",
                    encoding="utf-8")
    with open_bundle(path.parent) as bundle, parse_bundle_logs(bundle) as logs:
        parsed = logs.parsed["agorasdk.log"]
        assert parsed.format.id == "agora-native-3"
        assert parsed.time_range() == (datetime(2019, 3, 6, 10, 9, 34, 766000), datetime(2019, 3, 6, 10, 9, 35, 12000))
        assert parsed.date_source == "agorasdk.log:1"
