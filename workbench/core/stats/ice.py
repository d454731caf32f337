"""ICE of one PeerConnection: candidates, pairs, the selected pair, server errors and state changes.

Candidates come from three places that each miss something: the update log (``onicecandidate`` =
local, ``addIceCandidate`` = remote; no network type), the SDP ``a=candidate`` lines (non-trickle
peers), and the candidate stats (network type, STUN/TURN url; only while the stats lived). They are
merged by (side, address, port, protocol). Legacy ``goog*`` stats name the types differently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from workbench.core.stats.model import Event, PeerConnection, StatsSeries
from workbench.core.stats.rtcconfig import ice_server_urls
from workbench.core.stats.sdp import pc_descriptions

_CANDIDATE = re.compile(r"candidate:(?P<foundation>\S+) (?P<component>\d+) (?P<protocol>\w+) (?P<priority>\d+) "
                        r"(?P<address>\S+) (?P<port>\d+) typ (?P<type>\w+)(?P<rest>[^\"\\]*)")
_TYPES = {"serverreflexive": "srflx", "stunserverreflexive": "srflx", "stun": "srflx", "peerreflexive": "prflx",
          "relayed": "relay", "local": "host"}
CONNECTED = ("connected", "completed")
ICE_STATE_EVENTS = ("oniceconnectionstatechange", "legacyIceConnectionStateChange", "onconnectionstatechange")


@dataclass(frozen=True)
class Candidate:
    """One ICE candidate (``type`` is host | srflx | prflx | relay)."""

    type: str
    protocol: str
    address: str
    port: int
    network_type: str = ""
    url: str = ""
    side: str = "local"
    stats_id: str = ""
    relay_protocol: str = ""

    @property
    def key(self) -> tuple[str, str, int, str]:
        """What makes two sightings the same candidate."""
        return self.side, self.address, self.port, self.protocol.lower()


@dataclass
class CandidatePair:
    """A candidate pair from the stats, with its connectivity-check counters."""

    id: str
    local: Candidate | None
    remote: Candidate | None
    state: str = ""
    nominated: bool = False
    requests_sent: int = 0
    responses_received: int = 0
    rtt_ms: float | None = None
    bytes_sent: int = 0
    bytes_received: int = 0
    selected: bool = False


@dataclass(frozen=True)
class IceError:
    """One ``onicecandidateerror``: which server failed from which host address, and why."""

    time: datetime
    url: str
    address: str
    port: int | None
    code: int | None
    text: str
    event: Event


@dataclass
class IceSummary:
    """What the ICE view shows for one PeerConnection."""

    ice_servers: list[str]
    local: list[Candidate] = field(default_factory=list)
    remote: list[Candidate] = field(default_factory=list)
    pairs: list[CandidatePair] = field(default_factory=list)
    selected: CandidatePair | None = None
    errors: list[IceError] = field(default_factory=list)
    states: list[Event] = field(default_factory=list)
    connected: bool = False
    failed: bool = False

    @property
    def gathered_types(self) -> set[str]:
        """Types of the local candidates (what this browser gathered)."""
        return {c.type for c in self.local}

    @property
    def server_kinds(self) -> set[str]:
        """``stun`` and/or ``turn`` (turns: counts as turn) among the configured ICE servers."""
        return {url.split(":", 1)[0].lower().rstrip("s") for url in self.ice_servers if ":" in url}


def candidate_type(raw: Any) -> str:
    """host | srflx | prflx | relay from any spelling (``serverreflexive``, ``relayed``, ``stun``…)."""
    text = str(raw or "").lower()
    return _TYPES.get(text, text)


def parse_candidate(text: str, side: str) -> Candidate | None:
    """A candidate from an SDP/trickle ``candidate:`` string (JSON, legacy text or SDP line)."""
    found = _CANDIDATE.search(text)
    if not found:
        return None
    rest = found.group("rest")
    network = re.search(r"network-type (\S+)", rest)
    return Candidate(type=candidate_type(found.group("type")), protocol=found.group("protocol").lower(),
                     address=found.group("address"), port=int(found.group("port")),
                     network_type=network.group(1) if network else "", side=side)


def _stats_candidate(series: StatsSeries) -> Candidate:
    side = "remote" if series.type in ("remote-candidate", "remotecandidate") or \
        series.last("isRemote") in (True, "true") else "local"
    port = series.last("port", series.last("portNumber", 0))
    return Candidate(
        type=candidate_type(series.last("candidateType")), side=side, stats_id=series.id,
        protocol=str(series.last("protocol", series.last("transport", ""))).lower(),
        address=str(series.last("address", series.last("ip", series.last("ipAddress", "")))),
        port=int(float(port or 0)), network_type=str(series.last("networkType", "") or ""),
        url=str(series.last("url", "") or ""), relay_protocol=str(series.last("relayProtocol", "") or ""),
    )


def _merge_candidates(found: list[Candidate]) -> list[Candidate]:
    """One candidate per (side, address, port, protocol); stats fill in network type, url, stats id."""
    merged: dict[tuple[str, str, int, str], Candidate] = {}
    by_port: dict[tuple[str, int, str], tuple[str, str, int, str]] = {}
    for cand in found:
        # Chrome's stats blank mDNS/hidden addresses ("") that the update log shows as "….local":
        # then the port and protocol on the same side are what identify the candidate.
        key = cand.key if cand.key in merged else by_port.get((cand.side, cand.port, cand.key[3]), cand.key)
        if cand.address and key[1] == "" and key in merged:
            merged[cand.key] = replace(merged.pop(key), address=cand.address)
            key = cand.key
        known = merged.get(key)
        if known is None:
            merged[key] = cand
        else:
            merged[key] = replace(known, network_type=known.network_type or cand.network_type,
                                  url=known.url or cand.url, stats_id=known.stats_id or cand.stats_id,
                                  relay_protocol=known.relay_protocol or cand.relay_protocol,
                                  address=known.address or cand.address)
        by_port[(cand.side, cand.port, cand.key[3])] = key
    return list(merged.values())


def _candidates(pc: PeerConnection) -> list[Candidate]:
    found = [_stats_candidate(s) for s in pc.series.values()
             if s.type in ("local-candidate", "remote-candidate", "localcandidate", "remotecandidate")]
    for event in pc.events:
        side = {"onicecandidate": "local", "addIceCandidate": "remote"}.get(event.type)
        if side and (cand := parse_candidate(event.value, side)):
            found.append(cand)
    for description in pc_descriptions(pc):
        for section in description.media:
            found += [c for line in section.candidates if (c := parse_candidate(line, description.side))]
    return _merge_candidates(found)


def _int(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def _pair(series: StatsSeries, by_id: dict[str, Candidate], goog: bool) -> CandidatePair:
    if goog:  # googCandidatePair: addresses and types instead of candidate ids
        local = _goog_side(series, "Local", "local")
        remote = _goog_side(series, "Remote", "remote")
        rtt = series.last("googRtt")
    else:
        local = by_id.get(str(series.last("localCandidateId", "")))
        remote = by_id.get(str(series.last("remoteCandidateId", "")))
        rtt = series.last("currentRoundTripTime")
        rtt = None if rtt is None else float(rtt) * 1000
    return CandidatePair(
        id=series.id, local=local, remote=remote, state=str(series.last("state", "") or ""),
        nominated=series.last("nominated") in (True, "true"), requests_sent=_int(series.last("requestsSent")),
        responses_received=_int(series.last("responsesReceived")),
        rtt_ms=None if rtt is None else float(rtt), bytes_sent=_int(series.last("bytesSent")),
        bytes_received=_int(series.last("bytesReceived")),
        selected=series.last("selected") in (True, "true") or series.last("googActiveConnection") in (True, "true"),
    )


def _goog_side(series: StatsSeries, which: str, side: str) -> Candidate | None:
    address = str(series.last(f"goog{which}Address", "") or "")
    if not address:
        return None
    host, _, port = address.rpartition(":")
    return Candidate(type=candidate_type(series.last(f"goog{which}CandidateType")), side=side,
                     protocol=str(series.last("googTransportType", "")).lower(), address=host or address,
                     port=_int(port))


def _pairs(pc: PeerConnection, candidates: list[Candidate]) -> list[CandidatePair]:
    by_id = {c.stats_id: c for c in candidates if c.stats_id}
    pairs = [_pair(s, by_id, s.type == "googCandidatePair")
             for s in pc.series.values() if s.type in ("candidate-pair", "googCandidatePair")]
    chosen = {str(t.last("selectedCandidatePairId")) for t in pc.series_of("transport")
              if t.last("selectedCandidatePairId")}
    for pair in pairs:
        pair.selected = pair.selected or pair.id in chosen
    return pairs


def candidate_error_fields(value: str) -> dict[str, Any] | None:
    """The fields of an ``onicecandidateerror`` value: JSON (current Chrome) or ``key: value`` lines
    (Chrome 86); None when the JSON is not an object."""
    try:
        data = json.loads(value)
    except ValueError:
        data = dict(line.split(": ", 1) for line in value.splitlines() if ": " in line)
    return data if isinstance(data, dict) else None


def _error(event: Event) -> IceError:
    data = candidate_error_fields(event.value) or {}
    code = data.get("error_code", data.get("errorCode"))
    port = data.get("port")
    return IceError(time=event.time, url=str(data.get("url", "")), address=str(data.get("address", "")),
                    port=_int(port) if port not in (None, "") else None,
                    code=_int(code) if code not in (None, "") else None,
                    text=str(data.get("error_text", data.get("errorText", ""))), event=event)


def ice_summary(pc: PeerConnection) -> IceSummary:
    """Candidates, pairs (selected marked), ICE server errors and ICE/connection state changes."""
    candidates = _candidates(pc)
    pairs = _pairs(pc, candidates)
    states = pc.events_of(*ICE_STATE_EVENTS)
    selected = next((p for p in pairs if p.selected), None)
    return IceSummary(
        ice_servers=ice_server_urls(pc.configuration),
        local=[c for c in candidates if c.side == "local"],
        remote=[c for c in candidates if c.side == "remote"],
        pairs=pairs, selected=selected,
        errors=[_error(e) for e in pc.events_of("onicecandidateerror")],
        states=states,
        connected=any(e.value in CONNECTED for e in states) or
        (selected is not None and selected.state == "succeeded"),
        failed=any(e.value == "failed" for e in states),
    )
