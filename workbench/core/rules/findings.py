"""Findings as the JSON contract has them (design §4), built from a rule and its outcome."""

from __future__ import annotations

from workbench.core.rules.model import LAYERS, SEVERITIES, Rule

TEXT_MAX = 300  # characters of an evidence line: the viewer shows the whole line on click


def evidence_item(path: str, line: int, text: str) -> dict:
    """One evidence entry: bundle path, 1-based line, the line's text (cut, without NULs)."""
    clean = text.replace("\x00", "").rstrip("\r\n")
    if len(clean) > TEXT_MAX:
        clean = clean[: TEXT_MAX - 1] + "…"
    return {"file": path, "line": int(line), "text": clean}


def make_finding(rule: Rule, evidence: list[dict], count: int = 1, note: str = "") -> dict:
    """The finding of ``rule``: one per rule, with the count in the title when it fired many times."""
    title = rule.title if count <= 1 else f"{rule.title} ({count}×)"
    advice = f"{rule.advice} {note}".strip() if note else rule.advice
    return {"id": rule.id, "layer": rule.layer, "severity": rule.severity, "title": title,
            "evidence": evidence, "fix_type": rule.fix_type, "advice": advice, "kb": list(rule.kb)}


def sort_findings(findings: list[dict]) -> list[dict]:
    """Most severe first; within a severity, by layer (network, codec, device, server, bundle), then id."""
    return sorted(findings, key=lambda f: (SEVERITIES.index(f["severity"]), LAYERS.index(f["layer"]), f["id"]))
