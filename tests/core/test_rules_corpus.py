"""What a senior engineer concludes from the real public files in ../shared/corpus, as findings.

Expectations are conclusions (which causes, on which layer, shown by which kind of line), written
after reading the files; evidence is checked against the files' own bytes, not copied into the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.bundle import open_bundle
from workbench.core.knowledge import version_findings
from workbench.core.logs.bundle_logs import parse_bundle_logs
from workbench.core.rules import run_rules


def analyse(folder: Path, only: set[str] | None = None) -> dict[str, dict]:
    """Findings by id for a corpus case (optionally only some of its files), with evidence checked."""
    with open_bundle(folder) as bundle:
        if only is not None:
            bundle.files = [f for f in bundle.files if f.path in only]
        with parse_bundle_logs(bundle) as logs:
            findings = run_rules(bundle, logs) + version_findings(bundle.environment)
            for finding in findings:
                _check_evidence(bundle, logs, finding)
    return {f["id"]: f for f in findings}


# Findings whose evidence states a fact about a file (a warning, a version) rather than quoting a line.
_FACT_EVIDENCE = ("kb.", "bundle.unreadable_log", "bundle.lost_blocks", "bundle.cut_archive", "bundle.missing_rotation",
                  "bundle.incident_not_covered")


def _check_evidence(bundle: object, logs: object, finding: dict) -> None:
    """Every evidence line of a log finding is the file's real line at that number."""
    if finding["id"].startswith(_FACT_EVIDENCE):
        return
    for entry in finding["evidence"]:
        parsed = logs.parsed[entry["file"]]
        real = parsed.index.text(entry["line"] - 1, limit=100_000).replace("\x00", "")
        assert real.startswith(entry["text"].rstrip("…")), (finding["id"], entry)


def texts(finding: dict) -> str:
    return "\n".join(e["text"] for e in finding["evidence"])


def test_jitsi_server_deployment_is_an_xmpp_and_certificate_problem(corpus: Path) -> None:
    found = analyse(corpus / "jitsi-meet-server-2024")
    refused = found["jitsi.xmpp_connection_refused"]
    assert refused["layer"] == "server" and refused["fix_type"] == "config"
    assert all(e["file"] == "jvb.log" and "5222" in e["text"] and "Connection refused" in e["text"]
               for e in refused["evidence"])
    assert refused["evidence"][0]["line"] in (20, 21)  # README: first refusal at lines 20-21
    unknown = found["jitsi.xmpp_host_unknown"]
    assert unknown["evidence"][0]["line"] > refused["evidence"][0]["line"], "host-unknown comes after Prosody is up"
    assert "auth.127.0.0.1" in texts(unknown)
    certs = found["jitsi.prosody_missing_certificate"]
    assert {e["file"] for e in certs["evidence"]} == {"prosody.log"}
    assert "5281" in texts(certs) and "jigasi.meet.jitsi" in texts(certs)
    assert {f["layer"] for f in found.values() if f["severity"] in ("critical", "error")} == {"server"}
    assert not any(i.startswith(("agora.", "webrtc.ice_failed")) for i in found)


def test_agora_2017_device_without_camera_and_stereo_audio_failure(corpus: Path) -> None:
    found = analyse(corpus / "agora-native-2017")
    camera = found["agora.no_camera"]
    assert camera["layer"] == "device" and {e["file"] for e in camera["evidence"]} == {"mediasdk.log"}
    assert "AgoraCapInvalid" in texts(camera) or "no video capture devices" in texts(camera)
    stereo = found["agora.adm_channel_mode"]
    assert stereo["layer"] == "device" and "8090" in texts(stereo)
    assert "kb.upgrade.agora-legacy-sdk" in found, "SDK 1.14.0 is a legacy line"
    assert found["kb.upgrade.agora-legacy-sdk"]["fix_type"] == "upgrade"
    assert "agora.session_not_terminated" in found  # runs that ended without leaving (kills/crashes)
    assert not [i for i, f in found.items() if f["layer"] == "server" and f["severity"] in ("critical", "error")]


def test_agora_iris_error_109_alone_is_reported_carefully(corpus: Path) -> None:
    found = analyse(corpus / "agora-unity-iris-4.2.3", only={"agora-iris.log"})
    iris = found["agora.token_error_iris"]
    assert iris["layer"] == "server" and iris["evidence"][0]["line"] == 33  # README: the one error line
    assert "per Agora's error table" in iris["title"]
    assert "agora.token_expired" not in found, "no native line confirms the expiry in this file alone"


def test_agora_unity_bundle_native_trace_confirms_the_token_expired(corpus: Path) -> None:
    found = analyse(corpus / "agora-unity-iris-4.2.3")
    expired = found["agora.token_expired"]
    assert {e["file"] for e in expired["evidence"]} >= {"agoraapi.log"}
    assert "error:109" in texts(expired) or "reason:9" in texts(expired)
    assert "agora.token_error_iris" not in found, "one token finding, not two"
    join = found["agora.join_no_success"]
    assert join["evidence"][0]["file"] == "agoraapi.log" and "joinChannel" in join["evidence"][0]["text"]
    assert join["title"] == "Join requested but no join success within 10 s", "the failed first join only"


def test_libwebrtc_probe_failures_but_ice_connected(corpus: Path) -> None:
    found = analyse(corpus / "libwebrtc-native-alphartc")
    probe = found["webrtc.network_probe_failed"]
    assert probe["layer"] == "network" and "(30×)" in probe["title"]  # README: 30 times
    assert probe["evidence"][0]["line"] == 206  # README: first at line 206
    connected = found["webrtc.ice_connected"]
    assert connected["severity"] == "info" and "ICE connected" in texts(connected)
    assert not any("ice_failed" in i for i in found)
    assert "webrtc.nack_max_retries" in found  # 190 sequence numbers given up on: real loss on the path


def test_encrypted_agora_log_asks_for_the_plain_log(corpus: Path) -> None:
    found = analyse(corpus / "agora-android-encrypted")
    unreadable = found["bundle.unreadable_log"]
    assert unreadable["fix_type"] == "ask" and unreadable["evidence"][0]["file"] == "agorasdk.log"
    no_join = found["bundle.agora_no_join"]
    assert {e["file"] for e in no_join["evidence"]} == {"agoraapi.log"}


@pytest.mark.parametrize("case", ["loghub-android-logcat", "loghub-macos-syslog"])
def test_non_rtc_system_logs_raise_no_errors(corpus: Path, case: str) -> None:
    found = analyse(corpus / case)
    assert [i for i, f in found.items() if f["severity"] in ("critical", "error")] == []


def test_every_corpus_case_analyses_without_error(corpus: Path) -> None:
    for case in sorted(p for p in corpus.iterdir() if p.is_dir()):
        analyse(case)
