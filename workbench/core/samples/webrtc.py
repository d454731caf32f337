"""A chrome://webrtc-internals "Create Dump" file in the current Chrome layout, plus browser side files.

One PeerConnection goes checking → connected → disconnected → failed; its outbound video is
limited by bandwidth. The iceServers carry TURN credentials so a redactor has work to do. The
dump follows the 2024+ layout (rtc-domain.md §1.8): ``updateLog`` items carry ``timestamp`` in
epoch milliseconds, stats series carry ``statsType`` and a JSON-encoded ``values`` string.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

START = datetime(2024, 11, 20, 10, 41, 7, 250000, tzinfo=UTC)
SAMPLES = 60  # one stats sample per second
DISCONNECT_AT, FAIL_AT = 38, 53  # seconds after START
PC_ID, PID = "8812-1", 8812
PAGE_URL = "https://app.example.com/call"
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
RTC_CONFIG = {
    "iceServers": [
        {
            "urls": [
                "turn:turn.example-rtc.net:3478?transport=udp",
                "turns:turn.example-rtc.net:443?transport=tcp",
            ],
            "username": "1732099267:participant-7f3a",
            "credential": "Zm9vYmFyLXR1cm4tc2VjcmV0LTIwMjQ=",
        },
        {"urls": ["stun:stun.example-rtc.net:3478"]},
    ],
    "iceTransportPolicy": "all",
    "bundlePolicy": "max-bundle",
    "rtcpMuxPolicy": "require",
    "iceCandidatePoolSize": 0,
}


def _ms(seconds: float) -> float:
    """Epoch milliseconds ``seconds`` after START."""
    return round((START + timedelta(seconds=seconds)).timestamp() * 1000, 3)


def _iso(seconds: float) -> str:
    """ISO-8601 UTC time ``seconds`` after START, as Chrome writes it (millisecond precision)."""
    ts = START + timedelta(seconds=seconds)
    return f"{ts:%Y-%m-%dT%H:%M:%S}.{ts.microsecond // 1000:03d}Z"


def update_log() -> list[dict]:
    """The PeerConnection's event log."""
    sdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
    cand = "candidate:1467250027 1 udp 2122260223 192.168.1.23 54400 typ host generation 0 ufrag xK3p"
    events = [
        (0.010, "transceiverAdded", "mid: null, kind: audio, direction: sendrecv"),
        (0.012, "transceiverAdded", "mid: null, kind: video, direction: sendrecv"),
        (0.030, "createOffer", "options: {offerToReceiveVideo: -1, offerToReceiveAudio: -1}"),
        (0.041, "createOfferOnSuccess", f"type: offer, sdp: {sdp}"),
        (0.043, "setLocalDescription", f"type: offer, sdp: {sdp}"),
        (0.047, "setLocalDescriptionOnSuccess", f"type: offer, sdp: {sdp}"),
        (0.048, "onsignalingstatechange", '"have-local-offer"'),
        (0.049, "onicegatheringstatechange", '"gathering"'),
        (0.052, "onicecandidate", json.dumps({"sdpMid": "0", "sdpMLineIndex": 0, "candidate": cand})),
        (0.310, "setRemoteDescription", f"type: answer, sdp: {sdp}"),
        (0.318, "setRemoteDescriptionOnSuccess", f"type: answer, sdp: {sdp}"),
        (0.319, "onsignalingstatechange", '"stable"'),
        (0.322, "oniceconnectionstatechange", '"checking"'),
        (0.323, "onconnectionstatechange", '"connecting"'),
        (0.391, "oniceconnectionstatechange", '"connected"'),
        (0.402, "onconnectionstatechange", '"connected"'),
        (0.420, "onicegatheringstatechange", '"complete"'),
        (DISCONNECT_AT + 0.114, "oniceconnectionstatechange", '"disconnected"'),
        (DISCONNECT_AT + 0.115, "onconnectionstatechange", '"disconnected"'),
        (FAIL_AT + 0.208, "oniceconnectionstatechange", '"failed"'),
        (FAIL_AT + 0.209, "onconnectionstatechange", '"failed"'),
    ]
    return [{"type": kind, "value": value, "timestamp": _ms(t)} for t, kind, value in events]


def _series(stats_type: str, values: list) -> dict:
    """One stats series entry: ``values`` is stored as a JSON-encoded string, as Chrome does."""
    return {
        "startTime": _iso(1),
        "endTime": _iso(SAMPLES),
        "statsType": stats_type,
        "values": json.dumps(values, separators=(",", ":")),
    }


def _alive(i: int) -> bool:
    """Whether media still flows at sample ``i``."""
    return i < DISCONNECT_AT


def _counter(rng: random.Random, lo: int, hi: int) -> list[int]:
    """A cumulative byte/packet counter that stops growing when the connection drops."""
    total, out = 0, []
    for i in range(SAMPLES):
        total += rng.randint(lo, hi) if _alive(i) else 0
        out.append(total)
    return out


def _video_series(rng: random.Random) -> dict[str, tuple[str, list]]:
    """The outbound video stream: resolution drops as bandwidth limits it, then media stops."""
    video_bytes = _counter(rng, 40_000, 120_000)
    kind, vid = "outbound-rtp", "OT01V2718281828"
    return {
        f"{vid}-kind": (kind, ["video"] * SAMPLES),
        f"{vid}-bytesSent": (kind, video_bytes),
        f"{vid}-[bytesSent_in_bits/s]": (
            kind,
            [(b - a) * 8 for a, b in zip([0, *video_bytes], video_bytes, strict=False)],
        ),
        f"{vid}-frameHeight": (kind, [720 if i < 9 else (360 if i < 24 else 180) for i in range(SAMPLES)]),
        f"{vid}-framesPerSecond": (kind, [rng.randint(12, 30) if _alive(i) else 0 for i in range(SAMPLES)]),
        f"{vid}-qualityLimitationReason": (kind, ["none" if i < 9 else "bandwidth" for i in range(SAMPLES)]),
        f"{vid}-[codec]": (kind, ["VP8 (96)"] * SAMPLES),
    }


def _transport_series(rng: random.Random) -> dict[str, tuple[str, list]]:
    """Audio streams and the selected candidate pair (RTT rises, bitrate estimate falls, pair fails)."""
    pair = "CPxK3pLm9Q_Rt7vW2aZ"
    states = ["succeeded" if _alive(i) else ("in-progress" if i < FAIL_AT else "failed") for i in range(SAMPLES)]
    return {
        "OT01A3141592653-bytesSent": ("outbound-rtp", _counter(rng, 3_800, 4_200)),
        "IT01A1618033988-packetsLost": ("inbound-rtp", _counter(rng, 0, 6)),
        "IT01A1618033988-jitter": ("inbound-rtp", [round(rng.uniform(0.004, 0.09), 3) for _ in range(SAMPLES)]),
        f"{pair}-currentRoundTripTime": (
            "candidate-pair",
            [round(rng.uniform(0.08, 0.35 + i / 40), 3) for i in range(SAMPLES)],
        ),
        f"{pair}-availableOutgoingBitrate": (
            "candidate-pair",
            [max(2_500_000 - i * 90_000, 180_000) + rng.randint(0, 30_000) for i in range(SAMPLES)],
        ),
        f"{pair}-state": ("candidate-pair", states),
    }


def stats(seed: int = 7) -> dict:
    """Stats series for the PeerConnection, keyed ``"<statsId>-<field>"``."""
    rng = random.Random(seed)
    series = {
        "P-timestamp": ("peer-connection", [_ms(i + 1) for i in range(SAMPLES)]),
        **_video_series(rng),
        **_transport_series(rng),
    }
    return {key: _series(kind, values) for key, (kind, values) in series.items()}


def get_user_media() -> list[dict]:
    """The getUserMedia request and its success record."""
    base = {"rid": 1, "pid": PID, "request_id": 0, "origin": "https://app.example.com"}
    return [
        {
            **base,
            "request_type": "getUserMedia",
            "timestamp": _ms(-2.5),
            "audio": 'deviceId: {exact: ["default"]}',
            "video": "width: {ideal: 1280}, height: {ideal: 720}",
        },
        {
            **base,
            "timestamp": _ms(-2.1),
            "stream_id": "6f1d0c1e-2b8e-4c57-9a55-3d0a8f1b7c21",
            "audio_track_info": "id:7b1c kind:audio label:Default - Microphone Array (Realtek(R) Audio)",
            "video_track_info": "id:0e4a kind:video label:Integrated Webcam (0bda:5521)",
        },
    ]


def internals_dump() -> str:
    """The whole dump as Chrome writes it (JSON, one-space indent)."""
    brands = [
        {"brand": "Google Chrome", "version": "131"},
        {"brand": "Chromium", "version": "131"},
        {"brand": "Not_A Brand", "version": "24"},
    ]
    dump = {
        "deviceMemory": 8,
        "hardwareConcurrency": 8,
        "timestamp": _ms(70),
        "getUserMedia": get_user_media(),
        "PeerConnections": {
            PC_ID: {
                "pid": PID,
                "rtcConfiguration": json.dumps(RTC_CONFIG, separators=(",", ":")),
                "constraints": "",
                "stats": stats(),
                "updateLog": update_log(),
                "url": PAGE_URL,
            }
        },
        "UserAgent": UA,
        "UserAgentData": {"brands": brands, "mobile": False, "platform": "Windows"},
    }
    return json.dumps(dump, indent=1)


def browser_info() -> str:
    """The support form's ``Key: value`` summary of the customer's environment."""
    return "Browser: Chrome 131\nOS: Windows 11\nNetwork: Wi-Fi\nSDK: livekit-client 2.5.1\n"


def console_log() -> str:
    """A short DevTools console export ("Save as…", no timestamps)."""
    lines = [
        "livekit-client.esm.mjs:14022 connecting to wss://rtc.example.com/rtc?sdk=js&version=2.5.1&protocol=15",
        "livekit-client.esm.mjs:14180 connected to Livekit Server {version: '1.7.2', region: 'eu-central'}",
        "livekit-client.esm.mjs:15311 publishing track {kind: 'audio', source: 'microphone'}",
        "livekit-client.esm.mjs:15311 publishing track {kind: 'video', source: 'camera'}",
        "livekit-client.esm.mjs:9210 PCTransport: ice connection state changed: disconnected",
        "livekit-client.esm.mjs:16050 attempting to reconnect, attempt 1",
        "livekit-client.esm.mjs:9210 PCTransport: ice connection state changed: failed",
        "livekit-client.esm.mjs:16102 Uncaught (in promise) ConnectionError: could not establish pc",
        "    at SignalClient.handleSignalResponse (livekit-client.esm.mjs:11876:21)",
        "livekit-client.esm.mjs:16138 room disconnected, reason: JOIN_FAILURE",
    ]
    return "\n".join(lines) + "\n"
