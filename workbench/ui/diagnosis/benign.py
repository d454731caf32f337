"""The engineer's benign patterns: a regex suggested from an evidence line, and findings without benign lines.

Core saves the patterns and ``analyze`` drops the evidence they match
(``workbench.core.rules.benign_filter``); :func:`filtered_analysis` re-applies that to an analysis
already on screen right after the engineer adds a pattern, without analysing again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from workbench.core.analysis import Analysis
from workbench.core.bundle.model import Bundle
from workbench.core.priority import suggest_priority
from workbench.core.rules import Rule
from workbench.core.rules.benign_filter import rules_for, without_benign

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


def filtered_analysis(bundle: Bundle | None, analysis: Analysis, rules: Iterable[Rule] | None = None) -> Analysis:
    """``analysis`` with benign evidence removed; the priority is suggested again when findings went away."""
    findings = without_benign(analysis.findings, rules_for(bundle, rules))
    if len(findings) == len(analysis.findings) and all(a is b for a, b in zip(findings, analysis.findings,
                                                                               strict=True)):
        return analysis
    priority = suggest_priority(findings, bundle) if bundle is not None else analysis.priority
    return dataclasses.replace(analysis, findings=findings, priority=priority)
