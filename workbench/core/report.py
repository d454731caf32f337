"""The ``analyze`` report (schema 1, design §4) and its human-readable summary."""

from __future__ import annotations

from workbench.core.bundle.model import Bundle, BundleFile
from workbench.core.bundle.sink import human_size
from workbench.core.missing import ask_message, missing_info

SCHEMA = 1
_LEVELS = ("debug", "info", "warning", "error", "fatal")


def _file_entry(item: BundleFile) -> dict:
    return {
        "path": item.path,
        "kind": item.kind,
        "format": item.format,
        "size": item.size,
        "sha256": item.sha256,
        "encoding": item.encoding,
        "line_ending": item.line_ending,
        "lines": item.lines or 0,
        "first_ts": None,
        "last_ts": None,
        "levels": dict.fromkeys(_LEVELS, 0),
        "warnings": list(item.warnings),
    }


def build_report(bundle: Bundle) -> dict:
    """Everything the analysis knows, as plain JSON-ready data."""
    return {
        "schema": SCHEMA,
        "input": {"path": str(bundle.source), "kind": bundle.input_kind},
        "files": [_file_entry(item) for item in bundle.files],
        "environment": {name: {"value": f.value, "source": f.source} for name, f in bundle.environment.items()},
        "missing_info": missing_info(bundle),
        "findings": [],
        "priority_suggestion": None,
        "warnings": list(bundle.warnings) + [f"{f.path}: {w}" for f in bundle.files for w in f.warnings],
    }


def format_summary(report: dict) -> str:
    """The default (non-JSON) output of ``workbench analyze``."""
    out = [f"Bundle: {report['input']['path']} ({report['input']['kind']}, {len(report['files'])} files)", ""]
    width = max((len(f["path"]) for f in report["files"]), default=4)
    out.append(f"  {'file':<{width}}  {'kind':<11} {'size':>9}  {'lines':>9}  encoding")
    for f in report["files"]:
        lines = f"{f['lines']:,}" if f["lines"] else "-"
        out.append(f"  {f['path']:<{width}}  {f['kind']:<11} {human_size(f['size']):>9}  {lines:>9}  {f['encoding']}")
    if report["environment"]:
        out += ["", "Environment:"]
        out += [f"  {k}: {v['value']}  ({v['source']})" for k, v in report["environment"].items()]
    if report["warnings"]:
        out += ["", "Warnings:"] + [f"  - {w}" for w in report["warnings"]]
    message = ask_message(report["missing_info"])
    if message:
        out += ["", "Missing information. " + message]
    return "\n".join(out)
