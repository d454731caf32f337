"""The ``analyze`` report (schema 1, design §4) and its human-readable summary."""

from __future__ import annotations

from datetime import datetime

from workbench.core.analysis import Analysis
from workbench.core.bundle.model import Bundle, BundleFile
from workbench.core.bundle.sink import human_size
from workbench.core.logs.bundle_logs import BundleLogs
from workbench.core.logs.parse import ParsedLog
from workbench.core.missing import ask_message, missing_info

SCHEMA = 1
_LEVELS = ("debug", "info", "warning", "error", "fatal")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


def _log_fields(parsed: ParsedLog | None) -> dict:
    """What the log engine adds to a file entry: time range, level counts, assumed-time marks."""
    if parsed is None:
        return {"first_ts": None, "last_ts": None, "levels": dict.fromkeys(_LEVELS, 0)}
    first, last = parsed.time_range()
    flags = parsed.flags
    return {"first_ts": _iso(first), "last_ts": _iso(last), "levels": parsed.level_counts(),
            "year_assumed": flags.year_assumed and not parsed.date_source, "date_source": parsed.date_source,
            "tz_assumed": flags.tz_assumed,
            "sniff_score": round(parsed.sniff.score, 3) if parsed.sniff else None}


def _file_entry(item: BundleFile, parsed: ParsedLog | None = None) -> dict:
    return {
        "path": item.path,
        "kind": item.kind,
        "format": item.format,
        "size": item.size,
        "sha256": item.sha256,
        "encoding": item.encoding,
        "line_ending": item.line_ending,
        "lines": item.lines or 0,
        **_log_fields(parsed),
        "warnings": list(item.warnings) + (parsed.warnings if parsed else []),
    }


def build_report(bundle: Bundle, logs: BundleLogs | None = None, analysis: Analysis | None = None) -> dict:
    """Everything the analysis knows, as plain JSON-ready data."""
    parsed = logs.parsed if logs else {}
    analysis = analysis or Analysis()
    files = [_file_entry(item, parsed.get(item.path)) for item in bundle.files]
    return {
        "schema": SCHEMA,
        "input": {"path": str(bundle.source), "kind": bundle.input_kind},
        "files": files,
        "environment": {name: {"value": f.value, "source": f.source} for name, f in bundle.environment.items()},
        "missing_info": missing_info(bundle),
        "findings": analysis.findings,
        "priority_suggestion": analysis.priority["priority"] if analysis.priority else None,
        "priority_reason": analysis.priority["reason"] if analysis.priority else None,
        "timeline": analysis.timeline,
        "warnings": list(bundle.warnings) + [f"{f['path']}: {w}" for f in files for w in f["warnings"]],
    }


def format_summary(report: dict) -> str:
    """The default (non-JSON) output of ``workbench analyze``."""
    out = [f"Bundle: {report['input']['path']} ({report['input']['kind']}, {len(report['files'])} files)", ""]
    width = max((len(f["path"]) for f in report["files"]), default=4)
    out.append(f"  {'file':<{width}}  {'kind':<11} {'format':<18} {'size':>9}  {'lines':>9}  encoding")
    for f in report["files"]:
        lines = f"{f['lines']:,}" if f["lines"] else "-"
        out.append(f"  {f['path']:<{width}}  {f['kind']:<11} {f['format'] or '-':<18} {human_size(f['size']):>9}  "
                   f"{lines:>9}  {f['encoding']}")
    if report["environment"]:
        out += ["", "Environment:"]
        out += [f"  {k}: {v['value']}  ({v['source']})" for k, v in report["environment"].items()]
    out += _findings_summary(report)
    if report["warnings"]:
        out += ["", "Warnings:"] + [f"  - {w}" for w in report["warnings"]]
    message = ask_message(report["missing_info"])
    if message:
        out += ["", "Missing information. " + message]
    return "\n".join(out)


def _findings_summary(report: dict) -> list[str]:
    """Findings with their first evidence line, and the key moments of the merged timeline."""
    out: list[str] = []
    if report["findings"]:
        out += ["", f"Findings ({len(report['findings'])}):"]
        for finding in report["findings"]:
            out.append(f"  [{finding['severity']}/{finding['layer']}] {finding['title']}")
            for evidence in finding["evidence"][:2]:
                out.append(f"      {evidence['file']}:{evidence['line']}: {evidence['text'][:140]}")
            if finding.get("advice"):
                out.append(f"      → {finding['fix_type']}: {finding['advice'][:200]}")
    if report.get("priority_suggestion"):
        out += ["", f"Suggested priority: {report['priority_suggestion']} ({report.get('priority_reason', '')})"]
    key = [m for m in report.get("timeline", []) if m["kind"] == "stats" or m["level"] in ("error", "fatal")]
    if key:
        out += ["", "Timeline (stats events and log errors; warnings too in --json):"]
        out += [f"  {m['time'] or '-':<23} {m['file']}:{m['line']}: {m['text'][:120]}" for m in key[:30]]
        if len(key) > 30:
            out.append(f"  … {len(key) - 30} more in --json")
    return out
