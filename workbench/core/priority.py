"""Suggest a case priority (P0–P3) from the findings and the customer's note; always overridable.

Two signals, combined by taking the more urgent, then adjusted:

- **Scope from the note** (English and Chinese phrases): everyone / production down / cannot join → P0
  candidate; several or many users → P1; one user or one device → P2; a question or how-to → P3.
- **Severity from the findings**: a critical finding that by its nature hits every user (invalid App ID,
  service suspended, worker crash) → P0 candidate, any other critical → P1, errors → P2, only warnings
  or info → P3.

A stated workaround lowers the result one step (not below P2 unless the note is only a question); a
how-to question with no error findings stays P3.
"""

from __future__ import annotations

import re

from workbench.core.bundle.model import Bundle

PRIORITIES = ("P0", "P1", "P2", "P3")
_READ_LIMIT = 64 * 1024  # customers' notes are short; a pasted log in a note must not slow this down

_SCOPE = (
    ("P0", r"\ball (?:our |of our )?(?:users|customers|clients|calls|rooms)\b|\beveryone\b|\bnobody can\b|"
           r"\bno one can\b|production (?:is )?down|\boutage\b|\bcan(?:not|'t) join\b|\bunable to join\b|"
           r"\bservice (?:is )?down\b|\bcompletely broken\b|全部用户|所有用户|所有人|都无法|无法加入|加入失败|"
           r"线上故障|生产环境.*(?:故障|不可用)|大面积"),
    ("P1", r"\bmany users\b|\bseveral (?:of our )?users\b|\bmultiple users\b|\bsome (?:of our )?users\b|"
           r"\bmost users\b|\bsince (?:this morning|yesterday|the update|the upgrade)\b|多个用户|部分用户|很多用户|"
           r"大量用户"),
    ("P2", r"\bone user\b|\bsingle user\b|\bone device\b|\bsingle device\b|\bonly (?:on|one|my)\b|"
           r"\bone customer\b|个别用户|单个用户|某个设备|个别设备|偶现|偶尔"),
    ("P3", r"\bhow (?:to|do|can|should)\b|\bis it possible\b|\bquestion\b|\bdocumentation\b|\bbest practice\b|"
           r"\bwondering\b|请问|如何|怎么|咨询|是否支持"),
)
_WORKAROUND = r"\bworkaround\b|\bwork around\b|\bworks (?:if|when|after)\b|临时方案|规避|绕过"
# Findings whose cause, by nature, hits every user of the app at once.
_EVERYONE = ("agora.invalid_app_id", "trtc.service_suspended", "mediasoup.worker_died")


def _note_text(bundle: Bundle) -> tuple[str, str]:
    """(the customer's notes, lower-cased and joined; the path of the first note)."""
    texts, first = [], ""
    for item in bundle.files:
        if item.kind != "note" or item.local is None:
            continue
        with open(item.local, "rb") as handle:
            raw = handle.read(_READ_LIMIT)
        codec = item.text.encoding.codec if item.text and item.text.encoding else "utf-8"
        texts.append(raw.decode(codec, errors="replace"))
        first = first or item.path
    return "\n".join(texts).lower(), first


def _from_note(text: str) -> tuple[str | None, str]:
    for level, pattern in _SCOPE:
        found = re.search(pattern, text)
        if found:
            return level, found.group(0)
    return None, ""


def _from_findings(findings: list[dict]) -> tuple[str, str]:
    critical = [f for f in findings if f["severity"] == "critical"]
    errors = [f for f in findings if f["severity"] == "error"]
    everyone = [f for f in critical if f["id"] in _EVERYONE]
    if everyone:
        return "P0", f"critical finding that affects every user: {everyone[0]['title']}"
    if critical:
        return "P1", f"critical finding: {critical[0]['title']}"
    if errors:
        return "P2", f"{len(errors)} error finding(s), e.g. {errors[0]['title']}"
    return "P3", "no error findings" if findings else "no findings"


def _more_urgent(a: str, b: str) -> str:
    return min(a, b, key=PRIORITIES.index)


def suggest_priority(findings: list[dict], bundle: Bundle) -> dict[str, str]:
    """``{"priority": "P0".."P3", "reason": ...}``: a suggestion the engineer can override."""
    text, note_path = _note_text(bundle)
    scope, phrase = _from_note(text)
    severity, why = _from_findings(findings)
    has_errors = severity != "P3"
    if scope == "P3" and not has_errors:
        return {"priority": "P3", "reason": f"the note asks a question ('{phrase}') and there are no error findings"}
    priority = _more_urgent(scope, severity) if scope and scope != "P3" else severity
    reasons = [f"note says '{phrase}' ({note_path})"] if scope and scope != "P3" else []
    reasons.append(why)
    if re.search(_WORKAROUND, text) and priority in ("P0", "P1"):
        priority = PRIORITIES[PRIORITIES.index(priority) + 1]
        reasons.append("a workaround exists")
    if not note_path:
        reasons.append("no customer note in the bundle: scope unknown")
    return {"priority": priority, "reason": "; ".join(reasons)}
