"""The ICE view's words (no Qt): the one-line verdict, the table cells, the redacted clipboard text.

The verdict says in plain words what an engineer would look for first: did ICE fail and when,
were only host candidates gathered although STUN/TURN servers are configured, is there no relay
candidate, which pair carried the call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from workbench.core.redact import redact
from workbench.core.stats.ice import Candidate, CandidatePair, IceError, IceSummary

Row = Callable[[Any], str]
OK, WARN, BAD = "ok", "warn", "bad"
_RANK = {OK: 0, WARN: 1, BAD: 2}


def servers_phrase(ice: IceSummary) -> str:
    """``a STUN server is configured``, ``STUN/TURN servers are configured``; "" without servers."""
    kinds = sorted(k.upper() for k in ice.server_kinds)
    if not kinds:
        return ""
    plural = len(ice.ice_servers) > 1
    return f"{'' if plural else 'a '}{'/'.join(kinds)} server{'s are' if plural else ' is'} configured"


def candidate_text(candidate: Candidate | None) -> str:
    """``relay udp 198.51.100.9:54402`` (``–`` when the pair's candidate is unknown)."""
    if candidate is None:
        return "–"
    address = f"[{candidate.address}]" if ":" in candidate.address else candidate.address or "(hidden)"
    return f"{candidate.type} {candidate.protocol} {address}:{candidate.port}"


def pair_text(pair: CandidatePair) -> str:
    """``relay/udp via turn:… ↔ host/udp``: the selected pair in the verdict."""
    local, remote = pair.local, pair.remote
    left = f"{local.type}/{local.protocol}" if local else "?"
    if local and local.type == "relay" and local.url:
        left += f" via {local.url}"
    elif local and local.type == "relay" and local.relay_protocol:
        left += f" (TURN over {local.relay_protocol})"
    right = f"{remote.type}/{remote.protocol}" if remote else "?"
    return f"{left} ↔ {right}"


def _candidate_sentence(ice: IceSummary) -> tuple[str, str] | None:
    servers = servers_phrase(ice)
    gathered = ice.gathered_types
    if not ice.local:
        return WARN, "No local candidates gathered"
    if gathered == {"host"}:
        if servers:
            return (WARN if ice.connected else BAD), f"Only host candidates gathered although {servers}"
        return OK, "Only host candidates gathered (no STUN/TURN server configured)"
    if "relay" not in gathered:
        turn = "turn" in ice.server_kinds
        return (WARN if turn else OK), "No relay candidate" + (" although a TURN server is configured" if turn else "")
    return None


def ice_verdict(ice: IceSummary, benign_codes: frozenset[int] = frozenset()) -> tuple[str, str]:
    """(level, text): level ``ok``/``warn``/``bad``; sentences joined by `` · ``."""
    parts: list[tuple[str, str]] = []
    failed = next((e for e in ice.states if e.value == "failed"), None)
    if failed is not None:
        parts.append((BAD, f"ICE failed at {failed.time:%H:%M:%S}"))
    elif not ice.connected:
        parts.append((BAD if ice.states else WARN, "ICE never connected"))
    if (found := _candidate_sentence(ice)) is not None:
        parts.append(found)
    if ice.selected is not None:
        parts.append((OK, f"Selected pair: {pair_text(ice.selected)}"))
    elif ice.pairs:
        parts.append((WARN, "No selected pair"))
    if ice.errors:
        harmless = sum(1 for e in ice.errors if e.code in benign_codes)
        note = " (benign: the call connected)" if harmless == len(ice.errors) else ""
        parts.append((OK if note else WARN, f"{len(ice.errors)} ICE server error{'s' if len(ice.errors) > 1 else ''}"
                      f"{note}"))
    level = max((lvl for lvl, _text in parts), key=_RANK.__getitem__, default=OK)
    return level, " · ".join(text for _lvl, text in parts) or "No ICE information in this dump"


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


CANDIDATE_COLUMNS: list[tuple[str, Row, bool]] = [
    ("Type", lambda c: c.type, False), ("Protocol", lambda c: c.protocol, False),
    ("Address", lambda c: c.address or "(hidden)", False), ("Port", lambda c: str(c.port or ""), True),
    ("Network", lambda c: c.network_type, False),
    ("URL", lambda c: " ".join(p for p in (c.url, f"(relay over {c.relay_protocol})" if c.relay_protocol else "") if p),
     False),
]
PAIR_COLUMNS: list[tuple[str, Row, bool]] = [
    ("Local", lambda p: candidate_text(p.local), False), ("Remote", lambda p: candidate_text(p.remote), False),
    ("State", lambda p: p.state, False), ("Nominated", lambda p: _yes(p.nominated), False),
    ("Selected", lambda p: "★ selected" if p.selected else "", False),
    ("Requests sent", lambda p: str(p.requests_sent), True),
    ("Responses", lambda p: str(p.responses_received), True),
    ("RTT ms", lambda p: "" if p.rtt_ms is None else f"{p.rtt_ms:.0f}", True),
    ("Bytes sent", lambda p: f"{p.bytes_sent:,}", True), ("Bytes received", lambda p: f"{p.bytes_received:,}", True),
]


def error_columns(benign_codes: frozenset[int]) -> list[tuple[str, Row, bool]]:
    """Columns of the ICE server error table; ``Benign`` is ticked where a finding says so."""
    return [
        ("Time", lambda e: f"{e.time:%H:%M:%S}.{e.time.microsecond // 1000:03d}", False),
        ("URL", lambda e: e.url, False), ("Code", lambda e: "" if e.code is None else str(e.code), True),
        ("Text", lambda e: e.text, False),
        ("Host address", lambda e: e.address + (f":{e.port}" if e.port is not None else ""), False),
        ("Benign", lambda e: "benign" if e.code in benign_codes else "", False),
    ]


def table_text(title: str, columns: Sequence[tuple[str, Row, bool]], rows: Sequence[Any]) -> str:
    """A titled, tab-separated table."""
    lines = [f"{title} ({len(rows)})", "\t".join(c[0] for c in columns)]
    lines += ["\t".join(c[1](row) for c in columns) for row in rows]
    return "\n".join(lines)


def ice_text(pc_id: str, ice: IceSummary, benign_codes: frozenset[int] = frozenset(), *,
             redacted: bool = True) -> str:
    """The whole ICE view as text, addresses masked (``192.x.x.x``) unless ``redacted`` is False."""
    errors: list[IceError] = ice.errors
    text = "\n\n".join([
        f"ICE of PeerConnection {pc_id}\n{ice_verdict(ice, benign_codes)[1]}\n"
        f"ICE servers: {', '.join(ice.ice_servers) or 'none'}",
        table_text("Local candidates", CANDIDATE_COLUMNS, ice.local),
        table_text("Remote candidates", CANDIDATE_COLUMNS, ice.remote),
        table_text("Candidate pairs", PAIR_COLUMNS, ice.pairs),
        table_text("ICE server errors", error_columns(benign_codes), errors),
    ])
    return redact(text) if redacted else text
