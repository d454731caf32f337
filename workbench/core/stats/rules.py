"""The stats rules file (``resources/rules/stats.json``) and the finding dicts the rules produce.

Thresholds, titles and advice are data so support can tune them without a release; the code only
knows the kinds of check (``check``) a rule may use. The file is validated when loaded, so a typo
fails loudly instead of silently disabling a rule.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.paths import resources_dir
from workbench.core.text.shorten import one_line

LAYERS = ("network", "codec", "device", "server", "bundle")
SEVERITIES = ("critical", "error", "warning", "info")
FIX_TYPES = ("config", "upgrade", "code", "user", "ask")
CHECKS = ("ice-failed", "ice-recovered", "no-srflx-relay", "turn-no-relay", "ice-errors-benign",
          "ice-servers-unreachable", "ice-server-rejected", "limitation", "sustained", "freezes", "gum-error")
_REQUIRED = ("check", "layer", "severity", "fix_type", "title", "advice")
EVIDENCE_TEXT = 200  # characters of an evidence excerpt


def rules_path() -> Path:
    """The shipped rules file."""
    return resources_dir() / "rules" / "stats.json"


def _validate(rule_id: str, rule: dict[str, Any]) -> None:
    missing = [key for key in _REQUIRED if key not in rule]
    if missing:
        raise WorkbenchError(f"stats rule {rule_id} lacks {', '.join(missing)}")
    choices = {"check": CHECKS, "layer": LAYERS, "severity": SEVERITIES, "fix_type": FIX_TYPES}
    for key, allowed in choices.items():
        if rule[key] not in allowed:
            raise WorkbenchError(f"stats rule {rule_id}: {key} {rule[key]!r} is not one of {', '.join(allowed)}")
    for key in ("severity_never_connected", "severity_not_connected", "severity_partial"):
        if key in rule and rule[key] not in SEVERITIES:
            raise WorkbenchError(f"stats rule {rule_id}: {key} {rule[key]!r} is not a severity")


@cache
def load_rules(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Rule id → rule, in file order.

    Raises:
        WorkbenchError: the file is missing, not JSON, or a rule is malformed.
    """
    path = path or rules_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WorkbenchError(f"stats rules file {path.name} cannot be read: {exc}") from exc
    rules = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(rules, dict):
        raise WorkbenchError(f"stats rules file {path.name} has no 'rules' object")
    for rule_id, rule in rules.items():
        _validate(rule_id, rule)
    return rules


class _Fields(dict[str, Any]):
    """Template values; an unknown placeholder stays visible instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def evidence(file: str, line: int | None, text: str) -> dict[str, Any]:
    """One evidence item: bundle path, 1-based line (1 when unknown), short excerpt."""
    return {"file": file, "line": int(line) if line else 1, "text": one_line(text, EVIDENCE_TEXT)}


def finding(rule_id: str, rule: dict[str, Any], fields: dict[str, Any], items: list[dict[str, Any]], *,
            severity: str | None = None, fix_type: str | None = None, advice: str | None = None) -> dict[str, Any]:
    """A finding in the report's JSON shape."""
    values = _Fields(fields)
    return {
        "id": rule_id,
        "layer": rule["layer"],
        "severity": severity or rule["severity"],
        "title": str(rule["title"]).format_map(values),
        "evidence": items,
        "fix_type": fix_type or rule["fix_type"],
        "advice": str(advice or rule["advice"]).format_map(values),
        "kb": [],
    }
