"""The time histogram: lines per level in round-step buckets, over one or several parsed logs."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from workbench.core.logs.histogram import KEYS, Histogram, level_histogram, round_step
from workbench.core.logs.parse import ParsedLog, parse_log
from workbench.core.samples.biglog import write_big_log
from workbench.core.text import LineIndex

ROUND = [timedelta(milliseconds=ms) for ms in (1, 5, 10, 50, 100, 500)] + [
    timedelta(seconds=s) for s in (1, 5, 10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400)]


@pytest.fixture(scope="module")
def agora(tmp_path_factory: pytest.TempPathFactory) -> ParsedLog:
    """20,000 generated Agora 4.x lines over about 80 seconds."""
    path = write_big_log(tmp_path_factory.mktemp("hist") / "agora.log", 300_000)
    parsed = parse_log(LineIndex.build(path), "agora-native-4")
    yield parsed
    parsed.close()


def _lines(parsed: ParsedLog) -> int:
    return parsed.frame.height


def test_counts_add_up_to_the_lines_per_level(agora: ParsedLog) -> None:
    histogram = level_histogram([agora])
    assert histogram is not None
    assert list(histogram.counts) == list(KEYS)
    per_level = agora.frame["level"].value_counts()
    for level, count in per_level.iter_rows():
        assert int(histogram.counts[level].sum()) == count
    assert int(histogram.total().sum()) == _lines(agora)
    assert histogram.counts["none"].sum() == 0 and histogram.counts["fatal"].sum() == 0


def test_step_is_round_and_the_range_covers_the_log(agora: ParsedLog) -> None:
    first, last = agora.time_range()
    for buckets in (200, 50, 10, 3, 1):
        histogram = level_histogram([agora], buckets=buckets)
        assert 1 <= len(histogram) <= buckets
        assert histogram.start <= first < last < histogram.end
        assert (histogram.start - datetime(1970, 1, 1)) % histogram.step == timedelta(0)  # aligned to the step
        assert histogram.step in ROUND
        finer = ROUND[ROUND.index(histogram.step) - 1] if histogram.step != ROUND[0] else None
        if finer is not None:  # the step is the finest round one that fits
            epoch = datetime(1970, 1, 1)
            assert (last - epoch) // finer - (first - epoch) // finer + 1 > buckets


def test_buckets_hold_the_lines_of_their_time_range(agora: ParsedLog) -> None:
    histogram = level_histogram([agora], buckets=20)
    bucket = int(np.argmax(histogram.counts["error"]))
    low, high = histogram.bucket_range(bucket)
    expected = agora.frame.filter((pl.col("ts") >= low) & (pl.col("ts") < high) & (pl.col("level") == "error"))
    assert histogram.counts["error"][bucket] == expected.height > 0
    assert histogram.bucket_of(low) == bucket and histogram.bucket_of(high - timedelta(microseconds=1)) == bucket


def test_zooming_to_a_range_counts_only_that_range(agora: ParsedLog) -> None:
    first, _last = agora.time_range()
    start, end = first + timedelta(seconds=2), first + timedelta(seconds=4)
    histogram = level_histogram([agora], start=start, end=end)
    inside = agora.frame.filter(pl.col("ts").is_between(start, end)).height
    assert int(histogram.total().sum()) == inside
    assert histogram.step < level_histogram([agora]).step  # the zoomed view is finer
    assert histogram.start <= start and end < histogram.end


def test_several_logs_add_up(agora: ParsedLog, tmp_path: Path) -> None:
    other = parse_log(LineIndex.build(write_big_log(tmp_path / "b.log", 100_000, seed=2)), "agora-native-4")
    try:
        both = level_histogram([agora, other])
        assert int(both.total().sum()) == _lines(agora) + _lines(other)
    finally:
        other.close()


def test_lines_without_level_or_time(tmp_path: Path) -> None:
    path = tmp_path / "plain.log"
    path.write_text("2024-03-02 09:00:00.000 ERROR boom\n2024-03-02 09:00:01.000 something\nno stamp here\n"
                    "2024-03-02 09:00:02.500 WARN careful\n", encoding="utf-8")
    parsed = parse_log(LineIndex.build(path), "text")
    try:
        histogram = level_histogram([parsed])
        assert histogram.step == timedelta(milliseconds=50)
        assert histogram.counts["error"][0] == 1
        assert int(histogram.counts["none"].sum()) == 1  # "something" has a time but no level
        assert int(histogram.total().sum()) == 3  # the unstamped line is not on the time axis
    finally:
        parsed.close()


def test_no_timestamps_means_no_histogram(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just\nsome text\n", encoding="utf-8")
    parsed = parse_log(LineIndex.build(path), "text")
    try:
        assert level_histogram([parsed]) is None
        assert level_histogram([]) is None
    finally:
        parsed.close()


def test_round_step_choices() -> None:
    second = 1_000_000
    assert round_step(0, 0, 200) == 1_000  # one instant: the finest step, one bucket
    assert round_step(100 * second, 0, 200) == second
    assert round_step(3600 * second, 0, 200) == 30 * second
    assert round_step(86400 * second, 0, 200) == 600 * second
    assert round_step(365 * 86400 * second, 0, 200) == 7 * 86400 * second
    many_years = round_step(100 * 365 * 86400 * second, 0, 200)
    assert many_years % (86400 * second) == 0 and 100 * 365 * 86400 * second // many_years + 1 <= 200


def test_histogram_helpers() -> None:
    histogram = Histogram(datetime(2024, 1, 1), timedelta(seconds=10),
                          {key: np.arange(3, dtype=np.int64) for key in KEYS})
    assert len(histogram) == 3
    assert histogram.end == datetime(2024, 1, 1, 0, 0, 30)
    assert list(histogram.total()) == [0, len(KEYS), 2 * len(KEYS)]
    assert histogram.bucket_range(1) == (datetime(2024, 1, 1, 0, 0, 10), datetime(2024, 1, 1, 0, 0, 20))
