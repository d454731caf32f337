"""Environment facts, member-name safety and file kinds: the small rules behind the file list."""

from __future__ import annotations

import pytest

from workbench.core.bundle.envinfo import facts_from_info, facts_from_log_head, facts_from_note, redact_app_id
from workbench.core.bundle.kinds import classify_text, is_image, is_stats_dump
from workbench.core.bundle.names import clean_name, decode_zip_name, link_escapes, unsafe_reason


def test_nested_json_device_info_maps_aliases_and_redacts_app_id() -> None:
    text = '{\n  "device": {"model": "SM-G9910", "os": "Android", "osVersion": "13"},\n' \
           '  "net": {"networkType": "WIFI"},\n  "appId": "0cc5d5f4a1b24e7f9e0d3c2b1a09f1bf",\n' \
           '  "channelName": "room-7", "uid": 42\n}\n'
    facts = facts_from_info("info/device_info.json", text)
    assert facts["device_model"].value == "SM-G9910"
    assert facts["os_version"].value == "13"
    assert facts["network_type"].value == "WIFI" and facts["network_type"].source == "info/device_info.json:3"
    assert facts["app_id"].value == "0cc***1bf"
    assert facts["channel"].value == "room-7" and facts["uid"].value == "42"


def test_key_value_text_with_combined_values() -> None:
    text = "Browser: Chrome 131\nOS: Windows 11\nNetwork: Wi-Fi\nSDK: livekit-client 2.5.1\n"
    facts = facts_from_info("browser_info.txt", text)
    assert (facts["os"].value, facts["os_version"].value) == ("Windows", "11")
    assert (facts["sdk_vendor"].value, facts["sdk_version"].value) == ("livekit", "2.5.1")
    assert facts["sdk_version"].source == "browser_info.txt:4"


def test_properties_file() -> None:
    facts = facts_from_info("build.prop", "ro.x=1\nmodel=iPhone14,2\nnetwork_type = 5G\n")
    assert facts["device_model"].value == "iPhone14,2" and facts["network_type"].value == "5G"


def test_incident_time_from_a_customer_note() -> None:
    facts = facts_from_note("note.txt", "Hello,\nthe call froze on 2024-03-02 09:20 (UTC+8) for everyone.\n")
    assert facts["incident_time"].value == "2024-03-02 09:20 (UTC+8)"
    assert facts["incident_time"].source == "note.txt:2"
    assert facts_from_note("note.txt", "no time given") == {}


def test_sdk_version_from_log_heads() -> None:
    head = "[03/02/24 09:15:02:118][2231][I]:[AGS]: Agora SDK ver 4.3.0 build 10021\n"
    facts = facts_from_log_head("agorasdk.log", "noise\n" + head)
    assert facts["sdk_version"].value == "4.3.0" and facts["sdk_version"].source == "agorasdk.log:2"


def test_short_app_ids_are_kept() -> None:
    assert redact_app_id("abc") == "abc"


@pytest.mark.parametrize(
    ("name", "reason"),
    [("../../evil", "path traversal (..)"), ("a/../../b", "path traversal (..)"), ("/etc/x", "absolute path"),
     ("C:\\win\\x", "absolute path"), ("ok/file.log", ""), ("..hidden/ok", "")],
)
def test_unsafe_names(name: str, reason: str) -> None:
    assert unsafe_reason(name) == reason


def test_name_cleaning_and_link_escape() -> None:
    assert clean_name("./logs//a.log") == "logs/a.log"
    assert link_escapes("logs", "../../etc/passwd")
    assert link_escapes("", "/etc/passwd")
    assert not link_escapes("logs/sub", "../a.log")


def test_zip_names_without_utf8_flag() -> None:
    gbk_as_cp437 = "日志/声网.log".encode("gbk").decode("cp437")
    assert decode_zip_name(gbk_as_cp437, utf8_flag=False) == "日志/声网.log"
    utf8_as_cp437 = "журнал.log".encode().decode("cp437")
    assert decode_zip_name(utf8_as_cp437, utf8_flag=False) == "журнал.log"
    assert decode_zip_name("Müller.log", utf8_flag=False) == "Müller.log"  # real CP437 stays


def test_kinds() -> None:
    assert is_image(b"\x89PNG\r\n\x1a\n....")
    assert is_stats_dump(b'{"getUserMedia": [], "PeerConnections": {}}')
    assert is_stats_dump(b'RTCStatsDump\n{"fileFormat":3}\n')
    assert not is_stats_dump(b'{"level":"info","msg":"x"}')
    log = "\n".join(f"2024-03-02 09:15:{n:02d}.000 INFO something {n}" for n in range(20))
    assert classify_text("logs/server.txt", log) == "log"
    assert classify_text("note.txt", "Hi team,\nthe remote video freezes every minute.\nThanks") == "note"
    assert classify_text("device_info.txt", "Model: Pixel 7\nOS: Android 14\n") == "device_info"


def test_channel_and_uid_from_an_agora_join_call() -> None:
    line = ('[05/14/24 16:02:42:045][2207][U]:(00000042): RtcEngine::joinChannel(this:0x7a, {"token":"007e", '
            '"channelId":"support-test", "uid":777, "options":{}})\n')
    facts = facts_from_log_head("agorasdk.log", "first\n" + line)
    assert (facts["channel"].value, facts["uid"].value) == ("support-test", "777")
    assert facts["channel"].source == "agorasdk.log:2"
    iris = '[2023-12-12 14:02:06.933] [1] [info] [x.cc:94] api name RtcEngine_joinChannel params ' \
           '{"token":"007e","channelId":"demo","info":"","uid":0}'
    facts = facts_from_log_head("agora-iris.log", iris)
    assert facts["channel"].value == "demo" and "uid" not in facts
