"""Cases: a local store of customer problems, SLA clocks derived from their events, and their CLI.

    >>> with CaseStore() as store:  # doctest: +SKIP
    ...     case = new_case_from_bundle(store, Path("bundle.zip"), customer="ACME", channel="ticket")
    ...     store.add_event(case.id, "public_reply", text="We are on it")
    ...     clocks(store.get_case(case.id), store.events(case.id), utc_now())

Names are imported on first use (PEP 562): the top-level CLI imports ``cases.cli`` for every
command, and sqlite-utils alone costs ~0.1 s that ``workbench analyze`` should not pay.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CHANNELS": "model", "EVENT_KINDS": "model", "PRIORITIES": "model", "STATUSES": "model", "Case": "model",
    "Event": "model", "parse_time": "model", "utc_now": "model",
    "SlaPolicy": "policy", "Target": "policy", "load_policy": "policy",
    "Clock": "sla", "clocks": "sla", "overall_state": "sla", "time_to_breach": "sla",
    "CaseFile": "store", "CaseStore": "store", "SavedDraft": "store",
    "new_case_from_bundle": "intake",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
