"""SDK versions against knowledge-base articles: upgrade findings and stale articles.

A version spec is a comma-separated list of clauses that must all hold: ``<3.5.0``, ``>=4.2.0,<4.2.3``,
``==4.1.1`` or a bare prefix ``111`` (any 111.x). Versions compare numerically part by part, with
missing parts as zeros (``4.2`` = ``4.2.0``); text after the numbers (``-beta``, ``build 272568``) is ignored.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import date, timedelta

from workbench.core.bundle.model import Fact
from workbench.core.knowledge.articles import Article, load_kb

_NUMBERS = re.compile(r"\d+(?:\.\d+)*")
_CLAUSE = re.compile(r"^\s*(?P<op><=|>=|==|!=|<|>)?\s*(?P<version>\d+(?:\.\d+)*)\s*$")
_OPS: dict[str, Callable[[tuple, tuple], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}
# Environment sdk_vendor values (bundle/envinfo.py) → the vendor names articles use.
_ENV_VENDORS = {"tencent": "trtc", "vonage": "opentok"}


def parse_version(text: str) -> tuple[int, ...] | None:
    """The numeric parts of the first version in ``text`` (``4.2.3 build 272568`` → (4, 2, 3))."""
    found = _NUMBERS.search(text or "")
    return tuple(int(part) for part in found.group().split(".")) if found else None


def _padded(left: tuple[int, ...], right: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    width = max(len(left), len(right))
    return left + (0,) * (width - len(left)), right + (0,) * (width - len(right))


def in_range(version: str | tuple[int, ...], spec: str) -> bool:
    """Whether ``version`` satisfies every clause of ``spec``; False for an empty or unreadable spec."""
    parsed = parse_version(version) if isinstance(version, str) else version
    clauses = [c for c in spec.split(",") if c.strip()]
    if parsed is None or not clauses:
        return False
    for clause in clauses:
        found = _CLAUSE.match(clause)
        if not found:
            return False
        bound = tuple(int(p) for p in found.group("version").split("."))
        if found.group("op") is None:  # a bare version is a prefix: 111 covers 111.0.5563.64
            if parsed[: len(bound)] != bound:
                return False
        elif not _OPS[found.group("op")](*_padded(parsed, bound)):
            return False
    return True


def _evidence(fact: Fact, vendor: str) -> dict:
    path, _sep, line = fact.source.rpartition(":")
    return {"file": path or fact.source, "line": int(line) if line.isdigit() else 1,
            "text": f"sdk_version = {fact.value} ({vendor}, stated at {fact.source})"}


def _upgrade_finding(article: Article, vendor: str, fact: Fact) -> dict:
    return {"id": f"kb.upgrade.{article.id}", "layer": article.layer, "severity": "warning",
            "title": f"SDK {fact.value} is affected: {article.title} (fixed in {article.fixed})",
            "evidence": [_evidence(fact, vendor)], "fix_type": "upgrade",
            "advice": f"Upgrade the {vendor} SDK to {article.fixed} or later; see the knowledge-base article "
                      f"'{article.title}' for what changes.",
            "kb": [article.id]}


def version_findings(environment: dict[str, Fact], articles: list[Article] | None = None) -> list[dict]:
    """"upgrade" findings: the bundle's SDK version is in an article's affected range and a fix exists."""
    vendor_fact, version_fact = environment.get("sdk_vendor"), environment.get("sdk_version")
    if not vendor_fact or not version_fact:
        return []
    vendor = _ENV_VENDORS.get(vendor_fact.value.lower(), vendor_fact.value.lower())
    version = parse_version(version_fact.value)
    if version is None:
        return []
    return [_upgrade_finding(a, vendor, version_fact)
            for a in (articles if articles is not None else load_kb())
            if a.version_bound and a.vendor == vendor and in_range(version, a.affected)]


def stale(articles: list[Article], max_age_days: int, today: date | None = None) -> list[Article]:
    """Articles not updated within ``max_age_days`` (the app flags them for review)."""
    limit = (today or date.today()) - timedelta(days=max_age_days)
    return [a for a in articles if a.updated < limit]
