"""Synthetic calls for tests and benchmarks: one scenario, written as either dump format (see ``writers``).

A :class:`Scenario` describes a call in the terms the rules speak (ICE outcome, gathered candidate
types, loss %, RTT, limitation reason, freezes, PLI rate, a counter reset, a getUserMedia error);
:func:`call_events` and :func:`call_reports` turn it into update-log events and one full getStats
result per second. Values are deterministic so tests can state exact expectations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/131.0.0.0 Safari/537.36")
PAGE = "https://app.example.com/call"
_ADDRESSES = {"host": "192.168.1.23", "srflx": "203.0.113.7", "relay": "198.51.100.9", "prflx": "203.0.113.8"}


def default_servers() -> list[dict[str, Any]]:
    """A TURN server with (fake) credentials and a STUN server."""
    return [{"urls": ["turn:turn.example.net:3478?transport=udp", "turns:turn.example.net:443?transport=tcp"],
             "username": "1732099267:user-7f3a", "credential": "c2VjcmV0LXR1cm4tcGFzcw=="},
            {"urls": ["stun:stun.example.net:3478"]}]


@dataclass
class Scenario:
    """One PeerConnection's call; times are seconds after ``start`` (naive UTC)."""

    seconds: int = 30
    start: datetime = datetime(2024, 11, 20, 10, 41, 7, 250000)
    pc_id: str = "7-1"
    ice_servers: list[dict[str, Any]] = field(default_factory=default_servers)
    states: list[tuple[float, str]] = field(default_factory=lambda: [(0.40, "checking"), (0.48, "connected")])
    local_types: tuple[str, ...] = ("host", "srflx", "relay")
    ice_errors: list[dict[str, Any]] = field(default_factory=list)
    loss_pct: float = 0.0
    rtt_ms: float = 40.0
    jitter_ms: float = 8.0
    limitation: str = "none"
    limited_from: int = 0
    freezes: int = 0
    pli_per_s: float = 0.0
    reset_at: int | None = None
    media_stop: int | None = None
    gum_error: str | None = None
    extra_streams: int = 0  # more inbound video streams (a conference), to make big dumps

    def at(self, seconds: float) -> datetime:
        """The moment ``seconds`` after the start."""
        return self.start + timedelta(seconds=seconds)

    def ms(self, seconds: float) -> float:
        """That moment in epoch milliseconds."""
        return round((self.at(seconds) - datetime(1970, 1, 1)).total_seconds() * 1000, 3)


def _sdp(kind: str, scenario: Scenario) -> str:
    lines = ["v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1",
             "m=audio 9 UDP/TLS/RTP/SAVPF 111 63", "c=IN IP4 0.0.0.0", "a=mid:0", "a=sendrecv",
             "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:63 red/48000/2",
             "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 0.0.0.0", "a=mid:1", "a=sendrecv",
             "a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96"]
    return json.dumps({"type": kind, "sdp": "\r\n".join(lines) + "\r\n"}, separators=(",", ":"))


def _candidate(kind: str, port: int, ufrag: str = "xK3p") -> str:
    extra = " raddr 192.168.1.23 rport 54400" if kind != "host" else ""
    line = (f"candidate:{1000 + port} 1 udp {2122260223 - port} {_ADDRESSES[kind]} {port} typ {kind}"
            f"{extra} generation 0 ufrag {ufrag} network-id 1")
    return json.dumps({"sdpMid": "0", "sdpMLineIndex": 0, "candidate": line}, separators=(",", ":"))


def call_events(sc: Scenario) -> list[tuple[float, str, str]]:
    """(seconds, type, value) of the update log, in order; state values JSON-quoted like Chrome."""
    config = {"iceServers": sc.ice_servers, "iceTransportPolicy": "all", "bundlePolicy": "max-bundle"}
    events = [(0.010, "transceiverAdded", '{"mid":null,"kind":"audio","direction":"sendrecv"}'),
              (0.012, "transceiverAdded", '{"mid":null,"kind":"video","direction":"sendrecv"}'),
              (0.030, "createOffer", '{"offerToReceiveAudio":true,"offerToReceiveVideo":true}'),
              (0.041, "createOfferOnSuccess", _sdp("offer", sc)), (0.043, "setLocalDescription", _sdp("offer", sc)),
              (0.047, "setLocalDescriptionOnSuccess", ""), (0.048, "onsignalingstatechange", '"have-local-offer"'),
              (0.049, "onicegatheringstatechange", '"gathering"')]
    events += [(0.050 + i / 1000, "onicecandidate", _candidate(kind, 54400 + i))
               for i, kind in enumerate(sc.local_types)]
    events += [(0.300, "setRemoteDescription", _sdp("answer", sc)), (0.310, "setRemoteDescriptionOnSuccess", ""),
               (0.311, "onsignalingstatechange", '"stable"'),
               (0.320, "addIceCandidate", _candidate("host", 61000, "Rm0t").replace(_ADDRESSES["host"], "10.0.0.5"))]
    events += [(0.6 + i / 100, "onicecandidateerror", json.dumps(err, separators=(",", ":")))
               for i, err in enumerate(sc.ice_errors)]
    for seconds, state in sc.states:
        events.append((seconds, "oniceconnectionstatechange", f'"{state}"'))
        connection = {"checking": "connecting", "completed": "connected"}.get(state, state)
        events.append((seconds + 0.001, "onconnectionstatechange", f'"{connection}"'))
    events.append((0.9, "onicegatheringstatechange", '"complete"'))
    events.sort(key=lambda e: e[0])
    return [(0.0, "create", json.dumps(config, separators=(",", ":"))), *events]


def _flowing(sc: Scenario, i: int) -> bool:
    return sc.media_stop is None or i < sc.media_stop


def _live(sc: Scenario, i: int, first: int = 0) -> int:
    """Seconds in ``first..i`` during which media flowed (counters grow only then)."""
    last = i if sc.media_stop is None else min(i, sc.media_stop - 1)
    return max(0, last - first + 1)


def _outbound_video(sc: Scenario, i: int, t: float) -> dict[str, Any]:
    restarted = sc.reset_at is not None and i >= sc.reset_at
    sent = _live(sc, i, sc.reset_at if restarted and sc.reset_at is not None else 0)  # counters restart at 0
    limited = sc.limitation if i >= sc.limited_from else "none"
    return {"id": "OT01V1111", "type": "outbound-rtp", "kind": "video", "timestamp": t, "ssrc": 1111,
            "codecId": "COT01_96", "mid": "1", "bytesSent": sent * 100_000 + (i % 3) * 1000,
            "packetsSent": sent * 110, "framesEncoded": sent * 30, "framesPerSecond": 30 if _flowing(sc, i) else 0,
            "frameWidth": 640 if limited == "none" else 320, "frameHeight": 360 if limited == "none" else 180,
            "qualityLimitationReason": limited, "pliCount": int(i * sc.pli_per_s), "firCount": 0,
            "nackCount": i // 4, "targetBitrate": 800_000}


def _inbound_video(sc: Scenario, i: int, t: float, sid: str = "IT01V2222") -> dict[str, Any]:
    lost_per_s = round(2 * sc.loss_pct)  # of 200 expected packets per second
    live = _live(sc, i)
    spacing = max(sc.seconds // (sc.freezes + 1), 1) if sc.freezes else 0
    frozen = min(sc.freezes, i // spacing) if spacing else 0
    return {"id": sid, "type": "inbound-rtp", "kind": "video", "timestamp": t, "ssrc": 2222,
            "codecId": "CIT01_96", "mid": "1", "bytesReceived": live * 120_000, "packetsReceived":
            live * (200 - lost_per_s), "packetsLost": live * lost_per_s, "jitter": sc.jitter_ms / 1000,
            "framesDecoded": live * 30, "framesPerSecond": 30 if _flowing(sc, i) else 0, "frameWidth": 640,
            "frameHeight": 360, "freezeCount": frozen, "totalFreezesDuration": round(frozen * 1.2, 3),
            "framesDropped": i // 10, "pliCount": int(i * sc.pli_per_s), "firCount": 0, "nackCount": i // 5,
            "jitterBufferDelay": round(live * 30 * 0.045, 3), "jitterBufferEmittedCount": live * 30}


def _audio(sc: Scenario, i: int, t: float) -> dict[str, dict[str, Any]]:
    live = _live(sc, i)
    lost_per_s = round(0.5 * sc.loss_pct)  # of 50 expected packets per second
    return {
        "OT01A3333": {"id": "OT01A3333", "type": "outbound-rtp", "kind": "audio", "timestamp": t, "ssrc": 3333,
                      "codecId": "COT01_111", "bytesSent": live * 4_000, "packetsSent": live * 50},
        "IT01A4444": {"id": "IT01A4444", "type": "inbound-rtp", "kind": "audio", "timestamp": t, "ssrc": 4444,
                      "codecId": "CIT01_111", "bytesReceived": live * 4_000,
                      "packetsReceived": live * (50 - lost_per_s), "packetsLost": live * lost_per_s,
                      "jitter": sc.jitter_ms / 1000, "audioLevel": 0.05 if _flowing(sc, i) else 0,
                      "concealedSamples": live * 480 * lost_per_s, "totalSamplesReceived": live * 48_000},
        "RIV1111": {"id": "RIV1111", "type": "remote-inbound-rtp", "kind": "video", "timestamp": t,
                    "localId": "OT01V1111", "roundTripTime": sc.rtt_ms / 1000, "jitter": sc.jitter_ms / 1000,
                    "fractionLost": sc.loss_pct / 100, "packetsLost": i * round(2 * sc.loss_pct)},
    }


def _transport(sc: Scenario, i: int, t: float) -> dict[str, dict[str, Any]]:
    connected = _flowing(sc, i) and any(s in ("connected", "completed") for _t, s in sc.states)
    local = sc.local_types[-1] if sc.local_types else "host"
    reports = {
        "T01": {"id": "T01", "type": "transport", "timestamp": t, "dtlsState": "connected" if connected else "new",
                "selectedCandidatePairId": "CPloc_rem" if connected else None},
        "CPloc_rem": {"id": "CPloc_rem", "type": "candidate-pair", "timestamp": t, "localCandidateId": "Iloc",
                      "remoteCandidateId": "Irem", "state": "succeeded" if connected else "in-progress",
                      "nominated": connected, "requestsSent": i + 1, "responsesReceived": i + 1 if connected else 0,
                      "currentRoundTripTime": sc.rtt_ms / 1000, "availableOutgoingBitrate": 1_500_000,
                      "bytesSent": i * 104_000, "bytesReceived": i * 124_000},
        "Iloc": {"id": "Iloc", "type": "local-candidate", "timestamp": t, "candidateType": local,
                 "address": _ADDRESSES[local], "port": 54400 + len(sc.local_types) - 1, "protocol": "udp",
                 "networkType": "wifi"},
        "Irem": {"id": "Irem", "type": "remote-candidate", "timestamp": t, "candidateType": "host",
                 "address": "10.0.0.5", "port": 61000, "protocol": "udp"},
        "COT01_96": {"id": "COT01_96", "type": "codec", "timestamp": t, "mimeType": "video/VP8", "payloadType": 96},
        "COT01_111": {"id": "COT01_111", "type": "codec", "timestamp": t, "mimeType": "audio/opus",
                      "payloadType": 111, "sdpFmtpLine": "minptime=10;useinbandfec=1"},
        "P": {"id": "P", "type": "peer-connection", "timestamp": t, "dataChannelsOpened": 0},
    }
    return reports


def call_reports(sc: Scenario, i: int) -> dict[str, dict[str, Any]]:
    """The full getStats result of second ``i`` (1-based sampling starts one second in)."""
    t = sc.ms(i + 1)
    reports = {"OT01V1111": _outbound_video(sc, i, t), "IT01V2222": _inbound_video(sc, i, t)}
    for extra in range(sc.extra_streams):
        sid = f"IT01V9{extra:03d}"
        reports[sid] = {**_inbound_video(sc, i, t, sid), "ssrc": 9000 + extra}
    reports.update(_audio(sc, i, t))
    reports.update(_transport(sc, i, t))
    return reports


def gum_records(sc: Scenario) -> list[tuple[float, str, dict[str, Any]]]:
    """(seconds, kind, fields) of the page's getUserMedia calls: request, success, maybe a failure."""
    records: list[tuple[float, str, dict[str, Any]]] = [
        (-2.5, "request", {"request_id": 0, "audio": "deviceId: {exact: [\"default\"]}", "video": "width: 1280"}),
        (-2.1, "success", {"request_id": 0, "stream_id": "6f1d0c1e",
                           "audio_track_info": json.dumps({"id": "7b1c", "label": "Microphone Array (Realtek)"}),
                           "video_track_info": json.dumps({"id": "0e4a", "label": "Integrated Webcam (0bda:5521)"})}),
    ]
    if sc.gum_error:
        records += [(-1.5, "request", {"request_id": 1, "video": "deviceId: {exact: \"0e4a77c2f1\"}"}),
                    (-1.4, "failure", {"request_id": 1, "error": sc.gum_error,
                                       "error_message": "Could not start video source"})]
    return records
