"""What the stats panel shows for a dump, computed off the GUI thread (plain Python, no Qt here).

:func:`build_view` turns an imported :class:`StatsDump` into one :class:`PcView` per PeerConnection:
the derived series sorted into the graph groups with short labels, the state strip's spans
(ICE / connection state, ``qualityLimitationReason``), the ICE summary with the error codes the
findings call benign, and the codecs of the last answer. Times on the graphs are epoch seconds of
our naive-UTC datetimes (see ``widgets/histogram.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.stats import load_dump
from workbench.core.stats.derive import DerivedSeries, derive_series, quality_spans
from workbench.core.stats.findings import stats_findings
from workbench.core.stats.ice import IceSummary, ice_summary
from workbench.core.stats.model import Event, PeerConnection, StatsDump
from workbench.core.stats.rules import load_rules
from workbench.core.stats.sdp import negotiated_codecs
from workbench.core.stats.timeline import dump_events

ICE_ROW, CONNECTION_ROW, LIMIT_ROW = "ICE", "connection", "limitation"
STRIP_ROWS = (ICE_ROW, CONNECTION_ROW, LIMIT_ROW)  # top to bottom
_ROW_EVENTS = {ICE_ROW: ("oniceconnectionstatechange", "legacyIceConnectionStateChange"),
               CONNECTION_ROW: ("onconnectionstatechange",)}
_DIRECTION = {"outbound-rtp": "out", "inbound-rtp": "in", "remote-inbound-rtp": "remote-in", "candidate-pair": "pair",
              "googCandidatePair": "pair", "media-source": "source", "VideoBwe": "bwe"}
_METRIC_LABEL = {"bitrate-send": "send", "bitrate-recv": "recv", "availableOutgoingBitrate": "available",
                 "rtt": "RTT", "pli": "PLI/s", "nack": "NACK/s", "frameHeight": "height", "freezes": "freezes"}


@dataclass(frozen=True)
class PlotGroup:
    """One stacked plot: the metrics on its left axis and, optionally, on a right axis."""

    key: str
    label: str
    unit: str
    metrics: tuple[str, ...]
    right_metrics: tuple[str, ...] = ()
    right_label: str = ""
    right_unit: str = ""

    def side_of(self, metric: str) -> str | None:
        """``left``, ``right`` or None when the metric is not drawn here."""
        if metric in self.metrics:
            return "left"
        return "right" if metric in self.right_metrics else None


PLOT_GROUPS: tuple[PlotGroup, ...] = (
    PlotGroup("bitrate", "bitrate", "bps", ("bitrate", "bitrate-send", "bitrate-recv")),
    PlotGroup("loss", "loss", "%", ("loss",)),
    PlotGroup("delay", "RTT / jitter", "ms", ("rtt", "jitter")),
    PlotGroup("video", "frame rate", "fps", ("fps",), ("frameHeight",), "height", "px"),
    PlotGroup("events", "freezes/PLI/NACK", "", ("freezes", "pli", "nack")),
    PlotGroup("bwe", "avail. out", "bps", ("availableOutgoingBitrate",)),
)


@dataclass(frozen=True)
class Span:
    """A stretch of one strip row in one state (``connected``, ``bandwidth``…)."""

    row: str
    start: datetime
    end: datetime
    state: str


@dataclass
class PlotSeries:
    """One curve: the derived series, its legend label, its group and axis, x as epoch seconds."""

    series: DerivedSeries
    label: str
    group: str
    side: str
    seconds: np.ndarray

    @property
    def key(self) -> str:
        """Unique within a PeerConnection (the derived series' name)."""
        return self.series.name


@dataclass
class PcView:
    """Everything the Graphs and ICE tabs show for one PeerConnection."""

    pc_id: str
    start: datetime | None
    end: datetime | None
    plots: list[PlotSeries]
    spans: list[Span]
    ice: IceSummary
    benign_codes: frozenset[int] = frozenset()
    codecs: dict[str, list[str]] = field(default_factory=dict)

    def plots_of(self, group: str) -> list[PlotSeries]:
        return [p for p in self.plots if p.group == group]


@dataclass
class DumpView:
    """A whole dump, ready to show: per-PC views, the event table, the summary line."""

    path: str
    dump: StatsDump
    pcs: dict[str, PcView]
    events: list[Event]
    summary: str


def epoch_seconds(times: np.ndarray) -> np.ndarray:
    """``datetime64`` (UTC) → float epoch seconds."""
    return times.astype("datetime64[ms]").astype(np.int64).astype(np.float64) / 1000.0


def series_label(series: DerivedSeries) -> str:
    """``out video bitrate``, ``pair send``, ``remote-in audio RTT``: what the legend says."""
    direction = _DIRECTION.get(series.stats_type, series.stats_type)
    if series.stats_type == "ssrc":  # legacy goog stats: the counter says which way
        direction = "out" if "Sent" in series.field else "in"
    metric = _METRIC_LABEL.get(series.metric, series.metric)
    return " ".join(part for part in (direction, series.kind, metric) if part)


def _wanted(series: DerivedSeries, selected_pairs: set[str]) -> bool:
    """Candidate pairs that carried nothing (dozens in a legacy dump) only add noise."""
    if series.stats_type not in ("candidate-pair", "googCandidatePair") or series.stats_id in selected_pairs:
        return True
    return bool(np.nanmax(np.abs(series.values)) > 0)


def plot_series(pc: PeerConnection, ice: IceSummary) -> list[PlotSeries]:
    """The derived series that have a graph, labelled (labels made unique with the stats id)."""
    selected = {p.id for p in ice.pairs if p.selected}
    out: list[PlotSeries] = []
    for series in derive_series(pc).values():
        group = next((g for g in PLOT_GROUPS if g.side_of(series.metric)), None)
        if group is None or not _wanted(series, selected):
            continue
        out.append(PlotSeries(series, series_label(series), group.key, group.side_of(series.metric) or "left",
                              epoch_seconds(series.times)))
    counts: dict[str, int] = {}
    for item in out:
        counts[item.label] = counts.get(item.label, 0) + 1
    for item in out:
        if counts[item.label] > 1:
            item.label = f"{item.label} {item.series.stats_id[-8:]}"
    return out


def _event_spans(pc: PeerConnection, row: str, end: datetime) -> list[Span]:
    """Each state from its change to the next one (the last to ``end``); ``new`` before the first."""
    events = next((found for types in _ROW_EVENTS[row] if (found := pc.events_of(types))), [])
    if not events:
        return []
    spans: list[Span] = []
    if pc.events and pc.events[0].time < events[0].time:
        spans.append(Span(row, pc.events[0].time, events[0].time, "new"))
    for event, following in zip(events, [*events[1:], None], strict=True):
        spans.append(Span(row, event.time, following.time if following else max(end, event.time), event.value))
    return spans


def _limit_spans(pc: PeerConnection) -> list[Span]:
    """qualityLimitationReason runs, each stretched to the next run's first sample so none is 0 s wide."""
    spans: list[Span] = []
    for runs in quality_spans(pc).values():
        for (start, end, reason), following in zip(runs, [*runs[1:], None], strict=True):
            spans.append(Span(LIMIT_ROW, start, following[0] if following else end, reason))
    return spans


def state_spans(pc: PeerConnection) -> list[Span]:
    """The strip's content: ICE connection state, connection state, limitation reason."""
    first, last = pc.time_range()
    ends = [t for t in (last, pc.events[-1].time if pc.events else None) if t is not None]
    end = max(ends) if ends else (first or datetime(1970, 1, 1))
    return [*_event_spans(pc, ICE_ROW, end), *_event_spans(pc, CONNECTION_ROW, end), *_limit_spans(pc)]


def _benign_codes(pc_id: str, found: list[dict[str, Any]]) -> frozenset[int]:
    """Error codes of this PC that a finding calls benign (the connection succeeded anyway)."""
    rules = load_rules()
    codes: set[int] = set()
    for item in found:
        rule = rules.get(item["id"], {})
        if rule.get("check") != "ice-errors-benign":
            continue
        if any(e["text"].startswith(f"[pc {pc_id}]") for e in item["evidence"]):
            codes.update(int(c) for c in rule.get("benign_codes", []))
    return frozenset(codes)


def pc_view(pc: PeerConnection, found: list[dict[str, Any]]) -> PcView:
    """One PeerConnection's graphs, strip and ICE data."""
    ice = ice_summary(pc)
    start, end = pc.time_range()
    spans = state_spans(pc)
    times = [t for span in spans for t in (span.start, span.end)]
    start = min([t for t in (start, *times) if t is not None], default=None)
    end = max([t for t in (end, *times) if t is not None], default=None)
    return PcView(pc.id, start, end, plot_series(pc, ice), spans, ice, _benign_codes(pc.id, found),
                  negotiated_codecs(pc))


def states_reached(pc: PeerConnection) -> list[str]:
    """ICE connection states in the order first reached (``checking``, ``connected``…)."""
    events = next((found for types in _ROW_EVENTS[ICE_ROW] if (found := pc.events_of(types))), [])
    return list(dict.fromkeys(e.value for e in events))


def summary_line(dump: StatsDump) -> str:
    """``2 PeerConnections · 92-1: checking → connected; 94-1: … · codecs: opus, VP8``."""
    if not dump.peer_connections:
        return dump.summary
    count = len(dump.peer_connections)
    parts = [f"{count} PeerConnection{'s' if count > 1 else ''}"]
    parts.append("; ".join(f"{pc_id}: {' → '.join(states_reached(pc)) or 'no state change'}"
                           for pc_id, pc in dump.peer_connections.items()))
    codecs: dict[str, None] = {}
    for pc in dump.peer_connections.values():
        for kind, names in negotiated_codecs(pc).items():
            codecs.update({f"{kind} {name}": None for name in names})
    parts.append(f"codecs: {', '.join(codecs) or 'none negotiated'}")
    return " · ".join(parts)


def build_view(path: str, dump: StatsDump, *, progress: ProgressFn = null_progress,
               cancel: CancelToken = NEVER) -> DumpView:
    """Everything the panel shows for ``dump`` (runs in a task lane: derive_series can be slow)."""
    found = stats_findings(dump, path)
    pcs: dict[str, PcView] = {}
    total = len(dump.peer_connections)
    for done, (pc_id, pc) in enumerate(dump.peer_connections.items()):
        cancel.raise_if_cancelled()
        progress(done, total, f"PeerConnection {pc_id}")
        pcs[pc_id] = pc_view(pc, found)
    cancel.raise_if_cancelled()
    return DumpView(path, dump, pcs, dump_events(dump), summary_line(dump))


def load_view(path: str, *, progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> DumpView:
    """Import the dump at ``path`` and build its view (for ``StatsPanel.set_dump(path, None)``)."""
    dump = load_dump(Path(path), progress=progress, cancel=cancel)
    return build_view(path, dump, progress=progress, cancel=cancel)
