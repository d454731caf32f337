"""Known-benign patterns: the shipped ones (rules of type ``benign``) and the engineer's own.

A benign pattern is never a finding and suppresses nothing: it only tells the viewer (and the
engineer reading the evidence) that a line is known noise, such as Agora's
``permission ACCESS_WIFI_STATE not granted``. Engineers add their own from the viewer; those are
saved locally in ``config_dir()/benign.json`` and loaded with the shipped rules.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np

from workbench.core.logs.parse import ParsedLog
from workbench.core.rules.model import Rule, RuleError, parse_rule
from workbench.core.settings import config_dir

_FILE = "benign.json"


def _path() -> Path:
    return config_dir() / _FILE


def _read() -> list[dict]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # no file yet, or damaged: the shipped rules still work
    return [p for p in data.get("patterns", []) if isinstance(p, dict)] if isinstance(data, dict) else []


def _write(patterns: list[dict]) -> None:
    path = _path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"patterns": patterns}, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a crash never leaves half a file


def _as_rule(entry: dict) -> Rule:
    raw = {"id": entry["id"], "vendor": entry.get("vendor", "any"), "layer": entry.get("layer", "bundle"),
           "severity": "info", "title": entry.get("note") or "Marked benign by an engineer",
           "meaning": entry.get("note") or "Marked benign by an engineer", "fix_type": "ask",
           "match": {"type": "benign", "regex": entry["regex"]}, "example": [entry.get("example") or "-"]}
    return parse_rule(raw, _FILE)


def local_benign() -> list[Rule]:
    """The engineer's saved benign patterns; damaged entries are skipped, never fatal."""
    rules = []
    for entry in _read():
        try:
            rules.append(_as_rule(entry))
        except (KeyError, RuleError):
            continue
    return rules


def add_benign(regex: str, note: str = "", vendor: str = "any", example: str = "") -> Rule:
    """Save a benign pattern locally; raises RuleError when the regex is invalid in either engine."""
    entries = _read()
    slug = re.sub(r"[^a-z0-9]+", "-", (note or regex).lower()).strip("-")[:40] or "pattern"
    entry = {"id": f"local.benign.{slug}-{len(entries) + 1}", "regex": regex, "note": note, "vendor": vendor,
             "example": example}
    rule = _as_rule(entry)
    _write([*entries, entry])
    return rule


def remove_benign(rule_id: str) -> bool:
    """Forget a locally saved benign pattern; False when there was none with that id."""
    entries = _read()
    kept = [e for e in entries if e.get("id") != rule_id]
    if len(kept) == len(entries):
        return False
    _write(kept)
    return True


def benign_rows(parsed: ParsedLog, rules: list[Rule]) -> dict[str, np.ndarray]:
    """Rows (0-based) of ``parsed`` that each benign rule matches: for dimming lines in the viewer."""
    found: dict[str, np.ndarray] = {}
    for rule in rules:
        if rule.matcher.type != "benign" or (rule.formats and parsed.format.id not in rule.formats):
            continue
        rows = np.flatnonzero(parsed.lines.str.contains(rule.matcher.regex).fill_null(False).to_numpy())
        if len(rows):
            found[rule.id] = rows
    return found


__all__ = ["add_benign", "benign_rows", "local_benign", "remove_benign"]
