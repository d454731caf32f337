"""The engineer's benign patterns: a regex suggested from an evidence line, and findings without benign lines.

Core saves and loads the patterns (``workbench.core.rules.add_benign`` / ``local_benign``) but its
rule engine only uses them to dim lines: a finding whose evidence is benign noise would still be
reported. Until core drops them itself, :func:`without_benign` does it for what the panel shows:
evidence lines that a benign pattern matches are removed, and a finding left without evidence is
gone. :func:`analyze_job` is ``analyze`` followed by that filter, for the task lane.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from workbench.core.analysis import Analysis, analyze
from workbench.core.bundle.model import Bundle
from workbench.core.logs.bundle_logs import BundleLogs
from workbench.core.priority import suggest_priority
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.rules import Rule, local_benign
from workbench.core.rules.engine import ENV_VENDORS

_EVERYWHERE = frozenset({"any", "webrtc", "android", "ios"})  # vendors whose lines appear in every SDK's bundle

# What varies between two lines of the same kind: hex ids, numbers, whitespace runs.
_VARYING = re.compile(r"0[xX][0-9a-fA-F]+|\d+|\s+")
# A leading timestamp / pid / bracket prefix: everything before the first letter or CJK character.
_PREFIX = re.compile(r"^[^A-Za-z\u3400-\u9fff]+")


def _piece(token: str) -> str:
    if token == " ":
        return " "
    if token[:1].isspace():
        return r"\s+"
    if token[:2].lower() == "0x":
        return "0x[0-9a-fA-F]+"
    return r"\d+"


def suggest_regex(text: str) -> str:
    """A pattern for lines like ``text``: its leading time/pid prefix dropped, the rest escaped, numbers
    and hex ids generalised (``track 0x7a33 … err 1017`` → ``track 0x[0-9a-fA-F]+ … err \\d+``).
    The result is valid in Python and in Polars (Rust) regex syntax."""
    body = text.rstrip("…").strip()
    body = _PREFIX.sub("", body) or body
    parts, at = [], 0
    for found in _VARYING.finditer(body):
        parts.append(re.escape(body[at : found.start()]))
        parts.append(_piece(found.group()))
        at = found.end()
    parts.append(re.escape(body[at:]))
    return "".join(parts)


def _compiled(rules: Iterable[Rule]) -> list[re.Pattern[str]]:
    patterns = []
    for rule in rules:
        try:
            patterns.append(re.compile(rule.matcher.regex))
        except re.error:  # valid for Polars only: the viewer still dims with it
            continue
    return patterns


def without_benign(findings: list[dict], rules: Iterable[Rule] | None = None) -> list[dict]:
    """``findings`` without the evidence lines a benign pattern matches; findings left with no evidence
    (that had some) are dropped. The engineer's saved patterns by default."""
    patterns = _compiled(local_benign() if rules is None else rules)
    if not patterns:
        return list(findings)
    kept = []
    for finding in findings:
        evidence = finding.get("evidence") or []
        clean = [e for e in evidence if not any(p.search(str(e.get("text", ""))) for p in patterns)]
        if evidence and not clean:
            continue
        kept.append(finding if len(clean) == len(evidence) else {**finding, "evidence": clean})
    return kept


def rules_for(bundle: Bundle | None, rules: Iterable[Rule] | None = None) -> list[Rule]:
    """The benign patterns that apply to ``bundle``: vendor-neutral and platform ones, and those of its SDK
    vendor (all of them when the vendor is unknown). The engineer's saved patterns by default."""
    rules = list(local_benign() if rules is None else rules)
    fact = bundle.environment.get("sdk_vendor") if bundle is not None else None
    vendor = ENV_VENDORS.get(fact.value.lower()) if fact else None
    if vendor is None:
        return rules
    return [r for r in rules if r.vendor in _EVERYWHERE or r.vendor == vendor]


def filtered_analysis(bundle: Bundle | None, analysis: Analysis, rules: Iterable[Rule] | None = None) -> Analysis:
    """``analysis`` with benign evidence removed; the priority is suggested again when findings went away."""
    findings = without_benign(analysis.findings, rules_for(bundle, rules))
    if len(findings) == len(analysis.findings) and all(a is b for a, b in zip(findings, analysis.findings,
                                                                               strict=True)):
        return analysis
    priority = suggest_priority(findings, bundle) if bundle is not None else analysis.priority
    return dataclasses.replace(analysis, findings=findings, priority=priority)


def analyze_job(bundle: Bundle, logs: BundleLogs, *, progress: ProgressFn = null_progress,
                cancel: CancelToken = NEVER) -> Analysis:
    """``analyze`` and then :func:`filtered_analysis`: what the panel's task lane runs."""
    return filtered_analysis(bundle, analyze(bundle, logs, progress=progress, cancel=cancel))
