"""Marked lines: the evidence an engineer collects while reading a bundle's logs.

A mark is a line of a bundle file (its path inside the bundle and a 1-based line number), with an
optional name, the line's text and its timestamp. The set is kept in ``(path, line)`` order; a view
can also walk it in its own order (the merged timeline). Marks serialise to plain JSON for the case
store, and :meth:`Marks.evidence` gives the shape the checklist and the reply quote.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

Key = tuple[str, int]


@dataclass
class Mark:
    """One marked line: ``line`` is 1-based in the bundle file ``path``; ``time`` is ISO text or None."""

    path: str
    line: int
    name: str = ""
    text: str = ""
    time: str | None = None

    @property
    def key(self) -> Key:
        """``(path, line)``: what marks are ordered and looked up by."""
        return (self.path, self.line)

    def to_json(self) -> dict:
        """The mark as a plain JSON object."""
        return {"path": self.path, "line": self.line, "name": self.name, "text": self.text, "time": self.time}


class Marks:
    """Marks ordered by ``(path, line)``; at most one per line."""

    def __init__(self, marks: Iterable[Mark] = ()) -> None:
        self._by_key: dict[Key, Mark] = {}
        self._keys: list[Key] = []  # sorted
        for mark in marks:
            self._add(mark)

    def _add(self, mark: Mark) -> None:
        if mark.key not in self._by_key:
            bisect.insort(self._keys, mark.key)
        self._by_key[mark.key] = mark

    def __iter__(self) -> Iterator[Mark]:
        return iter([self._by_key[key] for key in self._keys])

    def __len__(self) -> int:
        return len(self._keys)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def __repr__(self) -> str:
        return f"Marks({list(self)!r})"

    def get(self, path: str, line: int) -> Mark | None:
        """The mark on that line, or None."""
        return self._by_key.get((path, line))

    def is_marked(self, path: str, line: int) -> bool:
        """Whether that line carries a mark."""
        return (path, line) in self._by_key

    def toggle(self, path: str, line: int, text: str = "", time: str | None = None) -> bool:
        """Mark the line, or unmark it when it is marked; True when it is marked afterwards."""
        if self.is_marked(path, line):
            self.remove(path, line)
            return False
        self._add(Mark(path, line, text=text, time=time))
        return True

    def rename(self, path: str, line: int, name: str) -> None:
        """Name the mark on that line (an unmarked line is left alone)."""
        mark = self._by_key.get((path, line))
        if mark is not None:
            mark.name = name.strip()

    def remove(self, path: str, line: int) -> None:
        """Unmark the line (nothing happens when it is not marked)."""
        if self._by_key.pop((path, line), None) is not None:
            del self._keys[bisect.bisect_left(self._keys, (path, line))]

    def clear(self) -> None:
        """Remove every mark."""
        self._by_key.clear()
        self._keys.clear()

    def next_after(self, path: str, line: int, order: Sequence[Key] | None = None) -> Mark | None:
        """The first mark after ``(path, line)``, wrapping to the first one; None when there are none.

        ``order`` is the view's row order (for example the merged timeline, or a filtered view):
        then "after" means later in that order, and marks the view does not show are skipped.
        """
        if order is not None:
            return self._step_in_order(path, line, order, forward=True)
        if not self._keys:
            return None
        at = bisect.bisect_right(self._keys, (path, line))
        return self._by_key[self._keys[at % len(self._keys)]]

    def previous_before(self, path: str, line: int, order: Sequence[Key] | None = None) -> Mark | None:
        """The last mark before ``(path, line)``, wrapping to the last one; None when there are none."""
        if order is not None:
            return self._step_in_order(path, line, order, forward=False)
        if not self._keys:
            return None
        at = bisect.bisect_left(self._keys, (path, line)) - 1
        return self._by_key[self._keys[at % len(self._keys)]]

    def _step_in_order(self, path: str, line: int, order: Sequence[Key], forward: bool) -> Mark | None:
        """Walk ``order`` once: the marks it shows, and where the current line sits among them.

        A current line that the order does not contain counts as sitting before its first row.
        """
        if not self._keys:
            return None
        current = (path, line)
        shown: list[Key] = []
        before, seen = 0, False  # how many shown marks come before the current line; whether it was met
        for key in order:
            key = (key[0], int(key[1]))
            if key == current and not seen:
                before, seen = len(shown), True
            if key in self._by_key:
                shown.append(key)
        if not shown:
            return None
        if forward:
            here = before + (1 if seen and current in self._by_key else 0)
            return self._by_key[shown[here % len(shown)]]
        return self._by_key[shown[(before - 1) % len(shown)]]

    def to_json(self) -> list[dict]:
        """Plain JSON data (a list of objects) for the case store."""
        return [mark.to_json() for mark in self]

    @classmethod
    def from_json(cls, data: object) -> Marks:
        """Marks from :meth:`to_json` data; unknown keys and unusable entries are skipped, not fatal."""
        marks = cls()
        for item in data if isinstance(data, list) else []:
            mark = _mark_from(item)
            if mark is not None:
                marks._add(mark)
        return marks

    def evidence(self) -> list[dict]:
        """The marks as the report quotes them: ``[{"file": path, "line": n, "text": text}]``."""
        return [{"file": mark.path, "line": mark.line, "text": mark.text} for mark in self]


def _mark_from(item: object) -> Mark | None:
    """One stored entry, or None when it lacks a usable path and line."""
    if not isinstance(item, dict):
        return None
    path, line = item.get("path"), item.get("line")
    if not isinstance(path, str) or isinstance(line, bool) or not isinstance(line, int) or line < 1:
        return None
    time = item.get("time")
    return Mark(path, line, name=str(item.get("name") or ""), text=str(item.get("text") or ""),
                time=time if isinstance(time, str) else None)
