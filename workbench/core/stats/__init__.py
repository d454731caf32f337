"""WebRTC stats dumps (chrome://webrtc-internals, rtcstats): import, ICE/SDP views, derived series, findings.

Entry points: :func:`load_dump` → :class:`StatsDump`; ``ice.ice_summary``, ``sdp.pc_descriptions``,
``derive.derive_series``, ``findings.stats_findings``, ``environment.environment_facts``,
``timeline.dump_events``.
"""

from workbench.core.stats.load import detect_format, load_dump
from workbench.core.stats.model import Event, PeerConnection, StatsDump, StatsSeries

__all__ = ["Event", "PeerConnection", "StatsDump", "StatsSeries", "detect_format", "load_dump"]
