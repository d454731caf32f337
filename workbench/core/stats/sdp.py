"""Session descriptions of a PeerConnection: m-lines, codecs (name/clock/fmtp), directions, candidates.

The SDP sits in the value of ``createOfferOnSuccess``/``createAnswerOnSuccess`` and
``setLocal/RemoteDescription`` events: JSON ``{"type","sdp"}`` in current Chrome and rtcstats,
``type: offer, sdp: v=0…`` text in Chrome 86.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from workbench.core.stats.model import Event, PeerConnection, StatsSeries

SDP_EVENTS = {"createOfferOnSuccess": "local", "createAnswerOnSuccess": "local",
              "setLocalDescription": "local", "setRemoteDescription": "remote"}
# Payloads that carry no media of their own: not "the codec" of an m-line.
_HELPERS = {"rtx", "red", "ulpfec", "flexfec-03", "cn", "telephone-event"}
_LEGACY = re.compile(r"^type:\s*(?P<type>\w+),\s*sdp:\s*(?P<sdp>.*)$", re.S)


@dataclass(frozen=True)
class Codec:
    """One ``a=rtpmap`` entry with its ``a=fmtp`` parameters."""

    payload_type: int
    name: str
    clock_rate: int
    channels: int | None = None
    fmtp: str = ""

    @property
    def is_media(self) -> bool:
        """False for rtx/red/ulpfec/CN/telephone-event: helpers, not the stream's codec."""
        return self.name.lower() not in _HELPERS


@dataclass
class MediaSection:
    """One m-line: kind, mid, direction, codecs in preference order, candidates it lists."""

    kind: str
    port: int
    protocol: str
    mid: str = ""
    direction: str = "sendrecv"
    codecs: list[Codec] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)

    @property
    def primary_codec(self) -> Codec | None:
        """The first media codec: in an answer, the one both sides will use."""
        return next((c for c in self.codecs if c.is_media), None)


@dataclass
class Description:
    """An offer or answer as seen in one event."""

    type: str
    side: str  # local | remote
    sdp: str
    media: list[MediaSection]
    event: Event


def _rtpmap(rest: str) -> tuple[int, str, int, int | None] | None:
    found = re.match(r"(\d+)\s+([^/\s]+)/(\d+)(?:/(\d+))?", rest)
    if not found:
        return None
    channels = int(found.group(4)) if found.group(4) else None
    return int(found.group(1)), found.group(2), int(found.group(3)), channels


def _media_line(rest: str) -> MediaSection:
    parts = rest.split()
    port = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    return MediaSection(kind=parts[0] if parts else "", port=port, protocol=parts[2] if len(parts) > 2 else "")


def parse_sdp(sdp: str) -> list[MediaSection]:
    """The m-sections of an SDP blob, codecs with fmtp attached, in m-line order."""
    sections: list[MediaSection] = []
    fmtp: dict[int, str] = {}
    maps: list[tuple[int, str, int, int | None]] = []

    def close() -> None:
        if sections:
            sections[-1].codecs = [Codec(pt, name, clock, ch, fmtp.get(pt, "")) for pt, name, clock, ch in maps]

    for line in sdp.replace("\r\n", "\n").split("\n"):
        key, _, rest = line.strip().partition("=")
        if key == "m":
            close()
            sections.append(_media_line(rest))
            fmtp, maps = {}, []
        elif key == "a" and sections:
            name, _, value = rest.partition(":")
            section = sections[-1]
            if name == "rtpmap" and (mapped := _rtpmap(value)):
                maps.append(mapped)
            elif name == "fmtp" and (pt := value.split(" ", 1))[0].isdigit():
                fmtp[int(pt[0])] = pt[1] if len(pt) > 1 else ""
            elif name == "mid":
                section.mid = value
            elif name in ("sendrecv", "sendonly", "recvonly", "inactive"):
                section.direction = name
            elif name == "candidate":
                section.candidates.append("candidate:" + value)
    close()
    return sections


def description_of(event: Event) -> Description | None:
    """The offer/answer an SDP-carrying event holds, if it holds one."""
    side = SDP_EVENTS.get(event.type)
    if side is None or "v=0" not in event.value:
        return None
    kind, sdp = "", ""
    try:
        decoded = json.loads(event.value)
        if isinstance(decoded, dict):
            kind, sdp = str(decoded.get("type", "")), str(decoded.get("sdp", ""))
    except ValueError:
        found = _LEGACY.match(event.value.strip())
        if found:
            kind, sdp = found.group("type"), found.group("sdp")
    if not sdp:
        return None
    return Description(kind, side, sdp, parse_sdp(sdp), event)


def pc_descriptions(pc: PeerConnection) -> list[Description]:
    """Every offer/answer of the PeerConnection, in event order."""
    return [d for e in pc.events if e.type in SDP_EVENTS and (d := description_of(e)) is not None]


def negotiated_codecs(pc: PeerConnection) -> dict[str, list[str]]:
    """Media kind → primary codec names of the last answer (e.g. ``{"video": ["VP8"]}``)."""
    answers = [d for d in pc_descriptions(pc) if d.type == "answer"]
    if not answers:
        return {}
    out: dict[str, list[str]] = {}
    for section in answers[-1].media:
        codec = section.primary_codec
        if codec and codec.name not in out.setdefault(section.kind, []):
            out[section.kind].append(codec.name)
    return out


def codecs_in_use(pc: PeerConnection) -> dict[str, str]:
    """RTP stream id → ``mimeType`` (``video/VP8``) with fmtp, from the codec stats the streams point at."""
    codecs: dict[str, StatsSeries] = {s.id: s for s in pc.series_of("codec")}
    out = {}
    for stream in pc.series_of("outbound-rtp", "inbound-rtp"):
        codec = codecs.get(str(stream.last("codecId", "")))
        if codec is None:
            label = stream.last("[codec]")  # "VP8 (96)" summary column of webrtc-internals
            if label:
                out[stream.id] = str(label)
            continue
        fmtp = codec.last("sdpFmtpLine", "")
        out[stream.id] = f"{codec.last('mimeType', '')}{' ' + fmtp if fmtp else ''}"
    return out
