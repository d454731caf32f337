"""A new case from a customer's bundle: analyse it, then store case, bundle copy and diagnosis together.

The analysis runs before the database transaction (it can take seconds); the transaction then
writes the case, copies the bundle and stores the report, findings and priority suggestion as one
unit, so a case never exists without the diagnosis it was opened with.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.core.cases.model import Case
from workbench.core.cases.store import CaseStore


def analyse_bundle(path: Path) -> tuple[dict[str, Any], dict[str, Any] | None, str]:
    """(analyze report, priority suggestion or None, checklist JSON) for the bundle at ``path``."""
    from workbench.core.analysis import analyze
    from workbench.core.bundle import open_bundle
    from workbench.core.checklist import build_checklist, to_json
    from workbench.core.logs.bundle_logs import parse_bundle_logs
    from workbench.core.report import build_report
    from workbench.core.settings import Settings

    with open_bundle(path, limits=Settings.load().limits) as bundle, parse_bundle_logs(bundle) as logs:
        analysis = analyze(bundle, logs)
        report = build_report(bundle, logs, analysis)
        return report, analysis.priority, to_json(build_checklist(analysis.findings, bundle))


def product_of(report: dict[str, Any]) -> str:
    """``agora 4.3.0`` from the bundle's environment facts ("" when unknown)."""
    env = report.get("environment") or {}
    parts = [str((env.get(name) or {}).get("value", "")) for name in ("sdk_vendor", "sdk_version")]
    return " ".join(p for p in parts if p)


def default_title(report: dict[str, Any], bundle: Path) -> str:
    """The main finding's title, else ``<product> issue (<bundle name>)``."""
    findings = report.get("findings") or []
    if findings and findings[0].get("title"):
        return str(findings[0]["title"])
    product = product_of(report)
    return f"{product} issue ({bundle.name})" if product else bundle.name


def new_case_from_bundle(store: CaseStore, path: Path, *, customer: str, channel: str,
                         priority: str | None = None, received: datetime | None = None, title: str | None = None,
                         product: str | None = None, owner: str = "", team: str = "default") -> Case:
    """Analyse ``path`` and open a case for it. ``priority`` defaults to the diagnosis' suggestion (else P2)."""
    path = Path(path).expanduser()
    report, suggestion, checklist = analyse_bundle(path)
    documents: dict[str, Any] = {"report": report, "findings": report.get("findings") or [], "checklist": checklist}
    if suggestion:
        documents["priority_suggestion"] = suggestion
    chosen = priority or (suggestion or {}).get("priority") or "P2"
    return store.create_case(customer, chosen, channel, created=received, title=title or default_title(report, path),
                             product=product if product is not None else product_of(report), owner=owner,
                             team=team, bundle=path, documents=documents)
