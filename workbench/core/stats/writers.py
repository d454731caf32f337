"""Write a synthetic :class:`~workbench.core.stats.synthetic.Scenario` as a dump file.

Three shapes, as the real files are: webrtc-internals of current Chrome (epoch-ms ``timestamp``,
``statsType``), webrtc-internals of Chrome 86 (locale ``time`` strings, JS-like ``rtcConfiguration``,
type only in the id prefix, old event names), and an rtcstats v3 recording (delta times, optionally
delta-compressed getStats exactly as rtcstats.js ``deltaCompression`` does it).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from workbench.core.stats.synthetic import PAGE, UA, Scenario, call_events, call_reports, gum_records

_COMPACT = (",", ":")
_LEGACY_PREFIX = {("outbound-rtp", "video"): "RTCOutboundRTPVideoStream_", ("outbound-rtp", "audio"):
                  "RTCOutboundRTPAudioStream_", ("inbound-rtp", "video"): "RTCInboundRTPVideoStream_",
                  ("inbound-rtp", "audio"): "RTCInboundRTPAudioStream_",
                  ("remote-inbound-rtp", "video"): "RTCRemoteInboundRtpVideoStream_",
                  ("transport", None): "RTCTransport_", ("candidate-pair", None): "RTCIceCandidatePair_",
                  ("local-candidate", None): "RTCIceCandidate_", ("remote-candidate", None): "RTCIceCandidate_",
                  ("codec", None): "RTCCodec_", ("peer-connection", None): "RTCPeerConnection_"}
_LEGACY_EVENTS = {"oniceconnectionstatechange": "iceConnectionStateChange",
                  "onconnectionstatechange": "connectionStateChange", "onsignalingstatechange": "signalingStateChange",
                  "onicegatheringstatechange": "iceGatheringStateChange", "onicecandidate": "onIceCandidate",
                  "onicecandidateerror": "icecandidateerror"}


def _iso(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _samples(sc: Scenario) -> list[dict[str, dict[str, Any]]]:
    return [call_reports(sc, i) for i in range(sc.seconds)]


def _stats(sc: Scenario, samples: list[dict[str, dict[str, Any]]], legacy: bool) -> dict[str, Any]:
    """``"<id>-<field>"`` series of the whole call (every report exists in every sample)."""
    stats: dict[str, Any] = {}
    renamed = _legacy_ids(samples[0]) if legacy else {rid: rid for rid in samples[0]}
    for rid, first in samples[0].items():
        for name in first:
            if name == "id" or (legacy and name in ("timestamp", "type")):
                continue
            values = [sample[rid].get(name) for sample in samples]
            if legacy and isinstance(values[0], str) and values[0] in renamed:
                values = [renamed.get(v, v) for v in values]
            entry = {"startTime": _iso(sc.at(1)), "endTime": _iso(sc.at(sc.seconds))}
            if not legacy:
                entry["statsType"] = first["type"]
            entry["values"] = json.dumps(values, separators=_COMPACT)
            stats[f"{renamed[rid]}-{name}"] = entry
    return stats


def _legacy_ids(sample: dict[str, dict[str, Any]]) -> dict[str, str]:
    out = {}
    for rid, report in sample.items():
        prefix = _LEGACY_PREFIX.get((report["type"], report.get("kind"))) or _LEGACY_PREFIX.get((report["type"], None))
        out[rid] = f"{prefix}{rid}" if prefix else rid
    return out


def _gum_entries(sc: Scenario) -> list[dict[str, Any]]:
    base = {"rid": 1, "pid": 8812, "origin": "https://app.example.com"}
    entries = []
    for seconds, kind, fields in gum_records(sc):
        extra = {"request_type": "getUserMedia"} if kind == "request" else {}
        entries.append({**base, **extra, **fields, "timestamp": sc.ms(seconds)})
    return entries


def internals_json(sc: Scenario) -> str:
    """A current-Chrome webrtc-internals dump (one-space indent, like "Create Dump")."""
    events = call_events(sc)
    config = events[0][2]
    log = [{"type": kind, "value": value, "timestamp": sc.ms(t)} for t, kind, value in events[1:]]
    pc = {"pid": 8812, "rtcConfiguration": config, "stats": _stats(sc, _samples(sc), False),
          "updateLog": log, "url": PAGE}
    dump = {"deviceMemory": 8, "hardwareConcurrency": 8, "timestamp": sc.ms(sc.seconds + 2),
            "getUserMedia": _gum_entries(sc), "PeerConnections": {sc.pc_id: pc}, "UserAgent": UA,
            "UserAgentData": {"brands": [{"brand": "Google Chrome", "version": "131"}], "mobile": False,
                              "platform": "Windows", "platformVersion": "15.0.0"}}
    return json.dumps(dump, indent=1)


def _locale(moment: datetime, day_first: bool) -> str:
    if day_first:  # en-GB
        return f"{moment:%d/%m/%Y, %H:%M:%S}"
    hour = moment.hour % 12 or 12  # en-US
    return f"{moment.month}/{moment.day}/{moment.year}, {hour}:{moment:%M:%S} {'PM' if moment.hour >= 12 else 'AM'}"


def _legacy_value(kind: str, value: str) -> str:
    if kind == "onsignalingstatechange":
        words = value.strip('"').split("-")
        return "SignalingState" + "".join(w.capitalize() for w in words)
    if kind in _LEGACY_EVENTS and value.startswith('"'):
        return value.strip('"')
    if kind == "onicecandidateerror":
        return "\n".join(f"{k}: {v}" for k, v in json.loads(value).items())
    if '"sdp"' in value:
        data = json.loads(value)
        return f"type: {data['type']}, sdp: {data['sdp']}"
    return value


def internals_legacy_json(sc: Scenario, *, day_first: bool = False, utc_offset_h: float = 3.0) -> str:
    """A Chrome 86 style dump: local ``time`` strings in the given zone and date order."""
    events = call_events(sc)
    urls = [u for server in sc.ice_servers for u in server.get("urls", [])]
    config = f"{{ iceServers: [{', '.join(urls)}], iceTransportPolicy: all, bundlePolicy: max-bundle }}"
    offset = timedelta(hours=utc_offset_h)
    log = [{"time": _locale(sc.at(t) + offset, day_first), "type": _LEGACY_EVENTS.get(kind, kind),
            "value": _legacy_value(kind, value)} for t, kind, value in events[1:]]
    pc = {"constraints": "", "rtcConfiguration": config, "stats": _stats(sc, _samples(sc), True),
          "updateLog": log, "url": PAGE}
    dump = {"getUserMedia": _gum_entries(sc)[:1], "PeerConnections": {sc.pc_id: pc},
            "UserAgent": UA.replace("131.0.0.0", "86.0.4240.111")}
    return json.dumps(dump, indent=1)


def compress(previous: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """rtcstats.js ``deltaCompression``: drop ids and unchanged fields, hoist the newest timestamp."""
    out: dict[str, Any] = {}
    for rid, report in current.items():
        old = previous.get(rid)
        out[rid] = {k: v for k, v in report.items() if k != "id" and (old is None or old.get(k) != v)}
    newest = max((r.get("timestamp", float("-inf")) for r in out.values()), default=0)
    for report in out.values():
        if report.get("timestamp") == newest:
            report["timestamp"] = 0
    out["timestamp"] = newest
    return out


def _event_value(value: str) -> Any:
    try:
        return json.loads(value) if value else None
    except ValueError:
        return value


def _rtcstats_records(sc: Scenario, compressed: bool) -> list[tuple[float, list[Any]]]:
    media_id = sc.pc_id.split("-")[0] + "-0"
    client = {"hardwareConcurrency": 8, "deviceMemory": 8,
              "userAgentData": {"brands": [{"brand": "Google Chrome", "version": "131"}], "platform": "Windows"}}
    records: list[tuple[float, list[Any]]] = [(-3.0, ["create", None, client])]
    names = {"request": "getUserMedia", "success": "getUserMediaOnSuccess", "failure": "getUserMediaOnFailure"}
    for seconds, kind, fields in gum_records(sc):
        value: Any = {k: v for k, v in fields.items() if k != "request_id"}
        if kind == "failure":
            value = f"{fields['error']}: {fields['error_message']}"
        records.append((seconds, [f"navigator.mediaDevices.{names[kind]}", media_id, value,
                                  f"getUserMedia-{media_id}-{fields['request_id']}"]))
    events = call_events(sc)
    records.append((0.0, ["create", sc.pc_id, json.loads(events[0][2]), PAGE]))
    records += [(t, [kind, sc.pc_id, value if value[:1] == '"' else _event_value(value)])
                for t, kind, value in events[1:]]
    previous: dict[str, dict[str, Any]] = {}
    for i in range(sc.seconds):
        current = call_reports(sc, i)
        records.append((i + 1.0, ["getStats", sc.pc_id, compress(previous, current) if compressed else current]))
        previous = current
    records.sort(key=lambda r: r[0])
    return records


def rtcstats_text(sc: Scenario, *, compressed: bool = True, numeric_ids: bool = False) -> str:
    """An rtcstats v3 recording: header, metadata, records with delta times (the first absolute)."""
    meta = {"url": PAGE, "userAgent": UA, "startTime": sc.ms(-3.0), "fileFormat": 3}
    lines = ["RTCStatsDump", json.dumps(meta, separators=_COMPACT)]
    ids = {"create": 39, "navigator.mediaDevices.getUserMedia": 60,
           "navigator.mediaDevices.getUserMediaOnSuccess": 61} if numeric_ids else {}
    last = None
    for seconds, record in _rtcstats_records(sc, compressed):
        now = sc.ms(seconds)
        record = [ids.get(record[0], record[0]), *record[1:], now if last is None else round(now - last, 3)]
        last = now
        lines.append(json.dumps(record, separators=_COMPACT))
    return "\n".join(lines)
