"""Time series an engineer reads: rates from counters, units people use (bps, ms, %), state spans.

Stats are cumulative counters sampled about once a second; rates are Δcounter/Δt. A counter that goes
down means the stream or the sender restarted (ICE restart, track replaced, new SSRC): that interval
gets NaN, not a negative rate, and the next interval counts from the new value. Legacy ``goog*``
stats (strings, milliseconds) are read through the same table with their own field names and scales.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from workbench.core.stats.model import PeerConnection, StatsSeries, datetime64_to_datetime

OUT, IN, REMOTE_IN = ("outbound-rtp", "ssrc"), ("inbound-rtp", "ssrc"), ("remote-inbound-rtp",)
RTP = ("outbound-rtp", "inbound-rtp", "ssrc")
PAIR = ("candidate-pair", "googCandidatePair")
Calc = Callable[[StatsSeries], tuple[np.ndarray | None, str]]


@dataclass
class DerivedSeries:
    """One plotted line: ``values`` (float64, NaN = no value) at ``times`` (datetime64[ms], UTC)."""

    name: str
    unit: str
    times: np.ndarray
    values: np.ndarray
    metric: str = ""
    stats_id: str = ""
    stats_type: str = ""
    kind: str = ""
    field: str = ""  # the stats field it was computed from (evidence)
    source: StatsSeries | None = None


def counter_delta(values: np.ndarray) -> np.ndarray:
    """Per-sample increase of a cumulative counter; NaN for the first sample and after a reset."""
    delta = np.diff(values, prepend=np.nan)
    delta[delta < 0] = np.nan  # restart: never a negative rate
    return delta


def seconds_delta(times: np.ndarray) -> np.ndarray:
    """Seconds since the previous sample (NaN where unknown or not increasing)."""
    ms = times.astype("datetime64[ms]").astype(np.int64).astype(np.float64)
    delta = np.diff(ms, prepend=np.nan) / 1000.0
    delta[~(delta > 0)] = np.nan
    return delta


def _first(series: StatsSeries, names: tuple[str, ...]) -> tuple[np.ndarray | None, str]:
    for name in names:
        values = series.numbers(name)
        if values is not None and not np.isnan(values).all():
            return values, name
    return None, ""


def _value(*names: str, scale: float = 1.0) -> Calc:
    def calc(series: StatsSeries) -> tuple[np.ndarray | None, str]:
        values, name = _first(series, names)
        return (None if values is None else values * scale), name
    return calc


def _rate(*names: str, scale: float = 1.0) -> Calc:
    def calc(series: StatsSeries) -> tuple[np.ndarray | None, str]:
        values, name = _first(series, names)
        if values is None:
            return None, ""
        with np.errstate(invalid="ignore", divide="ignore"):
            return counter_delta(values) / seconds_delta(series.times) * scale, name
    return calc


def _delta(*names: str) -> Calc:
    def calc(series: StatsSeries) -> tuple[np.ndarray | None, str]:
        values, name = _first(series, names)
        return (None if values is None else counter_delta(values)), name
    return calc


def _delta_ratio(numerator: str, denominator: str, scale: float) -> Calc:
    """Δnumerator/Δdenominator (jitter-buffer delay per emitted sample, concealed share…)."""
    def calc(series: StatsSeries) -> tuple[np.ndarray | None, str]:
        top, bottom = series.numbers(numerator), series.numbers(denominator)
        if top is None or bottom is None:
            return None, ""
        d_top, d_bottom = counter_delta(top), counter_delta(bottom)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(d_bottom > 0, d_top / d_bottom * scale, np.nan), numerator
    return calc


def _loss(series: StatsSeries) -> tuple[np.ndarray | None, str]:
    """Packets lost in the interval as % of packets expected (lost + received)."""
    lost, received = series.numbers("packetsLost"), series.numbers("packetsReceived")
    if lost is None or received is None:
        return None, ""
    d_received = counter_delta(received)
    # packetsLost may drop a little when late packets arrive (RFC 3550): that is no loss, not a reset
    d_lost = np.clip(np.diff(lost, prepend=np.nan), 0, None)
    expected = d_lost + d_received
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(expected > 0, d_lost / expected * 100.0, np.nan), "packetsLost"


# (metric, unit, stats types, how): the order is the order of the graphs.
METRICS: list[tuple[str, str, tuple[str, ...], Calc]] = [
    ("bitrate", "bps", RTP, _rate("bytesSent", "bytesReceived", scale=8.0)),
    ("bitrate-send", "bps", PAIR, _rate("bytesSent", scale=8.0)),
    ("bitrate-recv", "bps", PAIR, _rate("bytesReceived", scale=8.0)),
    ("availableOutgoingBitrate", "bps", (*PAIR, "VideoBwe"),
     _value("availableOutgoingBitrate", "googAvailableSendBandwidth")),
    ("loss", "%", IN, _loss),
    ("loss", "%", REMOTE_IN, _value("fractionLost", scale=100.0)),
    ("jitter", "ms", (*IN, *REMOTE_IN), _value("jitter", scale=1000.0)),
    ("jitter", "ms", ("ssrc",), _value("googJitterReceived")),
    ("rtt", "ms", REMOTE_IN, _value("roundTripTime", scale=1000.0)),
    ("rtt", "ms", ("candidate-pair",), _value("currentRoundTripTime", scale=1000.0)),
    ("rtt", "ms", ("ssrc", "googCandidatePair"), _value("googRtt")),
    ("fps", "fps", RTP, _value("framesPerSecond", "googFrameRateSent", "googFrameRateReceived")),
    ("frameWidth", "px", RTP, _value("frameWidth", "googFrameWidthSent", "googFrameWidthReceived")),
    ("frameHeight", "px", RTP, _value("frameHeight", "googFrameHeightSent", "googFrameHeightReceived")),
    ("freezes", "count", IN, _delta("freezeCount")),
    ("freezeDuration", "s", IN, _delta("totalFreezesDuration")),
    ("framesDropped", "count", IN, _delta("framesDropped")),
    ("pli", "1/s", RTP, _rate("pliCount", "googPlisReceived", "googPlisSent")),
    ("fir", "1/s", RTP, _rate("firCount", "googFirsReceived", "googFirsSent")),
    ("nack", "1/s", RTP, _rate("nackCount", "googNacksReceived", "googNacksSent")),
    ("jitterBufferDelay", "ms", IN, _delta_ratio("jitterBufferDelay", "jitterBufferEmittedCount", 1000.0)),
    ("audioLevel", "", (*IN, "media-source"), _value("audioLevel")),
    ("concealed", "%", IN, _delta_ratio("concealedSamples", "totalSamplesReceived", 100.0)),
]


def stream_kind(series: StatsSeries) -> str:
    """``audio``/``video`` from the stats (``kind``, ``mediaType``) or the legacy id prefix."""
    kind = series.last("kind") or series.last("mediaType")
    if kind:
        return str(kind)
    low = series.id.lower()
    return "video" if "video" in low else ("audio" if "audio" in low else "")


def series_name(series: StatsSeries, metric: str) -> str:
    """``outbound-rtp video OT01V… bitrate``; candidate pairs have no kind."""
    kind = stream_kind(series) if series.type not in PAIR else ""
    return " ".join(part for part in (series.type, kind, series.id, metric) if part)


def derive_series(pc: PeerConnection) -> dict[str, DerivedSeries]:
    """Every metric of every RTP stream and candidate pair of ``pc`` that has data."""
    out: dict[str, DerivedSeries] = {}
    for series in pc.series.values():
        if len(series) == 0:
            continue
        for metric, unit, types, calc in METRICS:
            if series.type not in types:
                continue
            name = series_name(series, metric)
            if name in out:
                continue  # an earlier row of the table already covered this metric
            values, source = calc(series)
            if values is None or np.isnan(values).all():
                continue
            out[name] = DerivedSeries(name, unit, series.times, values, metric, series.id, series.type,
                                      stream_kind(series), source, series)
    return out


def _reasons(series: StatsSeries) -> list[str | None]:
    """Per sample: qualityLimitationReason, or cpu/bandwidth from the legacy goog booleans."""
    reasons = series.fields.get("qualityLimitationReason")
    if isinstance(reasons, list):
        return [None if r is None else str(r) for r in reasons]
    cpu = series.fields.get("googCpuLimitedResolution")
    bandwidth = series.fields.get("googBandwidthLimitedResolution")
    if not isinstance(cpu, list) and not isinstance(bandwidth, list):
        return []
    out: list[str | None] = []
    for i in range(len(series)):
        if isinstance(cpu, list) and cpu[i] in (True, "true"):
            out.append("cpu")
        elif isinstance(bandwidth, list) and bandwidth[i] in (True, "true"):
            out.append("bandwidth")
        else:
            out.append("none")
    return out


def limitation_spans(series: StatsSeries) -> list[tuple[datetime, datetime, str]]:
    """Runs of the same ``qualityLimitationReason``: (first sample, last sample, reason)."""
    reasons = _reasons(series)
    spans: list[tuple[datetime, datetime, str]] = []
    start = None
    for i, reason in enumerate(reasons):
        if reason is None:
            continue
        if start is None or reasons[start] != reason:
            start = i
            spans.append((datetime64_to_datetime(series.times[i]), datetime64_to_datetime(series.times[i]), reason))
        else:
            spans[-1] = (spans[-1][0], datetime64_to_datetime(series.times[i]), reason)
    return spans


def limitation_counts(series: StatsSeries) -> dict[str, int]:
    """Samples per limitation reason (``{"bandwidth": 17, "none": 1}``)."""
    counts: dict[str, int] = {}
    for reason in _reasons(series):
        if reason is not None:
            counts[reason] = counts.get(reason, 0) + 1
    return counts


def quality_spans(pc: PeerConnection) -> dict[str, list[tuple[datetime, datetime, str]]]:
    """Limitation spans of every sending stream, keyed like the derived series (metric ``limitation``)."""
    return {series_name(s, "limitation"): spans for s in pc.series_of("outbound-rtp", "ssrc")
            if (spans := limitation_spans(s))}
