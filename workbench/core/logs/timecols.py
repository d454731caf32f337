"""Timestamps from a format's time groups as Polars expressions (the bulk twin of formats.time_of).

Dates are computed once per distinct (year, month, day) — a log has a handful of days in millions of
lines — and joined back as integers, which is far faster than ``pl.datetime`` per row and turns
impossible dates (Feb 30) into nulls instead of errors.
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from workbench.core.logs.formats import MONTHS

_US_PER_S = 1_000_000
_EPOCH = date(1970, 1, 1)


def _int(name: str) -> pl.Expr:
    return pl.col(name).str.strip_chars(" ").cast(pl.Int64, strict=False)


def _frac_us() -> pl.Expr:
    digits = pl.col("frac").str.replace_all(" ", "0", literal=True).str.pad_end(6, "0").str.slice(0, 6)
    return digits.cast(pl.Int64, strict=False).fill_null(0)


def _year(groups: set[str], assumed: datetime) -> pl.Expr:
    if "year" in groups:
        return _int("year").fill_null(assumed.year)  # an optional date part that was not written
    if "year2" in groups:
        return (_int("year2") + 2000).fill_null(assumed.year)
    return pl.lit(assumed.year, dtype=pl.Int64)


def _month(groups: set[str], assumed: datetime) -> pl.Expr:
    if "mon" in groups:
        names = {name.title(): n for name, n in MONTHS.items()}
        names |= {name.upper(): n for name, n in MONTHS.items()} | dict(MONTHS)
        month = pl.col("mon").str.slice(0, 3).replace_strict(names, default=None, return_dtype=pl.Int64)
        return month.fill_null(assumed.month)
    return _int("month").fill_null(assumed.month) if "month" in groups else pl.lit(assumed.month, dtype=pl.Int64)


def _epoch_days(frame: pl.DataFrame) -> pl.Series:
    """Days since 1970-01-01 for the (y, m, d) columns, null for impossible dates."""
    keys = frame.select((pl.col("_y") * 10_000 + pl.col("_mo") * 100 + pl.col("_d")).alias("_ymd"))["_ymd"]
    mapping = {}
    for key in keys.unique().drop_nulls().to_list():
        try:
            mapping[key] = (date(key // 10_000, key // 100 % 100, key % 100) - _EPOCH).days
        except ValueError:
            mapping[key] = None
    return keys.replace_strict(mapping, default=None, return_dtype=pl.Int64)


def _offset_minutes(groups: set[str]) -> pl.Expr | None:
    if "tzh" in groups:
        return (pl.col("tzh").cast(pl.Float64, strict=False) * 60).round().cast(pl.Int64)
    if "tz" not in groups:
        return None
    tz = pl.col("tz").str.strip_chars(" ").str.replace(":", "", literal=True)
    sign = pl.when(tz.str.starts_with("-")).then(-1).otherwise(1)
    hours = tz.str.slice(1, 2).cast(pl.Int64, strict=False)
    minutes = tz.str.slice(3, 2).cast(pl.Int64, strict=False).fill_null(0)
    return pl.when(tz.is_in(["Z", "UTC", "GMT"])).then(0).otherwise(sign * (hours * 60 + minutes))


def timestamps(groups_frame: pl.DataFrame, groups: set[str], assumed: datetime) -> pl.Series:
    """Datetime[us] per row (naive UTC when the line states its offset, else as written)."""
    if "epoch" in groups or "epoch_ms" in groups:
        seconds = pl.col("epoch").cast(pl.Float64, strict=False) if "epoch" in groups else \
            pl.col("epoch_ms").cast(pl.Float64, strict=False) / 1000
        seconds = pl.when(seconds > 1e11).then(seconds / 1000).otherwise(seconds)
        micros = (seconds * _US_PER_S).round().cast(pl.Int64)  # as timedelta(seconds=…) rounds
        return groups_frame.select(micros.cast(pl.Datetime("us")).alias("ts"))["ts"]
    if "elapsed_s" in groups:
        base = int((datetime(assumed.year, assumed.month, assumed.day) - datetime(1970, 1, 1)).total_seconds())
        ms = _int("elapsed_ms").fill_null(0) if "elapsed_ms" in groups else pl.lit(0)
        micros = (_int("elapsed_s") + base) * _US_PER_S + ms * 1000
        return groups_frame.select(micros.cast(pl.Datetime("us")).alias("ts"))["ts"]
    if "hour" not in groups:
        return pl.Series("ts", [None] * groups_frame.height, dtype=pl.Datetime("us"))
    return _wall_clock(groups_frame, groups, assumed)


def _wall_clock(frame: pl.DataFrame, groups: set[str], assumed: datetime) -> pl.Series:
    day = _int("day").fill_null(assumed.day) if "day" in groups else pl.lit(assumed.day, dtype=pl.Int64)
    hour = _int("hour")
    if "ampm" in groups:
        hour = hour % 12 + pl.when(pl.col("ampm").str.to_uppercase() == "PM").then(12).otherwise(0)
    parts = frame.select(_year(groups, assumed).alias("_y"), _month(groups, assumed).alias("_mo"), day.alias("_d"),
                         hour.alias("_h"), _int("minute").fill_null(0).alias("_mi"),
                         (_int("second").fill_null(0) if "second" in groups else pl.lit(0)).alias("_s"),
                         (_frac_us() if "frac" in groups else pl.lit(0)).alias("_us"))
    parts = parts.with_columns(_epoch_days(parts).alias("_days"))
    valid = (pl.col("_h") < 24) & (pl.col("_mi") < 60) & (pl.col("_s") < 61)
    micros = ((pl.col("_days") * 86_400 + pl.col("_h") * 3600 + pl.col("_mi") * 60 + pl.col("_s")) * _US_PER_S
              + pl.col("_us"))
    offset = _offset_minutes(groups)
    if offset is not None:
        parts = parts.with_columns(frame.select(offset.alias("_off"))["_off"])
        micros = micros - pl.col("_off").fill_null(0) * 60 * _US_PER_S
    return parts.select(pl.when(valid).then(micros).cast(pl.Datetime("us")).alias("ts"))["ts"]
