"""The case list: one row per case with its SLA state, sorted by time to breach (soonest first).

Rows are a list of ``CaseRow`` dataclasses computed from the store's cases and events by core's
``sla`` functions at ``now()`` (injected, so tests pin the time). ``refresh`` keeps the rows of cases
that are still there as the same rows: it removes, inserts and re-sorts through the model's layout
signals, so the view's selection and current row follow their case instead of being reset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt

from workbench.core.cases.model import DONE_STATUSES, Case, Event, utc_now
from workbench.core.cases.policy import SlaPolicy
from workbench.core.cases.sla import Clock, clocks, overall_state, sort_key
from workbench.ui.cases.look import (
    STATE_LABELS,
    format_breach,
    format_when,
    state_background,
    state_icon,
    state_text,
)
from workbench.ui.models.headers import ROOT
from workbench.ui.models.list_table import ListTableModel

CaseIdRole = Qt.ItemDataRole.UserRole + 1  # int: the case id of a row
StateRole = Qt.ItemDataRole.UserRole + 2  # str: the row's SLA state (ok, lt_1h, lt_30m, breached, paused, met)
CaseRole = Qt.ItemDataRole.UserRole + 3  # Case: the row's case

# Time to breach (the sort key) comes early so it stays in sight when the list is narrow.
ID, BREACH, PRIORITY, TITLE, STATUS, CHANNEL, OWNER, DUE = range(8)
HEADERS = ("#", "Time to breach", "Pri.", "Customer — title", "Status", "Channel", "Owner", "Next due")

# Status filter choices besides the statuses themselves.
ACTIVE, ALL = "active", "all"

_DISPLAY = Qt.ItemDataRole.DisplayRole
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


@dataclass
class CaseRow:
    """A case as the list shows it at one moment."""

    case: Case
    clocks: list[Clock] = field(default_factory=list)
    state: str = "met"
    left: timedelta | None = None  # until the earliest running clock breaches; None when none runs
    due: datetime | None = None  # when that is
    key: tuple[int, float, int] = (2, 0.0, 0)


def build_row(case: Case, events: list[Event], now: datetime, policy: SlaPolicy | None) -> CaseRow:
    """A row for ``case`` at ``now``: its clocks, their most urgent state and the next due moment."""
    case_clocks = clocks(case, events, now, policy)
    running = [c for c in case_clocks if c.state not in ("met", "paused") and c.due is not None]
    first = min(running, key=lambda c: c.due, default=None)  # type: ignore[arg-type, return-value]
    due = first.due if first else None
    group, seconds = sort_key(case_clocks, now)
    return CaseRow(case=case, clocks=case_clocks, state=overall_state(case_clocks),
                   left=(due - now) if due else None, due=due, key=(group, seconds, case.id))


def matches(case: Case, text: str, status: str) -> bool:
    """Whether ``case`` passes the list's filter: text in customer/title/product/#id, and the status."""
    if status == ACTIVE and case.status in DONE_STATUSES:
        return False
    if status not in (ACTIVE, ALL) and case.status != status:
        return False
    needle = text.strip().lower()
    if not needle:
        return True
    haystack = f"#{case.id} {case.customer} {case.title} {case.product} {case.owner}".lower()
    return needle in haystack


class CaseListModel(ListTableModel[CaseRow]):
    """The filtered, sorted case rows (filtering in Python: a team's open cases are a few hundred).

    The rows are ``items``, but not set with ``set_items``: ``set_cases``, ``set_filter`` and ``refresh``
    keep each case's row and move it (see the module docstring).
    """

    headers = HEADERS
    roles = frozenset({_DISPLAY, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
                       Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole,
                       Qt.ItemDataRole.TextAlignmentRole, CaseIdRole, StateRole, CaseRole})

    def __init__(self, parent: QObject | None = None, *, now: Callable[[], datetime] = utc_now,
                 policy: Callable[[], SlaPolicy | None] = lambda: None) -> None:
        super().__init__(parent)
        self.now = now
        self.policy = policy
        self._entries: list[tuple[Case, list[Event]]] = []
        self._text = ""
        self._status = ACTIVE

    # -- Qt model interface --------------------------------------------------------------------

    def cell(self, row: CaseRow, column: int, role: int) -> object:
        if role == CaseIdRole:
            return row.case.id
        if role == StateRole:
            return row.state
        if role == CaseRole:
            return row.case
        if role == Qt.ItemDataRole.BackgroundRole:
            return state_background(row.state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return state_text(row.state) if column == BREACH else None
        if role == Qt.ItemDataRole.DecorationRole:
            return state_icon(row.state) if column == BREACH else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER if column in (ID, PRIORITY) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        return self._text_of(row, column)

    @staticmethod
    def _text_of(row: CaseRow, column: int) -> str:
        case = row.case
        values = {ID: str(case.id), TITLE: f"{case.customer} — {case.title}" if case.title else case.customer,
                  PRIORITY: case.priority, STATUS: case.status.replace("_", " "),
                  CHANNEL: case.channel.replace("_", " "), OWNER: case.owner, DUE: format_when(row.due),
                  BREACH: format_breach(row.left, row.state)}
        return values.get(column, "")

    @staticmethod
    def _tooltip(row: CaseRow) -> str:
        parts = [f"{c.kind.replace('_', ' ')}: {STATE_LABELS.get(c.state, c.state)}" for c in row.clocks]
        return f"#{row.case.id} {row.case.customer}\n" + "\n".join(parts)

    # -- contents ------------------------------------------------------------------------------

    @property
    def rows(self) -> list[CaseRow]:
        return list(self.items)

    def row_of(self, case_id: int) -> int:
        """The row showing ``case_id``, or -1."""
        return next((n for n, row in enumerate(self.items) if row.case.id == case_id), -1)

    def set_filter(self, text: str | None = None, status: str | None = None) -> None:
        """Filter by text (customer, title, product, owner, ``#id``) and/or status (``active``, ``all``, a status)."""
        self._text = self._text if text is None else text
        self._status = self._status if status is None else status
        self.refresh()

    def set_cases(self, entries: Iterable[tuple[Case, list[Event]]]) -> None:
        """New data from the store (every case with its events); rows update in place."""
        self._entries = list(entries)
        self.refresh()

    def refresh(self) -> None:
        """Recompute every row at ``now()`` (the live timer calls this) keeping rows tied to their case."""
        now, policy = self.now(), self.policy()
        fresh = [build_row(case, events, now, policy) for case, events in self._entries
                 if matches(case, self._text, self._status)]
        fresh.sort(key=lambda row: row.key)
        self._apply(fresh)

    def _apply(self, fresh: list[CaseRow]) -> None:
        wanted = {row.case.id for row in fresh}
        for number in reversed(range(len(self.items))):  # cases filtered out or deleted
            if self.items[number].case.id not in wanted:
                self.beginRemoveRows(ROOT, number, number)
                del self.items[number]
                self.endRemoveRows()
        present = {row.case.id for row in self.items}
        added = [row for row in fresh if row.case.id not in present]
        if added:
            self.beginInsertRows(ROOT, len(self.items), len(self.items) + len(added) - 1)
            self.items.extend(added)
            self.endInsertRows()
        self._reorder(fresh)

    def _reorder(self, fresh: list[CaseRow]) -> None:
        """Take the new rows in their new order; persistent indexes (the selection) move with their case."""
        if not fresh:
            return
        order = {row.case.id: number for number, row in enumerate(fresh)}
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        after = [self.index(order[self.items[index.row()].case.id], index.column()) if index.isValid() else index
                 for index in before]
        self.items = fresh
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, len(HEADERS) - 1))
