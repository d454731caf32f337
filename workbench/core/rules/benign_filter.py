"""The engineer's benign patterns applied to findings: evidence lines they match are not evidence.

Patterns are saved and loaded by :mod:`workbench.core.rules.benign`; here they filter findings so
the CLI and the GUI agree: a line the engineer marked benign no longer supports a finding, and a
finding left without evidence is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from workbench.core.bundle.model import Bundle
from workbench.core.rules import Rule, local_benign
from workbench.core.rules.engine import ENV_VENDORS

_EVERYWHERE = frozenset({"any", "webrtc", "android", "ios"})  # vendors whose lines appear in every SDK's bundle


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
