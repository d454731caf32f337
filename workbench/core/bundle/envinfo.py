"""Environment facts (device, OS, network, SDK, channel…) from device-info files, notes and log heads.

Device info arrives as JSON (nested or flat), ``key=value`` properties or ``Key: value`` text, with
each SDK and each customer using their own key names; the alias table maps them to the report's
fields (design §4). The first file that states a fact wins; its ``file:line`` is kept as evidence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from workbench.core.bundle.model import Fact

_ALIASES = {
    "sdk_vendor": ("sdkvendor", "vendor", "rtcvendor", "sdkprovider"),
    "sdk_version": ("sdkversion", "sdkver", "rtcsdkversion", "agorasdkversion", "libraryversion"),
    "os": ("os", "osname", "platform", "system", "operatingsystem"),
    "os_version": ("osversion", "androidversion", "iosversion", "systemversion", "release", "osrelease"),
    "device_model": ("devicemodel", "model", "device", "phonemodel", "hardwaremodel", "productmodel"),
    "network_type": ("networktype", "network", "nettype", "connectiontype", "connection"),
    "channel": ("channel", "channelid", "channelname", "room", "roomname", "roomid", "cname"),
    "uid": ("uid", "userid", "localuid"),
    "app_id": ("appid", "applicationid", "sdkappid"),
    "incident_time": ("incidenttime", "timeofissue", "issuetime", "incident", "occurredat"),
}
_FIELD_BY_ALIAS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_VENDORS = {"agora": "agora", "trtc": "tencent", "tencent": "tencent", "liteav": "tencent", "zego": "zego",
            "twilio": "twilio", "livekit": "livekit", "jitsi": "jitsi", "janus": "janus",
            "mediasoup": "mediasoup", "webrtc": "webrtc", "netease": "netease", "nertc": "netease"}
_VERSION = re.compile(r"\bv?(\d+\.\d+(?:\.\d+){0,2})\b")
_OS_VERSION = re.compile(r"\b(\d+(?:\.\d+){0,3})\b")  # "Windows 11", "Android 14", "iOS 17.4.1"
_KV_LINE = re.compile(r"^\s*([\w .()/-]{1,40}?)\s*[:=]\s*(.+?)\s*$")
_SDK_VERSION_IN_LOG = re.compile(
    r"(?P<vendor>Agora|TRTC|LiteAV|ZEGO|Twilio|livekit|jitsi-videobridge|Janus)[\w ]*?"
    r"(?:SDK )?(?:ver(?:sion)?)[ :=]*v?(?P<version>\d+\.\d+(?:\.\d+){0,2})", re.I)
# Agora joinChannel calls (native 4.x API trace, Iris wrapper params): the channel and uid joined.
_JOIN_CHANNEL = re.compile(r'joinChannel\w*[^\n]*?"channel(?:Id|Name)?"\s*:\s*"(?P<channel>[^"]+)"'
                           r'(?:[^\n]*?"uid"\s*:\s*(?P<uid>\d+))?')
_INCIDENT_IN_NOTE = re.compile(
    r"(?P<ts>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*\(?(?:UTC|GMT)[+-]?\d{0,2}\)?)?)")


def _key(raw: str) -> str:
    return re.sub(r"[^a-z0-9]", "", raw.lower())


def _flatten(value: object, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flatten(inner, str(key))
    elif isinstance(value, list):
        return
    elif value is not None and str(value).strip():
        yield prefix, str(value).strip()


def _line_of(text: str, needle: str) -> int:
    position = text.find(needle)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def pairs_from_text(text: str) -> Iterator[tuple[str, str, int]]:
    """(key, value, line) from JSON or key/value text."""
    stripped = text.lstrip("\ufeff \r\n\t")
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for key, value in _flatten(data):
                yield key, value, _line_of(text, f'"{key}"')
            return
    for number, line in enumerate(text.splitlines(), start=1):
        match = _KV_LINE.match(line)
        if match:
            yield match.group(1), match.group(2).strip().strip('",'), number


def redact_app_id(value: str) -> str:
    """App ids grant access to the customer's project: keep only enough to recognise it."""
    return value if len(value) <= 6 else f"{value[:3]}***{value[-3:]}"


def _split_combined(field: str, value: str) -> dict[str, str]:
    """'SDK: livekit-client 2.5.1' and 'OS: Windows 11' carry two facts each."""
    extra: dict[str, str] = {}
    version = _VERSION.search(value)
    if field in ("sdk_vendor", "sdk_version", "sdk"):
        vendor = next((v for k, v in _VENDORS.items() if k in value.lower()), "")
        if vendor:
            extra["sdk_vendor"] = vendor
        if version:
            extra["sdk_version"] = version.group(1)
    elif field == "os" and (os_version := _OS_VERSION.search(value)):
        extra["os"] = value[: os_version.start()].strip() or value
        extra["os_version"] = os_version.group(1)
    return extra


def facts_from_info(path: str, text: str) -> dict[str, Fact]:
    """Facts from a device/network info file at bundle path ``path``."""
    facts: dict[str, Fact] = {}
    for raw_key, value, line in pairs_from_text(text):
        key = _key(raw_key)
        field = "sdk" if key == "sdk" else _FIELD_BY_ALIAS.get(key)
        if not field:
            continue
        found = {field: value} if field != "sdk" else {}
        found.update(_split_combined(field, value))
        for name, fact_value in found.items():
            if name == "app_id":
                fact_value = redact_app_id(fact_value)
            facts.setdefault(name, Fact(fact_value, f"{path}:{line}"))
    return facts


def facts_from_note(path: str, text: str) -> dict[str, Fact]:
    """The incident time a customer wrote in their note, if any."""
    match = _INCIDENT_IN_NOTE.search(text)
    if not match:
        return {}
    return {"incident_time": Fact(match.group("ts").strip(), f"{path}:{_line_number(text, match.start())}")}


def _line_number(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def facts_from_log_head(path: str, text: str) -> dict[str, Fact]:
    """SDK vendor and version announced in the first lines of an SDK log, and the channel joined."""
    facts: dict[str, Fact] = {}
    match = _SDK_VERSION_IN_LOG.search(text)
    if match:
        source = f"{path}:{_line_number(text, match.start())}"
        facts["sdk_version"] = Fact(match.group("version"), source)
        vendor = next((v for k, v in _VENDORS.items() if k in match.group("vendor").lower()), "")
        if vendor:
            facts["sdk_vendor"] = Fact(vendor, source)
    join = _JOIN_CHANNEL.search(text)
    if join:
        source = f"{path}:{_line_number(text, join.start())}"
        facts["channel"] = Fact(join.group("channel"), source)
        if join.group("uid") and join.group("uid") != "0":  # uid 0 asks the server to assign one
            facts["uid"] = Fact(join.group("uid"), source)
    return facts
