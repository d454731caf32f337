"""What the reply editor needs from core, without widgets: the report a draft is rendered from, the
redaction of the engineer's edited text, and names for new drafts."""

from __future__ import annotations

from typing import Any

from workbench.core.cases.model import Case
from workbench.core.cases.store import CaseFile
from workbench.core.replies import Draft, redact_draft
from workbench.core.replies.redaction import Redaction

DEFAULT_DRAFT = "reply"
KIND_LABELS = {"user_id": "user id", "app_id": "app id", "ip": "IP", "email": "e-mail"}


def report_for(case_file: CaseFile) -> dict[str, Any]:
    """The case's analyze report with its current findings document (findings may be saved later)."""
    report = dict(case_file.documents.get("report") or {})
    findings = case_file.documents.get("findings")
    if isinstance(findings, list):
        report["findings"] = findings
    return report


def user_ids(report: dict[str, Any]) -> list[str]:
    """The bundle's own user id (masked even where it is not labelled as one)."""
    uid = (report.get("environment") or {}).get("uid")
    value = uid.get("value", "") if isinstance(uid, dict) else uid
    return [str(value)] if value else []


def keeps_user_ids(case: Case) -> bool:
    return bool(case.redaction.get("keep_user_ids"))


def redacted(text: str, subject: str, case: Case, report: dict[str, Any], earlier: list[Redaction],
             *, template: str = "", lang: str = "en") -> Draft:
    """The engineer's text as it may leave the app, listing what the template render and this pass masked."""
    keep, uids = keeps_user_ids(case), user_ids(report)
    body, found = redact_draft(text, keep_user_ids=keep, user_ids=uids)
    head, found_in_subject = redact_draft(subject, keep_user_ids=keep, user_ids=uids)
    merged = list(earlier)
    for item in found + found_in_subject:
        if item not in merged:
            merged.append(item)
    return Draft(text=body, redactions=merged, subject=head, template=template, lang=lang)


def redactions_text(redactions: list[Redaction]) -> str:
    """``Redacted: token 007e***Nb, IP 4***0`` for the preview (``nothing`` when nothing was masked)."""
    if not redactions:
        return "Redacted: nothing"
    return "Redacted: " + ", ".join(f"{KIND_LABELS.get(kind, kind)} {preview}" for kind, preview in redactions)


def unique_name(existing: list[str], base: str = DEFAULT_DRAFT) -> str:
    """``reply``, else ``reply 2``, ``reply 3`` … (the first one not in ``existing``)."""
    if base not in existing:
        return base
    number = 2
    while f"{base} {number}" in existing:
        number += 1
    return f"{base} {number}"
