"""SLA targets and team calendars: ``resources/sla/default.json``, overridden by ``<config>/sla.json``.

Targets follow the helpdesk note's design anchor 2: per priority and clock, a number of minutes and
whether they count business hours or calendar time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.cases.calendar import TeamCalendar, calendar_from_json
from workbench.core.cases.model import PRIORITIES, STATUSES
from workbench.core.errors import WorkbenchError

CLOCK_KINDS = ("first_response", "next_response", "resolution")


@dataclass(frozen=True)
class Target:
    """How long a clock may run: ``minutes`` of business or calendar time."""

    minutes: float
    business_hours: bool

    @property
    def seconds(self) -> float:
        return self.minutes * 60


@dataclass(frozen=True)
class SlaPolicy:
    """Targets per priority and clock, team calendars, warning thresholds and pausing statuses."""

    targets: dict[str, dict[str, Target]]
    teams: dict[str, TeamCalendar]
    default_team: str = "default"
    warn_1h: float = 60
    warn_30m: float = 30
    pause_statuses: frozenset[str] = field(default_factory=lambda: frozenset({"waiting_on_customer"}))

    def target(self, priority: str, clock: str) -> Target:
        """The target of ``clock`` (first_response, next_response, resolution) for ``priority``."""
        try:
            return self.targets[priority][clock]
        except KeyError:
            raise WorkbenchError(f"no SLA target for {priority} {clock}", "add it to sla.json") from None

    def calendar(self, team: str) -> TeamCalendar:
        """The team's calendar; a case of an unknown team falls back to the default team's."""
        return self.teams.get(team) or self.teams[self.default_team]


def _target(data: Any, where: str) -> Target:
    try:
        minutes = float(data["minutes"])
    except (KeyError, TypeError, ValueError):
        raise WorkbenchError(f"{where}: needs a number of minutes", 'e.g. {"minutes": 120, "business_hours": false}'
                             ) from None
    if minutes <= 0:
        raise WorkbenchError(f"{where}: minutes must be above 0")
    return Target(minutes=minutes, business_hours=bool(data.get("business_hours", False)))


def policy_from_json(data: dict[str, Any]) -> SlaPolicy:
    """Validate and build a policy; every priority needs every clock, and the default team must exist."""
    targets = {}
    for priority in PRIORITIES:
        clocks = data.get("targets", {}).get(priority, {})
        targets[priority] = {kind: _target(clocks.get(kind), f"SLA target {priority} {kind}") for kind in CLOCK_KINDS}
    teams = {name: calendar_from_json(name, spec) for name, spec in data.get("teams", {}).items()}
    default_team = str(data.get("default_team", "default"))
    if default_team not in teams:
        raise WorkbenchError(f"the default SLA team {default_team!r} has no calendar", "add it under \"teams\"")
    pause = frozenset(data.get("pause_statuses", ["waiting_on_customer"]))
    if not pause <= set(STATUSES):
        raise WorkbenchError(f"unknown pause statuses: {', '.join(sorted(pause - set(STATUSES)))}")
    warn = data.get("warn_minutes", {})
    return SlaPolicy(targets=targets, teams=teams, default_team=default_team, pause_statuses=pause,
                     warn_1h=float(warn.get("lt_1h", 60)), warn_30m=float(warn.get("lt_30m", 30)))


def merge_overrides(base: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """``user`` over ``base``: targets merge per priority and clock, a team is replaced as a whole."""
    merged = {**base, **{k: v for k, v in user.items() if k not in ("targets", "teams")}}
    targets = {p: dict(clocks) for p, clocks in base.get("targets", {}).items()}
    for priority, clocks in user.get("targets", {}).items():
        targets.setdefault(priority, {}).update(clocks)
    merged["targets"] = targets
    merged["teams"] = {**base.get("teams", {}), **user.get("teams", {})}
    return merged


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WorkbenchError(f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise WorkbenchError(f"{path} is not valid JSON: {exc}", "fix or remove the file") from None
    if not isinstance(data, dict):
        raise WorkbenchError(f"{path} must hold a JSON object")
    return data


def load_policy(defaults: Path | None = None, overrides: Path | None = None) -> SlaPolicy:
    """The shipped defaults with the user's ``sla.json`` (in the config folder) laid over them."""
    from workbench.core.paths import resources_dir
    from workbench.core.settings import config_dir

    data = _read(defaults or resources_dir() / "sla" / "default.json")
    user = overrides if overrides is not None else config_dir() / "sla.json"
    if user.is_file():
        data = merge_overrides(data, _read(user))
    return policy_from_json(data)
