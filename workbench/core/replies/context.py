"""What a reply template gets to say: the case, the SLA commitments, the diagnosis and chosen evidence.

Empty values are left out of the context on purpose: the template environment renders anything
missing as a visible ``[name]`` placeholder the engineer fills in, instead of "None" or nothing.
"""

from __future__ import annotations

from typing import Any

from workbench.core.cases.calendar import TeamCalendar
from workbench.core.cases.model import DONE_STATUSES, Case
from workbench.core.cases.policy import CLOCK_KINDS, SlaPolicy
from workbench.core.text.shorten import one_line

EVIDENCE_MAX = 200  # characters of a quoted log line: enough to recognise it, short enough for a mail
DEFAULT_EVIDENCE_LINES = 3
# Fix types that come with something the customer can act on; "ask" means more information is needed.
FIX_TYPES = ("config", "upgrade", "code", "user")
_SEVERITY_ORDER = ("critical", "error", "warning", "info")


def cut_line(text: str, limit: int = EVIDENCE_MAX) -> str:
    """One log line, single-spaced and cut to ``limit`` characters (the cut marked with …)."""
    return one_line(text, limit)


def _clean(value: Any) -> Any:
    """``value`` without None/empty entries in dicts, so templates see them as missing."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def primary_finding(findings: list[dict]) -> dict | None:
    """The finding a root-cause reply is about: the most severe one that comes with a fix."""
    fixable = [f for f in findings if f.get("fix_type") in FIX_TYPES]
    ranked = sorted(fixable, key=lambda f: _SEVERITY_ORDER.index(f["severity"])
                    if f.get("severity") in _SEVERITY_ORDER else len(_SEVERITY_ORDER))
    return ranked[0] if ranked else None


def default_template(case: Case, report: dict | None) -> str:
    """The template that fits the case's state (the engineer can pick another)."""
    report = report or {}
    if case.status in DONE_STATUSES:
        return "closure"
    if primary_finding(report.get("findings") or []):
        return "root_cause"
    if case.status == "new":
        return "missing_info" if report.get("missing_info") else "acknowledgement"
    return "progress_update"


_DAY_NAMES = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
              "zh_CN": ("周一", "周二", "周三", "周四", "周五", "周六", "周日")}


def hours_text(calendar: TeamCalendar, lang: str = "en") -> str:
    """``Mon–Fri 09:00–18:00, Asia/Shanghai time``: the hours a business-hours commitment counts."""
    names = _DAY_NAMES.get(lang, _DAY_NAMES["en"])
    spans = {day: ", ".join(f"{s // 60:02d}:{s % 60:02d}–{e // 60:02d}:{e % 60:02d}" for s, e in hours)
             for day, hours in sorted(calendar.hours.items()) if hours}
    groups: list[tuple[int, int, str]] = []
    for day, text in spans.items():  # runs of days with the same hours: Mon–Fri rather than five entries
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == text:
            groups[-1] = (groups[-1][0], day, text)
        else:
            groups.append((day, day, text))
    dash = "至" if lang == "zh_CN" else "–"
    parts = [(names[a] if a == b else f"{names[a]}{dash}{names[b]}") + f" {text}" for a, b, text in groups]
    zone = f"{calendar.zone.key} 时间" if lang == "zh_CN" else f"{calendar.zone.key} time"
    return ("；" if lang == "zh_CN" else "; ").join(parts) + ("，" if lang == "zh_CN" else ", ") + zone


def sla_context(case: Case, policy: SlaPolicy | None, lang: str = "en") -> dict[str, Any]:
    """The committed times for the case's priority, per clock: minutes and business-hours flag."""
    if policy is None:
        return {}
    result: dict[str, Any] = {}
    for kind in CLOCK_KINDS:
        target = policy.target(case.priority, kind)
        result[kind] = {"minutes": target.minutes, "business_hours": target.business_hours}
    result["hours"] = hours_text(policy.calendar(case.team), lang)
    return result


def _evidence(chosen: list[dict] | None, finding: dict | None) -> list[dict]:
    items = chosen if chosen is not None else (finding or {}).get("evidence", [])[:DEFAULT_EVIDENCE_LINES]
    return [{"file": e.get("file", ""), "line": e.get("line", ""), "text": cut_line(e.get("text", ""))}
            for e in items]


def _fix(finding: dict | None) -> dict[str, Any]:
    if not finding:
        return {}
    keys = ("target_version", "upgrade_notes", "config_change", "code_change")
    return {"type": finding.get("fix_type"), "advice": finding.get("advice"), **{k: finding.get(k) for k in keys}}


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value or [] if str(v).strip()]


def build_context(case: Case, report: dict | None, *, evidence: list[dict] | None = None,
                  policy: SlaPolicy | None = None, lang: str = "en") -> dict[str, Any]:
    """The template context (see the templates for how each part is used)."""
    report = report or {}
    findings = list(report.get("findings") or [])
    finding = primary_finding(findings)
    environment = {k: (v.get("value") if isinstance(v, dict) else v)
                   for k, v in (report.get("environment") or {}).items()}
    context = {
        "lang": lang,
        "case": {"id": case.id or None, "title": case.title, "customer": case.customer, "product": case.product,
                 "channel": case.channel, "priority": case.priority, "status": case.status},
        "engineer": case.owner,
        "sla": sla_context(case, policy, lang),
        "environment": environment,
        "missing": list(report.get("missing_info") or []),
        "findings": findings,
        "finding": finding,
        "fix": _fix(finding),
        "evidence": _evidence(evidence, finding),
        "verify": _as_list((finding or {}).get("verify")),
        "prevention": _as_list((finding or {}).get("prevention")),
        "kb": list((finding or {}).get("kb") or []),
    }
    return _clean(context)
