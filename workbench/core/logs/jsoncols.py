"""Groups of JSON-lines formats (LiveKit JSON, generic JSON logs) as columns, without a Python loop."""

from __future__ import annotations

import polars as pl

from workbench.core.logs.formats import LogFormat

# An ISO-8601 time as the regex formats' time groups, so timecols handles both alike.
_ISO = (r"^(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)[T ](?P<hour>\d\d):(?P<minute>\d\d)"
        r"(?::(?P<second>\d\d)(?:[.,](?P<frac>\d{1,9}))?)?\s*(?P<tz>Z|[+-]\d\d:?\d\d)?$")


def _path(key: str) -> str:
    """A JSONPath for one top-level key, quoted so '@timestamp' and 'log.level' stay literal."""
    return "$['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']"


def _field(block: pl.Series, keys: list[str]) -> pl.Series:
    values = [block.str.json_path_match(_path(key)) for key in keys]
    return pl.select(pl.coalesce(values)).to_series() if len(values) > 1 else values[0]


def json_groups(block: pl.Series, fmt: LogFormat) -> pl.DataFrame:
    """The format's mapped keys per line, ``_m`` marking JSON objects of this format, time as groups."""
    is_object = block.str.strip_chars_start().str.starts_with("{")
    for key in fmt.json_require:
        is_object = is_object & block.str.json_path_match(_path(key)).is_not_null()
    columns = {"_m": pl.select(pl.when(is_object).then(pl.lit("")).alias("_m")).to_series()}
    for name, keys in fmt.json_fields.items():
        if name != "ts":
            columns[name] = _field(block, keys)
    frame = pl.DataFrame(columns)
    if "ts" not in fmt.json_fields:
        return frame
    stamp = _field(block, fmt.json_fields["ts"])
    numeric = stamp.cast(pl.Float64, strict=False).is_not_null()
    epoch = pl.select(pl.when(numeric).then(stamp).alias("epoch")).to_series()
    iso = stamp.str.extract_groups(_ISO).struct.unnest()
    return pl.concat([frame, iso, epoch.to_frame()], how="horizontal")


ISO_GROUPS = {"year", "month", "day", "hour", "minute", "second", "frac", "tz"}
