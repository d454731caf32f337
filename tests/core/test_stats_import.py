"""Importing WebRTC stats dumps: the nine real corpus dumps (README facts) and synthetic ones."""

from __future__ import annotations

import bz2
import gzip
import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from workbench.core.errors import Cancelled, InputError
from workbench.core.progress import CancelToken
from workbench.core.stats import load_dump
from workbench.core.stats.internals import split_key
from workbench.core.stats.localtime import Window, decide
from workbench.core.stats.media import records
from workbench.core.stats.model import StatsDump, canonical_type, state_value
from workbench.core.stats.rtcconfig import parse_configuration
from workbench.core.stats.synthetic import Scenario
from workbench.core.stats.writers import internals_json, internals_legacy_json, rtcstats_text

XUYU = "internals-xuyu130-p2p/webrtc_internals_dump.txt"
GUILO = "internals-guilospanck/webrtc_internals_dump.txt"
GUILO_RTC = "rtcstats-guilospanck/rtcstats_dump.txt"
LEGACY = "internals-andreiden-legacy/webrtc_internals_dump.txt"
INBOUND = "internals-andreiden-inbound-only/webrtc_internals_dump_inbound_only.txt"
EMPTY = "internals-empty-edge/webrtc_internals_dump.txt"
GUM_GZ = "internals-gumonly-gz/gumonly.gz"
GUM_RTC = "rtcstats-gumonly/gumonly.jsonl"
ALL_DUMPS = (XUYU, GUILO, GUILO_RTC, LEGACY, INBOUND, EMPTY, GUM_GZ, GUM_RTC)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _state_events(dump: StatsDump, pc: str, kind: str) -> list[str]:
    return [e.value for e in dump.peer_connections[pc].events if e.type == kind]


# --- the real corpus -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL_DUMPS)
def test_every_corpus_dump_imports(corpus: Path, name: str) -> None:
    dump = load_dump(corpus / name)
    assert dump.format in ("webrtc-internals", "rtcstats")
    for pc in dump.peer_connections.values():
        assert all(e.source_line and e.source_line >= 1 for e in pc.events)
        assert all(e.time.tzinfo is None for e in pc.events)


def test_xuyu130_two_peer_connections(corpus: Path) -> None:
    dump = load_dump(corpus / XUYU)
    assert list(dump.peer_connections) == ["11-1", "12-2"]
    pc1, pc2 = dump.peer_connections["11-1"], dump.peer_connections["12-2"]
    assert (len(pc1.events), len(pc2.events)) == (32, 18)
    assert (pc1.field_series_count, pc2.field_series_count) == (218, 175)
    assert pc1.url == pc2.url == "http://172.18.217.133:8081/"
    assert pc1.configuration["iceServers"] == [{"urls": ["stun:stun.l.google.com:19302"]}]
    assert dump.environment["deviceMemory"] == "32" and dump.environment["hardwareConcurrency"] == "24"
    assert "Chrome/147.0.0.0" in dump.user_agent and dump.get_user_media == []
    start, end = pc1.time_range()
    assert (start, end) == (datetime(2026, 5, 6, 13, 57, 57, 241000), datetime(2026, 5, 6, 13, 58, 15, 791000))


def test_xuyu130_states_and_renegotiation(corpus: Path) -> None:
    dump = load_dump(corpus / XUYU)
    pc = dump.peer_connections["11-1"]
    ice = pc.events_of("oniceconnectionstatechange")
    assert [e.value for e in ice] == ["checking", "connected"]
    assert (ice[1].time - ice[0].time) < timedelta(milliseconds=20)  # "about 10 ms"
    assert _state_events(dump, "11-1", "onsignalingstatechange").count("have-local-offer") == 2
    assert _state_events(dump, "11-1", "onconnectionstatechange") == ["connecting", "connected"] * 2
    assert "connected" in _state_events(dump, "12-2", "onconnectionstatechange")


def test_xuyu130_outbound_video_samples(corpus: Path) -> None:
    series = load_dump(corpus / XUYU).peer_connections["11-1"].series["OT01V4059607022"]
    assert series.type == "outbound-rtp" and len(series) == 18
    assert int(np.sum(series.fields["frameHeight"] == 180)) == 13
    assert series.fields["qualityLimitationReason"].count("bandwidth") == 17
    bitrates = np.concatenate([s.fields["availableOutgoingBitrate"] for s in
                               load_dump(corpus / XUYU).peer_connections["11-1"].series_of("candidate-pair")])
    assert (np.nanmin(bitrates), np.nanmax(bitrates)) == (300000, 349856)


def test_xuyu130_candidate_error_event(corpus: Path, tmp_path: Path) -> None:
    dump = load_dump(corpus / XUYU)
    errors = [dump.peer_connections[pc].events_of("onicecandidateerror") for pc in ("11-1", "12-2")]
    assert [len(e) for e in errors] == [1, 1]
    assert '"port":57515' in errors[0][0].value and '"port":51847' in errors[1][0].value
    lines = (corpus / XUYU).read_text(encoding="utf-8").splitlines()
    assert '"onicecandidateerror"' in lines[errors[0][0].source_line - 1]  # evidence points at the event


def test_guilospanck_internals(corpus: Path) -> None:
    dump = load_dump(corpus / GUILO)
    assert "Chrome/144.0.0.0" in dump.user_agent and "Linux" in dump.user_agent
    assert len(dump.get_user_media) == 6
    assert {pc: p.url for pc, p in dump.peer_connections.items()} == {
        "92-1": "http://localhost:3002/", "94-1": "http://localhost:3001/"}
    for pc in dump.peer_connections.values():
        assert pc.configuration["iceServers"] == [{"urls": ["turn:192.168.1.118:3478"]}]
        assert "connected" in _state_events(dump, pc.id, "oniceconnectionstatechange")
    assert dump.peer_connections["94-1"].events_of("createDataChannel")
    assert dump.peer_connections["92-1"].events_of("ondatachannel")
    video = next(s for s in dump.peer_connections["92-1"].series_of("outbound-rtp") if s.last("kind") == "video")
    heights = video.fields["frameHeight"]
    assert [int(np.sum(heights == h)) for h in (480, 360, 240)] == [34, 8, 8]
    reasons = video.fields["qualityLimitationReason"]
    assert (reasons.count("none"), reasons.count("bandwidth")) == (34, 17)
    start, end = dump.peer_connections["92-1"].time_range()
    assert (start, end) == (datetime(2026, 2, 3, 9, 14, 50, 620000), datetime(2026, 2, 3, 9, 15, 47, 908000))


def test_guilospanck_available_bitrate_steps(corpus: Path) -> None:
    for name, pc, steps in ((GUILO, "92-1", [301000, 1373600, 3597142]), (GUILO, "94-1", [301000, 1405176, 3491076])):
        pair = load_dump(corpus / name).peer_connections[pc].series_of("candidate-pair")[0]
        values = [v for v in pair.fields["availableOutgoingBitrate"].tolist() if v == v]
        positions = [values.index(step) for step in steps]
        assert positions == sorted(positions)


def test_rtcstats_v3_records(corpus: Path) -> None:
    dump = load_dump(corpus / GUILO_RTC)
    assert dump.format == "rtcstats" and dump.variant == "v3"
    assert sum(dump.records.values()) + 2 == 195  # 195 lines: RTCStatsDump, metadata, 193 records
    for method, count in {"getStats": 117, "onsignalingstatechange": 8, "transceiverModified": 8, "create": 3,
                          "navigator.mediaDevices.getDisplayMedia": 1,
                          "navigator.mediaDevices.getUserMedia": 2}.items():
        assert dump.records[method] == count
    assert {k: v for k, v in dump.records_by_pc.items() if k} == {"92-1": 95, "94-1": 91, "94-0": 4, "92-0": 2}
    assert sorted(dump.peer_connections) == ["92-1", "94-1"]  # 92-0/94-0 only carry media requests
    pc = dump.peer_connections["92-1"]
    assert pc.source_line == 4 and pc.url == "http://localhost:3002/"
    assert pc.configuration == {"iceServers": [{"urls": ["turn:192.168.1.118:3478"]}]}
    assert dump.environment["hardwareConcurrency"] == "8" and dump.environment["uaPlatform"] == "Linux"
    assert "1920" in dump.environment["screen"]
    connected = {p: next(e.source_line for e in dump.peer_connections[p].events
                         if e.type == "onconnectionstatechange" and e.value == "connected") for p in ("92-1", "94-1")}
    assert connected == {"92-1": 61, "94-1": 68}


def test_rtcstats_and_internals_agree_on_one_call(corpus: Path) -> None:
    internals, rtcstats = load_dump(corpus / GUILO), load_dump(corpus / GUILO_RTC)
    for pc in ("92-1", "94-1"):
        a = internals.peer_connections[pc].events_of("onconnectionstatechange")
        b = rtcstats.peer_connections[pc].events_of("onconnectionstatechange")
        assert [e.value for e in a] == [e.value for e in b]
        assert abs((a[-1].time - b[-1].time).total_seconds()) < 0.01  # same clock, same call


def test_legacy_layout(corpus: Path) -> None:
    dump = load_dump(corpus / LEGACY)
    assert "Chrome/86.0.4240.111" in dump.user_agent and len(dump.get_user_media) == 8
    pcs = dump.peer_connections
    assert [(len(pcs[p].events), pcs[p].field_series_count) for p in ("18084-8", "18084-9")] == [(98, 1040), (99, 999)]
    config = pcs["18084-8"].configuration
    assert config["iceServers"] == [{"urls": ["stun:stun.l.google.com:19302"]}, {"urls": ["turn:18.132.95.233:3478"]}]
    assert (config["iceTransportPolicy"], config["bundlePolicy"], config["rtcpMuxPolicy"]) == ("all", "balanced",
                                                                                               "require")
    fields = {kind: sum(len(s.fields) for s in pcs["18084-8"].series_of(*kinds)) for kind, kinds in
              {"pair": ("candidate-pair",), "codec": ("codec",),
               "candidate": ("local-candidate", "remote-candidate")}.items()}
    assert fields == {"pair": 542, "codec": 170, "candidate": 145}
    assert [len(pcs[p].events_of("addIceCandidate")) for p in pcs] == [56, 56]
    assert [len(pcs[p].events_of("onicecandidateerror")) for p in pcs] == [6, 6]


def test_legacy_month_first_local_time(corpus: Path) -> None:
    dump = load_dump(corpus / LEGACY)
    assert dump.local_time_order == "MDY"
    offset = timedelta(minutes=dump.local_time_offset_min or 0)
    first = dump.peer_connections["18084-8"].events[0]
    assert first.time + offset == datetime(2020, 11, 5, 21, 34, 11)  # "11/5/2020, 9:34:11 PM"
    completed = [e.time + offset for p in ("18084-8", "18084-9")
                 for e in dump.peer_connections[p].events if e.value == "completed"]
    assert completed == [datetime(2020, 11, 5, 21, 34, 27), datetime(2020, 11, 5, 21, 35, 49)]
    start, end = dump.peer_connections["18084-8"].time_range()
    assert (start, end) == (datetime(2020, 11, 5, 18, 34, 12, 741000), datetime(2020, 11, 5, 18, 38, 19, 741000))
    assert abs((first.time - start).total_seconds()) < 5  # local times land on the stats' UTC clock


def test_inbound_only_day_first(corpus: Path) -> None:
    dump = load_dump(corpus / INBOUND)
    assert "Chrome/86.0.4240.183" in dump.user_agent and "Mac OS X" in dump.user_agent
    assert dump.get_user_media == [] and list(dump.peer_connections) == ["48752-1"]
    pc = dump.peer_connections["48752-1"]
    assert [(e.type, e.value) for e in pc.events] == [("legacyIceConnectionStateChange", "completed")]
    assert dump.local_time_order == "DMY"
    assert pc.events[0].time + timedelta(minutes=dump.local_time_offset_min or 0) == datetime(2020, 11, 8, 10, 58, 45)
    assert pc.field_series_count == 573
    assert pc.series_of("inbound-rtp") and not pc.series_of("outbound-rtp")
    assert pc.time_range() == (datetime(2020, 11, 8, 7, 58, 36, 118000), datetime(2020, 11, 8, 7, 58, 51, 67000))


def test_empty_dump_says_no_peer_connections(corpus: Path) -> None:
    dump = load_dump(corpus / EMPTY)
    assert dump.peer_connections == {} and dump.get_user_media == []
    assert dump.summary == "no PeerConnections"
    assert "Chrome/83.0.4103.106" in dump.user_agent and "Android 11" in dump.user_agent


def test_gzip_gum_only(corpus: Path) -> None:
    dump = load_dump(corpus / GUM_GZ)
    assert dump.format == "webrtc-internals" and dump.peer_connections == {}
    request, success = dump.get_user_media
    assert request.time == datetime(1970, 1, 1) + timedelta(milliseconds=1758566123065.025)
    assert success.type == "getUserMediaOnSuccess" and "Logitech BRIO (046d:085e)" in success.value
    assert "Chrome/142" in dump.user_agent


def test_rtcstats_gum_only_numeric_ids(corpus: Path) -> None:
    dump = load_dump(corpus / GUM_RTC)
    assert dump.environment["url"] == "/samples/src/content/getusermedia/gum/"
    assert [e.type for e in dump.get_user_media] == ["getUserMedia", "getUserMediaOnSuccess"]
    assert records(dump)[0].request_id == "60-0"
    close = dump.page_events[0]
    assert (close.type, close.value, close.source_line) == ("close", "1001", 6)
    assert dump.records == {"create": 1, "navigator.mediaDevices.getUserMedia": 1,
                            "navigator.mediaDevices.getUserMediaOnSuccess": 1, "close": 1}


# --- synthetic dumps -------------------------------------------------------------------------------

def test_synthetic_internals_round_trip(tmp_path: Path) -> None:
    sc = Scenario(seconds=12)
    dump = load_dump(_write(tmp_path, "dump.txt", internals_json(sc)))
    pc = dump.peer_connections[sc.pc_id]
    assert pc.samples == 12 and len(pc.series["OT01V1111"]) == 12
    assert pc.series["OT01V1111"].times[0] == np.datetime64(sc.at(1), "ms")
    assert pc.configuration["iceServers"][0]["username"] == "***"
    assert pc.configuration["iceServers"][0]["credential"] == "***"
    assert "c2VjcmV0" not in json.dumps([e.value for e in dump.peer_connections[sc.pc_id].events])


def test_rtcstats_delta_compression_is_expanded(tmp_path: Path) -> None:
    sc = Scenario(seconds=15, loss_pct=3, reset_at=9)
    packed = load_dump(_write(tmp_path, "packed.jsonl", rtcstats_text(sc, compressed=True)))
    plain = load_dump(_write(tmp_path, "plain.jsonl", rtcstats_text(sc, compressed=False)))
    assert packed.records["getStats"] == plain.records["getStats"] == 15
    for sid, full in plain.peer_connections[sc.pc_id].series.items():
        expanded = packed.peer_connections[sc.pc_id].series[sid]
        assert np.array_equal(expanded.times, full.times), sid
        for name, column in full.fields.items():
            other = expanded.fields[name]
            same = np.array_equal(other, column, equal_nan=True) if isinstance(column, np.ndarray) else other == column
            assert same, (sid, name)


def test_rtcstats_times_accumulate_from_deltas(tmp_path: Path) -> None:
    sc = Scenario(seconds=5)
    dump = load_dump(_write(tmp_path, "r.jsonl", rtcstats_text(sc, numeric_ids=True)))
    pc = dump.peer_connections[sc.pc_id]
    assert pc.events[0].type == "create" and pc.events[0].time == sc.at(0)
    assert pc.series["P"].times[-1] == np.datetime64(sc.at(5), "ms")
    assert dump.environment["hardwareConcurrency"] == "8"  # numeric id 39 = create(null) client info


def test_rtcstats_unknown_numeric_method_and_relative_start(tmp_path: Path) -> None:
    text = "\n".join(['RTCStatsDump', '{"fileFormat":3,"startTime":1700000000000}', '[77,"1-1",{"x":1},250]',
                      '["oniceconnectionstatechange","1-1","\\"failed\\"",1000]'])
    dump = load_dump(_write(tmp_path, "r.jsonl", text))
    events = dump.peer_connections["1-1"].events
    assert [(e.type, e.value) for e in events] == [("method#77", '{"x":1}'), ("oniceconnectionstatechange", "failed")]
    assert events[1].time == datetime(1970, 1, 1) + timedelta(milliseconds=1700000001250)


def test_jitsi_headerless_recording(tmp_path: Path) -> None:
    lines = ['["connectionInfo",null,{"path":"/room","userAgent":"Mozilla/5.0 Chrome/120.0.1.2",'
             '"statsFormat":"chrome_standard"},1700000000000]',
             '["oniceconnectionstatechange","PC_1","disconnected",1700000005000]',
             '["getstats","PC_0",{"P":{"id":"P","type":"peer-connection","timestamp":1700000001000}},1700000001000]']
    dump = load_dump(_write(tmp_path, "jitsi.json", "\n".join(lines)))
    assert dump.variant == "jitsi" and dump.user_agent.endswith("Chrome/120.0.1.2")
    assert sorted(dump.peer_connections) == ["PC_0", "PC_1"]
    assert dump.peer_connections["PC_1"].events[0].value == "disconnected"
    assert len(dump.peer_connections["PC_0"].series["P"]) == 1


@pytest.mark.parametrize(("day_first", "offset_h"), [(False, 3.0), (True, 3.0), (False, -5.0), (True, 5.5)])
def test_legacy_synthetic_time_decision(tmp_path: Path, day_first: bool, offset_h: float) -> None:
    sc = Scenario(seconds=20, start=datetime(2021, 3, 4, 22, 15, 0), states=[(0.4, "checking"), (3.0, "connected")])
    dump = load_dump(_write(tmp_path, "legacy.txt", internals_legacy_json(sc, day_first=day_first,
                                                                             utc_offset_h=offset_h)))
    assert dump.local_time_order == ("DMY" if day_first else "MDY")
    assert dump.local_time_offset_min == round(offset_h * 60)
    pc = dump.peer_connections[sc.pc_id]
    connected = next(e for e in pc.events if e.type == "oniceconnectionstatechange" and e.value == "connected")
    assert connected.time == sc.at(3.0).replace(microsecond=0)
    assert pc.series_of("outbound-rtp") and pc.configuration["iceTransportPolicy"] == "all"
    assert _state_events(dump, sc.pc_id, "onsignalingstatechange") == ["have-local-offer", "stable"]


def test_local_time_without_stats_is_assumed_utc() -> None:
    local = decide({"1-1": ["25/12/2020, 10:00:00"]}, {})
    assert (local.order, local.assumed, local.offset) == ("DMY", True, timedelta(0))
    local = decide({"1-1": ["2020/12/5 下午9:34:11"]}, {"1-1": Window(datetime(2020, 12, 5, 13, 34, 10),
                                                                      datetime(2020, 12, 5, 13, 40))})
    assert local.order == "YMD" and local.offset == timedelta(hours=8)


def test_gzip_and_bz2_are_transparent(tmp_path: Path) -> None:
    text = internals_json(Scenario(seconds=5))
    for name, blob in (("d.gz", gzip.compress(text.encode())), ("d.bz2", bz2.compress(text.encode()))):
        path = tmp_path / name
        path.write_bytes(blob)
        assert list(load_dump(path).peer_connections) == ["7-1"]


@pytest.mark.parametrize(("content", "message"), [
    ('{"PeerConnections": {"1-1": {', "truncated"),
    ('{"PeerConnections": {]}', "invalid JSON at line 1"),
    ('{"hello": 1}', "not a webrtc-internals dump"),
    ("just some text", "not a WebRTC stats dump"),
    ("", "empty"),
    ("RTCStatsDump\n{\"fileFormat\":3}\nnot json", "no rtcstats records"),
])
def test_invalid_inputs_raise_input_error(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_dump(_write(tmp_path, "bad.txt", content))


def test_unreadable_and_damaged_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_dump(tmp_path / "missing.txt")
    damaged = tmp_path / "cut.gz"
    damaged.write_bytes(gzip.compress(b'{"PeerConnections": {}}')[:12])
    with pytest.raises(InputError, match="damaged or cut short"):
        load_dump(damaged)


def test_progress_and_cancel(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.jsonl", rtcstats_text(Scenario(seconds=5)))
    seen: list[int] = []
    load_dump(path, progress=lambda done, total, note: seen.append(done))
    assert seen and seen[-1] >= seen[0]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        load_dump(path, cancel=token)


def test_helpers() -> None:
    assert split_key("IT01V1-[framesReceived-framesDecoded-framesDropped]") == (
        "IT01V1", "[framesReceived-framesDecoded-framesDropped]")
    assert split_key("Conn-audio-1-0-googActiveConnection") == ("Conn-audio-1-0", "googActiveConnection")
    assert canonical_type("iceConnectionStateChange") == "oniceconnectionstatechange"
    assert canonical_type("onIceCandidate") == "onicecandidate"
    assert canonical_type("navigator.mediaDevices.getUserMediaOnFailure") == "getUserMediaOnFailure"
    assert state_value("SignalingStateHaveLocalOffer") == "have-local-offer"
    assert state_value('"checking"') == "checking"
    config = parse_configuration('{ iceServers: [turn:a:3478, stun:b:19302], iceCandidatePoolSize: 0 }')
    assert config == {"iceServers": [{"urls": ["turn:a:3478"]}, {"urls": ["stun:b:19302"]}],
                      "iceCandidatePoolSize": 0}


def test_malformed_parts_are_skipped_not_fatal(tmp_path: Path) -> None:
    data = {"PeerConnections": {"1": "x", "2": {"updateLog": [1, {"type": "x", "time": "garbage"}],
                                                "stats": {"a-b": "bad", "c-d": {"values": "[1,"}}}}}
    dump = load_dump(_write(tmp_path, "odd.txt", json.dumps(data)))
    assert sorted(dump.peer_connections) == ["1", "2"]
    assert [e.type for e in dump.peer_connections["2"].events] == ["x"]
    assert any("unreadable" in w for w in dump.warnings) and dump.local_time_assumed
