"""Views derived from an imported dump: rates and units, limitation spans, ICE, SDP, environment, timeline."""

from __future__ import annotations

import json
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from workbench.core.stats import load_dump
from workbench.core.stats.derive import (
    counter_delta,
    derive_series,
    limitation_counts,
    limitation_spans,
    quality_spans,
    seconds_delta,
)
from workbench.core.stats.environment import environment_facts
from workbench.core.stats.ice import ice_summary, parse_candidate
from workbench.core.stats.model import PeerConnection, StatsDump
from workbench.core.stats.sdp import codecs_in_use, negotiated_codecs, parse_sdp, pc_descriptions
from workbench.core.stats.synthetic import Scenario
from workbench.core.stats.timeline import dump_events
from workbench.core.stats.writers import internals_json, rtcstats_text

XUYU = "internals-xuyu130-p2p/webrtc_internals_dump.txt"
GUILO = "internals-guilospanck/webrtc_internals_dump.txt"
GUILO_RTC = "rtcstats-guilospanck/rtcstats_dump.txt"
LEGACY = "internals-andreiden-legacy/webrtc_internals_dump.txt"
EMPTY = "internals-empty-edge/webrtc_internals_dump.txt"


def _load(tmp_path: Path, text: str, name: str = "dump.txt") -> StatsDump:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_dump(path)


def _pc(tmp_path: Path, sc: Scenario, rtcstats: bool = False) -> PeerConnection:
    text = rtcstats_text(sc) if rtcstats else internals_json(sc)
    return _load(tmp_path, text, "r.jsonl" if rtcstats else "d.txt").peer_connections[sc.pc_id]


def _values(pc: PeerConnection, name: str) -> np.ndarray:
    return derive_series(pc)[name].values


# --- counters and rates ----------------------------------------------------------------------------

def test_counter_delta_treats_a_decrease_as_restart() -> None:
    delta = counter_delta(np.array([0.0, 10, 20, 5, 15, np.nan, 30]))
    assert np.isnan(delta[0]) and np.isnan(delta[3]) and np.isnan(delta[5])
    assert delta[[1, 2, 4]].tolist() == [10, 10, 10]
    assert not (delta[~np.isnan(delta)] < 0).any()
    times = np.array(["2024-01-01T00:00:00", "2024-01-01T00:00:01", "2024-01-01T00:00:01"], dtype="datetime64[ms]")
    assert np.isnan(seconds_delta(times)[[0, 2]]).all() and seconds_delta(times)[1] == 1.0


@pytest.mark.parametrize("rtcstats", [False, True])
def test_counter_reset_gives_no_negative_bitrate(tmp_path: Path, rtcstats: bool) -> None:
    pc = _pc(tmp_path, Scenario(seconds=30, reset_at=15), rtcstats)
    bitrate = _values(pc, "outbound-rtp video OT01V1111 bitrate")
    assert np.isnan(bitrate[15])  # the interval that contains the restart has no rate
    finite = bitrate[~np.isnan(bitrate)]
    assert len(finite) == 28 and (finite >= 0).all()
    assert np.allclose(finite, 800_000, rtol=0.03)  # before and after the reset


def test_synthetic_metrics_have_the_right_units(tmp_path: Path) -> None:
    sc = Scenario(seconds=20, loss_pct=12, rtt_ms=80, jitter_ms=25, freezes=3, pli_per_s=3)
    pc = _pc(tmp_path, sc)
    expect = {
        "inbound-rtp video IT01V2222 loss": 12.0, "inbound-rtp video IT01V2222 jitter": 25.0,
        "remote-inbound-rtp video RIV1111 rtt": 80.0, "candidate-pair CPloc_rem rtt": 80.0,
        "inbound-rtp video IT01V2222 fps": 30.0, "inbound-rtp video IT01V2222 jitterBufferDelay": 45.0,
        "inbound-rtp audio IT01A4444 audioLevel": 0.05, "candidate-pair CPloc_rem availableOutgoingBitrate": 1.5e6,
        "outbound-rtp video OT01V1111 frameHeight": 360, "remote-inbound-rtp video RIV1111 loss": 12.0,
        "inbound-rtp audio IT01A4444 concealed": 6.0,
    }
    for name, value in expect.items():
        values = _values(pc, name)
        assert np.allclose(values[~np.isnan(values)][1:], value), name
    derived = derive_series(pc)
    assert np.nansum(derived["inbound-rtp video IT01V2222 freezes"].values) == 3
    assert np.nansum(derived["inbound-rtp video IT01V2222 freezeDuration"].values) == pytest.approx(3.6)
    assert np.allclose(np.nanmean(derived["inbound-rtp video IT01V2222 pli"].values), 3, atol=0.2)
    assert derived["outbound-rtp video OT01V1111 bitrate"].unit == "bps"
    assert derived["inbound-rtp video IT01V2222 jitter"].unit == "ms"


def test_quality_limitation_spans(tmp_path: Path) -> None:
    sc = Scenario(seconds=12, limitation="cpu", limited_from=5)
    pc = _pc(tmp_path, sc)
    spans = quality_spans(pc)["outbound-rtp video OT01V1111 limitation"]
    assert [(s, e, r) for s, e, r in spans] == [(sc.at(1), sc.at(5), "none"), (sc.at(6), sc.at(12), "cpu")]
    assert limitation_counts(pc.series["OT01V1111"]) == {"none": 5, "cpu": 7}


def test_legacy_goog_stats(tmp_path: Path) -> None:
    def series(values: list[str], kind: str | None = "ssrc") -> dict[str, str]:
        entry = {"startTime": "2019-03-01T10:00:01.000Z", "endTime": "2019-03-01T10:00:10.000Z",
                 "values": json.dumps(values)}
        return {**entry, "statsType": kind} if kind else entry

    stats = {
        "ssrc_1111_send-mediaType": series(["video"] * 10),
        "ssrc_1111_send-bytesSent": series([str(i * 100_000) for i in range(10)]),
        "ssrc_1111_send-googRtt": series(["350"] * 10),
        "ssrc_1111_send-googBandwidthLimitedResolution": series(["false"] * 3 + ["true"] * 7),
        "ssrc_2222_recv-googJitterReceived": series(["45"] * 10),
        "Conn-audio-1-0-googActiveConnection": series(["true"] * 10, None),
        "Conn-audio-1-0-googLocalAddress": series(["192.168.1.2:5000"] * 10, None),
        "Conn-audio-1-0-googLocalCandidateType": series(["stunserverreflexive"] * 10, None),
        "Conn-audio-1-0-googRtt": series(["30"] * 10, None),
    }
    dump = {"getUserMedia": [], "PeerConnections": {"1-1": {"rtcConfiguration": "", "stats": stats, "updateLog": [],
                                                             "url": "x"}}, "UserAgent": "Chrome/60.0.1.2"}
    pc = _load(tmp_path, json.dumps(dump, indent=1)).peer_connections["1-1"]
    derived = derive_series(pc)
    assert np.allclose(derived["ssrc video ssrc_1111_send bitrate"].values[1:], 800_000)
    assert np.allclose(derived["ssrc video ssrc_1111_send rtt"].values, 350)
    assert np.allclose(derived["ssrc ssrc_2222_recv jitter"].values, 45)
    assert limitation_counts(pc.series["ssrc_1111_send"]) == {"none": 3, "bandwidth": 7}
    selected = ice_summary(pc).selected
    assert selected is not None and selected.local is not None and selected.rtt_ms == 30
    assert (selected.local.type, selected.local.address, selected.local.port) == ("srflx", "192.168.1.2", 5000)


# --- the corpus through the derived views ------------------------------------------------------------

def test_xuyu130_bandwidth_share_and_codec(corpus: Path) -> None:
    pc = load_dump(corpus / XUYU).peer_connections["11-1"]
    assert limitation_counts(pc.series["OT01V4059607022"]) == {"none": 1, "bandwidth": 17}
    spans = limitation_spans(pc.series["OT01V4059607022"])
    assert [r for _s, _e, r in spans] == ["none", "bandwidth"]
    assert codecs_in_use(pc)["OT01V4059607022"] == "video/VP8"
    assert negotiated_codecs(pc) == {"video": ["VP8"]}
    assert np.nanmax(derive_series(pc)["outbound-rtp video OT01V4059607022 frameHeight"].values) == 180


def test_xuyu130_ice(corpus: Path) -> None:
    dump = load_dump(corpus / XUYU)
    for pc in dump.peer_connections.values():
        ice = ice_summary(pc)
        assert ice.connected and not ice.failed
        assert {c.type for c in ice.local + ice.remote} == {"host"}  # "every candidate is type host"
        assert ice.selected is not None and ice.selected.state == "succeeded"
        assert ice.selected.requests_sent >= ice.selected.responses_received > 0
        assert [(e.code, e.url) for e in ice.errors] == [(701, "stun:stun.l.google.com:19302")]
        assert ice.errors[0].address == "[0:0:0:x:x:x:x:x]"
    renegotiated = pc_descriptions(dump.peer_connections["11-1"])
    assert [d.type for d in renegotiated].count("answer") == 2


def test_guilospanck_codecs(corpus: Path) -> None:
    for name in (GUILO, GUILO_RTC):
        pc = load_dump(corpus / name).peer_connections["92-1"]
        assert negotiated_codecs(pc) == {"audio": ["opus"], "video": ["VP8"]}  # no codec on the data m-line
        assert "audio/opus minptime=10;useinbandfec=1" in codecs_in_use(pc).values()
        assert ice_summary(pc).gathered_types == {"host"}


def test_legacy_ice_errors_and_candidates(corpus: Path) -> None:
    for pc in load_dump(corpus / LEGACY).peer_connections.values():
        ice = ice_summary(pc)
        assert ice.connected and {"srflx", "relay"} <= ice.gathered_types
        assert {e.code for e in ice.errors} == {701}
        assert {e.address for e in ice.errors} == {"192.168.195.x", "192.168.58.x"}
        assert {e.text for e in ice.errors} == {"STUN allocate request timed out.", "TURN allocate request timed out."}
        assert "turn:18.132.95.233:3478?transport=udp" in {e.url for e in ice.errors}


def test_sdp_parsing() -> None:
    sdp = ("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 63\r\na=mid:0\r\na=recvonly\r\na=rtpmap:111 opus/48000/2\r\n"
           "a=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:63 red/48000/2\r\n"
           "a=candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host\r\n"
           "m=video 9 UDP/TLS/RTP/SAVPF 97 96\r\na=rtpmap:97 rtx/90000\r\na=rtpmap:96 H264/90000\r\n")
    audio, video = parse_sdp(sdp)
    assert (audio.kind, audio.mid, audio.direction) == ("audio", "0", "recvonly")
    assert audio.codecs[0].name == "opus" and audio.codecs[0].fmtp == "minptime=10;useinbandfec=1"
    assert audio.codecs[0].channels == 2 and audio.codecs[0].clock_rate == 48000
    assert video.primary_codec is not None and video.primary_codec.name == "H264"  # rtx is not the codec
    assert parse_candidate(audio.candidates[0], "remote") is not None


def test_synthetic_ice_summary(tmp_path: Path) -> None:
    ice = ice_summary(_pc(tmp_path, Scenario(seconds=5)))
    assert ice.gathered_types == {"host", "srflx", "relay"} and ice.server_kinds == {"stun", "turn"}
    assert ice.selected is not None and ice.selected.local is not None
    assert (ice.selected.local.type, ice.selected.local.network_type) == ("relay", "wifi")
    assert ice.ice_servers[0] == "turn:turn.example.net:3478?transport=udp"


# --- environment and timeline ----------------------------------------------------------------------

def test_environment_facts(corpus: Path) -> None:
    facts = environment_facts(load_dump(corpus / XUYU), "case/dump.txt")
    assert facts["browser"][0] == "Chrome" and facts["browser_version"][0].startswith("147.")
    assert (facts["os"][0], facts["os_version"][0]) == ("Windows", "10")
    assert (facts["device_memory_gb"][0], facts["cpu_cores"][0]) == ("32", "24")
    lines = (corpus / XUYU).read_text(encoding="utf-8").splitlines()
    line = int(facts["cpu_cores"][1].rsplit(":", 1)[1])
    assert facts["cpu_cores"][1].startswith("case/dump.txt:") and "hardwareConcurrency" in lines[line - 1]
    edge = environment_facts(load_dump(corpus / EMPTY), "e.txt")
    assert (edge["os"][0], edge["os_version"][0], edge["browser_version"][0]) == ("Android", "11", "83.0.4103.106")
    rtc = environment_facts(load_dump(corpus / GUILO_RTC), "r.txt")
    assert (rtc["browser"][0], rtc["browser_version"][0], rtc["os"][0]) == ("Chrome", "144", "Linux")


def test_environment_prefers_client_hints(tmp_path: Path) -> None:
    facts = environment_facts(_load(tmp_path, internals_json(Scenario(seconds=3))), "d.txt")
    assert (facts["os"][0], facts["os_version"][0]) == ("Windows", "11")  # platformVersion 15 > UA "NT 10.0"


def test_timeline_events(corpus: Path) -> None:
    dump = load_dump(corpus / XUYU)
    events = dump_events(dump)
    assert len(events) == 32 + 18
    assert all(a.time <= b.time for a, b in pairwise(events))
    texts = [e.text for e in events]
    assert "[pc 11-1] iceconnectionstatechange: checking → connected" in texts
    assert "[pc 11-1] signalingstatechange: have-local-offer → stable" in texts
    assert any(t.startswith("[pc 11-1] icecandidateerror: 701 STUN host lookup") for t in texts)
    assert any(t == "[pc 11-1] setRemoteDescription: answer (video VP8 recvonly)" for t in texts)
    assert all(len(t) <= 160 and "\n" not in t for t in texts)


def test_timeline_media_and_page_events(tmp_path: Path) -> None:
    sc = Scenario(seconds=3, gum_error="NotReadableError")
    events = dump_events(_load(tmp_path, rtcstats_text(sc), "r.jsonl"))
    assert events[0].type == "getUserMedia" and events[0].time == datetime(2024, 11, 20, 10, 41, 4, 750000)
    assert any(e.type == "getUserMediaOnFailure" and "NotReadableError" in e.text for e in events)
