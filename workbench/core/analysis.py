"""The whole diagnosis of a bundle: stats dumps, rule findings, knowledge-base checks, priority, and
one merged timeline of the key moments (stats events beside SDK log warnings and errors).

``workbench analyze`` and the GUI both call :func:`analyze`; the report (report.py) only formats it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from workbench.core.bundle.model import Bundle, Fact
from workbench.core.errors import InputError
from workbench.core.knowledge import version_findings
from workbench.core.logs.bundle_logs import BundleLogs
from workbench.core.priority import suggest_priority
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.rules.benign_filter import rules_for, without_benign
from workbench.core.rules.engine import run_rules
from workbench.core.stats import StatsDump, load_dump
from workbench.core.stats.environment import environment_facts
from workbench.core.stats.findings import stats_findings
from workbench.core.stats.timeline import dump_events

SEVERITY_ORDER = ("critical", "error", "warning", "info")
TIMELINE_LIMIT = 500  # key moments shown; the viewer has every line


@dataclass
class Analysis:
    findings: list[dict] = field(default_factory=list)
    priority: dict | None = None
    timeline: list[dict] = field(default_factory=list)
    dumps: dict[str, StatsDump] = field(default_factory=dict)


def _load_dumps(bundle: Bundle, cancel: CancelToken) -> dict[str, StatsDump]:
    dumps: dict[str, StatsDump] = {}
    for item in bundle.files:
        if item.kind != "stats" or not item.is_text:
            continue
        try:
            dumps[item.path] = load_dump(item.local, cancel=cancel)
        except InputError as exc:
            item.warnings.append(f"stats dump not readable: {exc}")
    return dumps


def _stats_environment(bundle: Bundle, dumps: dict[str, StatsDump]) -> None:
    """Browser, OS, memory and cores from the dumps; facts the customer stated themselves win."""
    for path, dump in dumps.items():
        for name, (value, source) in environment_facts(dump, path).items():
            bundle.environment.setdefault(name, Fact(str(value), source))


def _log_moments(logs: BundleLogs) -> list[dict]:
    moments = []
    for path, parsed in logs.parsed.items():
        frame = parsed.frame.with_row_index("row")
        notable = frame.filter((pl.col("level").to_physical() >= 2) & (pl.col("record") == pl.col("row"))
                               & pl.col("ts").is_not_null()).head(TIMELINE_LIMIT)
        for row, stamp, level in notable.select("row", "ts", "level").iter_rows():
            moments.append({"time": stamp, "file": path, "line": row + 1, "kind": "log", "level": level,
                            "text": parsed.index.text(row, limit=600)[:300]})
    return moments


def _stats_moments(dumps: dict[str, StatsDump]) -> list[dict]:
    return [{"time": event.time, "file": path, "line": event.source_line or 1, "kind": "stats", "level": None,
             "text": event.text} for path, dump in dumps.items() for event in dump_events(dump)]


def merged_moments(logs: BundleLogs, dumps: dict[str, StatsDump]) -> list[dict]:
    """Stats events and log warnings/errors in one time order (ties: stats first, then file order)."""
    moments = sorted(_stats_moments(dumps) + _log_moments(logs),
                     key=lambda m: (m["time"] or datetime.min, m["kind"] != "stats", m["file"], m["line"]))
    return [{**m, "time": m["time"].isoformat(timespec="milliseconds") if m["time"] else None}
            for m in moments[:TIMELINE_LIMIT]]


def analyze(bundle: Bundle, logs: BundleLogs, *, progress: ProgressFn = null_progress,
            cancel: CancelToken = NEVER) -> Analysis:
    """Findings (stats, rules, known issues by SDK version), priority and key moments of a bundle."""
    dumps = _load_dumps(bundle, cancel)
    _stats_environment(bundle, dumps)
    findings = [f for path, dump in dumps.items() for f in stats_findings(dump, path)]
    findings += run_rules(bundle, logs, progress=progress, cancel=cancel)
    findings += version_findings(bundle.environment)
    findings = without_benign(findings, rules_for(bundle))  # the engineer's "this line is benign"
    findings.sort(key=lambda f: (SEVERITY_ORDER.index(f["severity"]) if f["severity"] in SEVERITY_ORDER else 9,
                                 f["layer"], f["id"]))
    return Analysis(findings=findings, priority=suggest_priority(findings, bundle),
                    timeline=merged_moments(logs, dumps), dumps=dumps)
