"""Pre-answer the checklist from a bundle's findings and facts; the engineer's operations on it.

An automatic question gets ``evidence`` when a fact or a finding answers it (the evidence lines are
the finding's own, tagged with the finding id), ``no_evidence`` when the logs were analysed and
nothing matched, and ``not_checked`` when there was nothing to analyse or only a person can answer.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import asdict, fields

from workbench.core.bundle.model import Bundle
from workbench.core.checklist.model import DECISIONS, ChecklistItem, Question, load_checklist
from workbench.core.missing import missing_info

SCHEMA = 1
_EVIDENCE_MAX = 8  # lines per item: the findings themselves carry the rest


def _selected(question: Question, finding: dict) -> bool:
    """Whether ``finding`` answers ``question``: every selector given must accept it."""
    chosen = question.findings
    if not chosen:
        return False
    if "ids" in chosen and not any(fnmatch.fnmatchcase(finding["id"], p) for p in chosen["ids"]):
        return False
    checks = (("layers", "layer"), ("fix_types", "fix_type"), ("severities", "severity"))
    return all(finding[key] in chosen[name] for name, key in checks if name in chosen)


def _has_logs(bundle: Bundle) -> bool:
    return any(f.kind in ("log", "stats") and f.is_text and (f.lines or 0) > 0 for f in bundle.files)


def _fact_part(question: Question, bundle: Bundle) -> tuple[list[dict], list[str]]:
    evidence, answers = [], []
    for name in question.facts:
        fact = bundle.environment.get(name)
        if fact is None:
            continue
        path, _sep, line = fact.source.rpartition(":")
        evidence.append({"file": path or fact.source, "line": int(line) if line.isdigit() else 1,
                         "text": f"{name} = {fact.value}", "fact": name})
        answers.append(f"{name}: {fact.value}")
    return evidence, answers


def _finding_part(question: Question, findings: list[dict]) -> tuple[list[dict], list[str]]:
    chosen = [f for f in findings if _selected(question, f)]
    evidence = [{**line, "finding": f["id"]} for f in chosen for line in f["evidence"][:2]]
    answers = [f"[{f['severity']}] {f['title']}" for f in chosen]
    if question.proof and chosen:
        layers = list(dict.fromkeys(f["layer"] for f in chosen))
        answers = [f"{layer}: {question.proof[layer]}" for layer in layers if layer in question.proof] or answers
    return evidence, answers


def _answer(question: Question, findings: list[dict], bundle: Bundle) -> ChecklistItem:
    item = ChecklistItem(id=question.id, step=question.step, layer=question.layer, question=question.question,
                         how=question.how)
    if not question.automatic:
        return item
    fact_evidence, fact_answers = _fact_part(question, bundle)
    finding_evidence, finding_answers = _finding_part(question, findings)
    answers = fact_answers + finding_answers
    if question.missing_info:
        answers += [f"ask: {m['ask']}" for m in missing_info(bundle)]
    item.evidence = (fact_evidence + finding_evidence)[:_EVIDENCE_MAX]
    item.answer = "; ".join(answers)
    if item.evidence or answers:
        item.status = "evidence"
    elif _has_logs(bundle) or (question.facts and not question.findings):
        item.status = "no_evidence"
    return item


def build_checklist(findings: list[dict], bundle: Bundle) -> list[ChecklistItem]:
    """The checklist for a case, in flow order, pre-answered from ``findings`` and the bundle's facts."""
    checklist = load_checklist()
    order = {step: n for n, step in enumerate(checklist.step_order())}
    questions = sorted(checklist.questions, key=lambda q: order.get(q.step, len(order)))
    return [_answer(q, findings, bundle) for q in questions]


def _item(items: list[ChecklistItem], item_id: str) -> ChecklistItem:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"no checklist item {item_id!r}")


def _decide(items: list[ChecklistItem], item_id: str, decision: str, note: str) -> ChecklistItem:
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}")
    item = _item(items, item_id)
    item.decision = decision
    if note:
        item.note = note
    return item


def confirm(items: list[ChecklistItem], item_id: str, note: str = "") -> ChecklistItem:
    """The engineer agrees with the item's answer (optionally saying why)."""
    return _decide(items, item_id, "confirmed", note)


def reject(items: list[ChecklistItem], item_id: str, note: str = "") -> ChecklistItem:
    """The engineer disagrees with the pre-filled answer (e.g. a finding that does not apply)."""
    return _decide(items, item_id, "rejected", note)


def annotate(items: list[ChecklistItem], item_id: str, note: str) -> ChecklistItem:
    """Replace the engineer's note on an item."""
    item = _item(items, item_id)
    item.note = note
    return item


def attach(items: list[ChecklistItem], item_id: str, evidence: dict) -> ChecklistItem:
    """Attach a line the engineer marked in the viewer ({file, line, text}); the item then has evidence."""
    item = _item(items, item_id)
    entry = {"file": str(evidence["file"]), "line": int(evidence["line"]), "text": str(evidence.get("text", "")),
             "marked": True}
    item.evidence.append(entry)
    item.status = "evidence"
    return item


def to_json(items: list[ChecklistItem]) -> str:
    """The checklist as JSON text (schema 1), for the case store."""
    return json.dumps({"schema": SCHEMA, "items": [asdict(i) for i in items]}, ensure_ascii=False)


def from_json(text: str) -> list[ChecklistItem]:
    """Items back from :func:`to_json`; unknown keys (from newer versions) are ignored."""
    data = json.loads(text)
    known = {f.name for f in fields(ChecklistItem)}
    return [ChecklistItem(**{k: v for k, v in raw.items() if k in known}) for raw in data.get("items", [])]
