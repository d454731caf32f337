"""The root-cause checklist as data: steps (``flow.json``) and their questions (``<step>.json``).

Support follows identify & reproduce → root cause by layer → solution → verification. Each question
says how to check it and, optionally, what answers it automatically: environment ``facts``, or
``findings`` selected by id patterns (fnmatch, ``agora.token_*``), layers, fix types or severities.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.paths import resources_dir

STATUSES = ("evidence", "no_evidence", "not_checked")
DECISIONS = ("", "confirmed", "rejected")
_SELECTORS = ("ids", "layers", "fix_types", "severities")


class ChecklistError(WorkbenchError):
    """A checklist file is invalid; the message names the file and the item."""


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    goal: str
    next: tuple[str, ...] = ()
    title_zh: str = ""


@dataclass(frozen=True)
class Question:
    """One checklist question as shipped: what to ask, how to check, what answers it."""

    id: str
    step: str
    layer: str
    question: str
    how: str
    facts: tuple[str, ...] = ()
    findings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing_info: bool = False
    proof: dict[str, str] = field(default_factory=dict)

    @property
    def automatic(self) -> bool:
        """Whether the bundle can answer it (facts or findings), or only a person can."""
        return bool(self.facts or self.findings)


@dataclass
class ChecklistItem:
    """One question in a case: its status from the bundle, and the engineer's decision and note."""

    id: str
    step: str
    layer: str
    question: str
    status: str = "not_checked"
    evidence: list[dict] = field(default_factory=list)
    answer: str = ""
    note: str = ""
    how: str = ""
    decision: str = ""


@dataclass(frozen=True)
class Checklist:
    """The shipped flow: ordered steps and their questions."""

    start: str
    steps: tuple[Step, ...]
    questions: tuple[Question, ...]

    def step_order(self) -> list[str]:
        """Steps in flow order, following ``next`` from ``start`` (breadth first)."""
        order, queue = [], [self.start]
        by_id = {s.id: s for s in self.steps}
        while queue:
            current = queue.pop(0)
            if current in order or current not in by_id:
                continue
            order.append(current)
            queue.extend(by_id[current].next)
        return order


def checklist_dir() -> Path:
    """The folder of the shipped checklist files."""
    return resources_dir() / "checklist"


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ChecklistError(f"{path.name}: cannot read the checklist file ({exc})") from exc
    if not isinstance(data, dict):
        raise ChecklistError(f"{path.name}: a checklist file is a JSON object")
    return data


def _question(raw: dict, step: str, origin: str) -> Question:
    item_id = raw.get("id", "?")
    for name in ("id", "question", "how"):
        if not str(raw.get(name, "")).strip():
            raise ChecklistError(f"{origin}: item {item_id}: {name} is empty")
    selectors = raw.get("findings") or {}
    unknown = set(selectors) - set(_SELECTORS)
    if unknown:
        raise ChecklistError(f"{origin}: item {item_id}: unknown finding selector(s) {sorted(unknown)}")
    return Question(id=raw["id"], step=step, layer=raw.get("layer", ""), question=raw["question"], how=raw["how"],
                    facts=tuple(raw.get("facts", ())), missing_info=bool(raw.get("missing_info")),
                    findings={k: tuple(v) for k, v in selectors.items() if v}, proof=dict(raw.get("proof", {})))


def _steps(flow: dict) -> tuple[Step, ...]:
    return tuple(Step(id=s["id"], title=s["title"], goal=s.get("goal", ""), next=tuple(s.get("next", ())),
                      title_zh=s.get("title_zh", "")) for s in flow.get("steps", []))


@cache
def _load(folder: str) -> Checklist:
    root = Path(folder)
    flow = _read(root / "flow.json")
    steps = _steps(flow)
    step_ids = {s.id for s in steps}
    questions: list[Question] = []
    for path in sorted(root.glob("*.json")):
        if path.name == "flow.json":
            continue
        data = _read(path)
        if data.get("step") not in step_ids:
            raise ChecklistError(f"{path.name}: step {data.get('step')!r} is not in flow.json")
        questions += [_question(raw, data["step"], path.name) for raw in data.get("items", [])]
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ChecklistError(f"duplicate checklist item ids: {', '.join(duplicates)}")
    return Checklist(start=flow.get("start", steps[0].id if steps else ""), steps=steps, questions=tuple(questions))


def load_checklist(folder: Path | None = None) -> Checklist:
    """The shipped checklist (validated; ChecklistError names the bad file)."""
    return _load(str(folder or checklist_dir()))
