"""Findings from a stats dump, in the report's JSON shape, driven by ``resources/rules/stats.json``.

Each rule names a ``check``; the checks here turn one PeerConnection (its ICE summary and derived
series) or the dump's media requests into findings with evidence lines in the dump file. What counts
as "too much" (loss %, consecutive samples, share of the call…) comes from the rule, never from here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from workbench.core.stats.derive import DerivedSeries, derive_series, limitation_counts, stream_kind
from workbench.core.stats.ice import CONNECTED, IceSummary, ice_summary
from workbench.core.stats.media import media_failures
from workbench.core.stats.model import Event, PeerConnection, StatsDump, datetime64_to_datetime
from workbench.core.stats.rules import SEVERITIES, evidence, finding, load_rules

MAX_EVIDENCE = 5


@dataclass
class _Context:
    """What the checks of one PeerConnection look at."""

    file: str
    pc: PeerConnection
    ice: IceSummary
    derived: dict[str, DerivedSeries] = field(default_factory=dict)


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M:%S} UTC"


def _event_evidence(ctx: _Context, event: Event) -> dict[str, Any]:
    return evidence(ctx.file, event.source_line, f"[pc {ctx.pc.id}] {event.type}: {event.value}")


def _connected_before(states: list[Event], moment: datetime) -> bool:
    return any(e.value in CONNECTED and e.time <= moment for e in states)


def _ice_failed(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    states = ctx.ice.states
    failed = next((e for e in states if e.value == "failed"), None)
    if failed is None:
        return []
    before = [e for e in states if e.time <= failed.time and e is not failed]
    dropped = next((e for e in reversed(before) if e.value == "disconnected"), None)
    history = f" (disconnected since {_clock(dropped.time)})" if dropped else ""
    never = not _connected_before(before, failed.time)
    items = [_event_evidence(ctx, e) for e in (failed, dropped) if e is not None]
    return [finding(rule_id, rule, {"pc": ctx.pc.id, "time": _clock(failed.time), "history": history}, items,
                    severity=rule.get("severity_never_connected") if never else None)]


def _ice_recovered(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    states = ctx.pc.events_of("oniceconnectionstatechange") or ctx.ice.states
    episodes, start = [], None
    for event in states:
        if event.value == "disconnected" and start is None:
            start = event
        elif event.value in CONNECTED and start is not None:
            if (event.time - start.time).total_seconds() <= float(rule["max_outage_s"]):
                episodes.append((start, event))
            start = None
        elif event.value == "failed":
            start = None  # that is the ice-failed rule's business
    if not episodes:
        return []
    first, back = episodes[0]
    seconds = round((back.time - first.time).total_seconds(), 1)
    items = [_event_evidence(ctx, e) for pair in episodes[:2] for e in pair]
    return [finding(rule_id, rule, {"pc": ctx.pc.id, "count": len(episodes), "time": _clock(first.time),
                                    "seconds": seconds}, items)]


def _config_evidence(ctx: _Context) -> dict[str, Any]:
    return evidence(ctx.file, ctx.pc.source_line, f"[pc {ctx.pc.id}] iceServers: {', '.join(ctx.ice.ice_servers)}")


def _candidate_evidence(ctx: _Context) -> list[dict[str, Any]]:
    gathered = ctx.pc.events_of("onicecandidate")[:2]
    return [_config_evidence(ctx)] + [_event_evidence(ctx, e) for e in gathered]


def _no_srflx_relay(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    kinds = ctx.ice.server_kinds
    if not kinds or not ctx.ice.local or ctx.ice.gathered_types & {"srflx", "relay"}:
        return []
    urls = ctx.ice.ice_servers
    servers = f"{'/'.join(sorted(k.upper() for k in kinds))} server{'s are' if len(urls) > 1 else ' is'}"
    severity = None if ctx.ice.connected else rule.get("severity_not_connected")
    return [finding(rule_id, rule, {"pc": ctx.pc.id, "servers": servers}, _candidate_evidence(ctx),
                    severity=severity)]


def _turn_no_relay(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    gathered = ctx.ice.gathered_types
    if "turn" not in ctx.ice.server_kinds or "srflx" not in gathered or "relay" in gathered:
        return []
    return [finding(rule_id, rule, {"pc": ctx.pc.id}, _candidate_evidence(ctx))]


def _error_summary(errors: list[Any]) -> str:
    counts = Counter((e.code, e.text, e.url) for e in errors)
    return "; ".join(f"{code} ×{n}: {text} ({url})" for (code, text, url), n in counts.most_common(3))


def _benign(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    errors = [e for e in ctx.ice.errors if e.code in rule["benign_codes"]]
    if not errors or not ctx.ice.connected:
        return []
    items = [_event_evidence(ctx, e.event) for e in errors[:MAX_EVIDENCE]]
    return [finding(rule_id, rule, {"pc": ctx.pc.id, "count": len(errors), "codes": _error_summary(errors)}, items)]


def _base_url(url: str) -> str:
    return url.split("?", 1)[0].lower()


def _unreachable(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    errors = [e for e in ctx.ice.errors if e.code in rule["benign_codes"]]
    if not errors or ctx.ice.connected:
        return []
    configured = {_base_url(u) for u in ctx.ice.ice_servers}
    failing = {_base_url(e.url) for e in errors} & configured if configured else {_base_url(e.url) for e in errors}
    partial = bool(configured) and failing != configured
    items = [_event_evidence(ctx, e.event) for e in errors[:MAX_EVIDENCE]]
    return [finding(rule_id, rule, {"pc": ctx.pc.id, "failing": len(failing), "configured": len(configured)},
                    items, severity=rule.get("severity_partial") if partial else None)]


def _rejected(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    low, high = rule["code_range"]
    errors = [e for e in ctx.ice.errors if e.code is not None and low <= e.code <= high]
    if not errors:
        return []
    items = [_event_evidence(ctx, e.event) for e in errors[:MAX_EVIDENCE]]
    severity = None if ctx.ice.connected else rule.get("severity_not_connected")
    return [finding(rule_id, rule, {"pc": ctx.pc.id, "codes": _error_summary(errors)}, items, severity=severity)]


def _limitation(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    reason, out = rule["reason"], []
    for series in ctx.pc.series_of("outbound-rtp", "ssrc"):
        counts = limitation_counts(series)
        total, count = sum(counts.values()), counts.get(reason, 0)
        if not total or count < int(rule["min_samples"]) or count * 100 < float(rule["min_share_pct"]) * total:
            continue
        field_name = "qualityLimitationReason" if "qualityLimitationReason" in series.fields else ""
        column = series.fields.get(field_name) or []
        first = next((i for i, r in enumerate(column) if r == reason), 0)
        text = (f"[pc {ctx.pc.id}] {series.id} qualityLimitationReason={reason} in {count} of {total} samples, "
                f"first at {_clock(datetime64_to_datetime(series.times[first]))}")
        fields = {"pc": ctx.pc.id, "kind": stream_kind(series) or "media", "count": count, "total": total,
                  "share": round(count * 100 / total), "stream": series.id}
        out.append(finding(rule_id, rule, fields, [evidence(ctx.file, series.line_of(field_name, first), text)]))
    return out


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end exclusive) of every run of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=False))


def _sustained(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    threshold, need = float(rule["threshold"]), int(rule["min_consecutive"])
    hits = []
    for series in ctx.derived.values():
        if series.metric != rule["metric"] or series.stats_type not in rule["stats_types"]:
            continue
        with np.errstate(invalid="ignore"):
            runs = [(a, b) for a, b in _runs(series.values > threshold) if b - a >= need]
        if runs:
            start, end = max(runs, key=lambda r: r[1] - r[0])
            hits.append((end - start, float(np.nanmax(series.values[start:end])), start, series))
    if not hits:
        return []
    hits.sort(key=lambda h: (-h[0], -h[1]))
    items = []
    for length, peak, start, series in hits[:MAX_EVIDENCE]:
        when = _clock(datetime64_to_datetime(series.times[start]))
        text = f"[pc {ctx.pc.id}] {series.name}: above {threshold:g} {series.unit} for {length} samples " \
               f"from {when}, peak {peak:.1f}"
        line = series.source.line_of(series.field, start) if series.source else None
        items.append(evidence(ctx.file, line, text))
    fields = {"pc": ctx.pc.id, "threshold": f"{threshold:g}", "samples": hits[0][0],
              "peak": f"{max(h[1] for h in hits):.1f}", "stream": hits[0][3].stats_id}
    return [finding(rule_id, rule, fields, items)]


def _freezes(rule_id: str, rule: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    counts = [s for s in ctx.derived.values() if s.metric == "freezes"]
    total = sum(float(np.nansum(s.values)) for s in counts)
    seconds = sum(float(np.nansum(s.values)) for s in ctx.derived.values() if s.metric == "freezeDuration")
    if total < float(rule["min_freezes"]) or seconds < float(rule["min_duration_s"]):
        return []
    items = []
    for series in counts:
        frozen = np.flatnonzero(np.nan_to_num(series.values) > 0)
        if len(frozen) and series.source is not None:
            text = f"[pc {ctx.pc.id}] {series.stats_id} freezeCount +{int(np.nansum(series.values))}, first at " \
                   f"{_clock(datetime64_to_datetime(series.times[frozen[0]]))}"
            items.append(evidence(ctx.file, series.source.line_of("freezeCount", int(frozen[0])), text))
    return [finding(rule_id, rule, {"pc": ctx.pc.id, "count": int(total), "seconds": round(seconds, 1)}, items)]


PC_CHECKS: dict[str, Callable[[str, dict[str, Any], _Context], list[dict[str, Any]]]] = {
    "ice-failed": _ice_failed, "ice-recovered": _ice_recovered, "no-srflx-relay": _no_srflx_relay,
    "turn-no-relay": _turn_no_relay, "ice-errors-benign": _benign, "ice-servers-unreachable": _unreachable,
    "ice-server-rejected": _rejected, "limitation": _limitation, "sustained": _sustained, "freezes": _freezes,
}


def _media_findings(rule_id: str, rule: dict[str, Any], dump: StatsDump, file: str) -> list[dict[str, Any]]:
    out = []
    for failure in media_failures(dump):
        per_error = rule.get("errors", {}).get(failure.error, {})
        fields = {"request": failure.request, "error": failure.error, "device": failure.device,
                  "message": f" ({failure.message})" if failure.message else "", "pc": "-"}
        item = evidence(file, failure.event.source_line, f"{failure.event.type}: {failure.event.value}")
        out.append(finding(rule_id, rule, fields, [item], severity=per_error.get("severity"),
                           fix_type=per_error.get("fix_type"), advice=per_error.get("advice")))
    return out


def stats_findings(dump: StatsDump, bundle_path: str,
                   rules: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Every finding the rules produce for ``dump``; evidence points into ``bundle_path``, most severe first.

    ``rules`` defaults to ``resources/rules/stats.json`` (tests pass edited copies).
    """
    rules = load_rules() if rules is None else rules
    out: list[dict[str, Any]] = []
    for rule_id, rule in rules.items():
        if rule["check"] == "gum-error":
            out += _media_findings(rule_id, rule, dump, bundle_path)
    for pc in dump.peer_connections.values():
        ctx = _Context(bundle_path, pc, ice_summary(pc), derive_series(pc))
        for rule_id, rule in rules.items():
            check = PC_CHECKS.get(rule["check"])
            if check is not None:
                out += check(rule_id, rule, ctx)
    return sorted(out, key=lambda f: SEVERITIES.index(f["severity"]))
