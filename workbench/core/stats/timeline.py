"""A dump's events as one time-sorted list with one-line texts, ready to merge with the log timeline.

The text is what a support engineer scans in a merged timeline: ``[pc 11-1] iceconnectionstatechange:
checking → connected``, the offer's media and codecs, a candidate's type and address, an ICE server
error with its code — never a whole SDP.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.core.stats.ice import candidate_error_fields, parse_candidate
from workbench.core.stats.model import Event, StatsDump
from workbench.core.stats.sdp import description_of
from workbench.core.text.shorten import one_line

TEXT_LIMIT = 160


def _sdp_text(event: Event) -> str | None:
    description = description_of(event)
    if description is None:
        return None
    media = []
    for section in description.media:
        codec = section.primary_codec
        media.append(f"{section.kind} {codec.name if codec else '-'} {section.direction}")
    return f"{description.type} ({', '.join(media) or 'no media'})"


def _candidate_text(event: Event) -> str | None:
    cand = parse_candidate(event.value, "local")
    if cand is None:
        return None
    return f"{cand.type} {cand.protocol} {cand.address}:{cand.port}"


def _error_text(event: Event) -> str:
    data = candidate_error_fields(event.value)
    if data is None:
        return event.value
    return f"{data.get('error_code', '')} {data.get('error_text', '')} ({data.get('url', '')})".strip()


def _detail(event: Event, previous: dict[tuple[str | None, str], str]) -> str:
    """The part after ``type:`` for one event."""
    if event.is_state_change:
        key = (event.pc, event.type)
        before = previous.get(key)
        previous[key] = event.value
        return f"{before} → {event.value}" if before else event.value
    if event.type == "onicecandidateerror":
        return _error_text(event)
    if event.type in ("onicecandidate", "addIceCandidate"):
        return _candidate_text(event) or event.value
    return _sdp_text(event) or event.value


def event_text(event: Event, previous: dict[tuple[str | None, str], str] | None = None) -> str:
    """``[pc 11-1] iceconnectionstatechange: checking → connected`` style summary of one event."""
    shortened = event.is_state_change or event.type in ("onicecandidate", "onicecandidateerror")
    name = event.type.removeprefix("on") if shortened else event.type
    detail = _detail(event, previous if previous is not None else {})
    prefix = f"[pc {event.pc}] " if event.pc else ""
    return one_line(f"{prefix}{name}: {detail}" if detail else f"{prefix}{name}", TEXT_LIMIT)


def dump_events(dump: StatsDump) -> list[Event]:
    """All events of all PeerConnections plus media requests and page events, time-sorted, with ``text``."""
    events = [*dump.get_user_media, *dump.page_events]
    for pc in dump.peer_connections.values():
        events.extend(pc.events)
    ordered = sorted(events, key=lambda e: e.time)  # stable: same-time events keep file order
    previous: dict[tuple[str | None, str], str] = {}
    return [replace(e, text=event_text(e, previous)) for e in ordered]
