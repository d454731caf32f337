"""Which format a log is in, decided by its content (never by its name).

Every format of the registry is scored on the first lines: the share of lines that start a record
in that format. The best score above ``MIN_SCORE`` wins; near-ties go to the format with the higher
``priority`` (a specific Agora grammar beats generic JSON lines). A file nothing fits is ``text``,
which still finds timestamps and levels with generic patterns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbench.core.logs.formats import LogFormat, load_formats
from workbench.core.text import LineIndex

SNIFF_LINES = 200
MIN_SCORE = 0.2
TIE = 0.02  # scores this close are a tie, decided by priority
FALLBACK = "text"


@dataclass(frozen=True)
class SniffResult:
    """The chosen format and how well it fits the sampled lines."""

    format_id: str
    score: float  # share of sampled lines that start a record in this format
    unmatched_share: float  # share that neither starts nor continues a record (noise, other formats)
    candidates: tuple[tuple[str, float], ...]  # the best few (format id, score), best first

    @property
    def mixed(self) -> bool:
        """A sizeable share of lines does not fit: build output in a server log, two logs in one."""
        return self.format_id != FALLBACK and self.unmatched_share >= 0.1


def coverage(fmt: LogFormat, lines: Iterable[str]) -> tuple[int, int]:
    """(lines that start a record, lines that continue one) in ``fmt``."""
    matched = continued = 0
    for line in lines:
        if fmt.match(line) is not None:
            matched += 1
        elif matched and fmt.continues(line):
            continued += 1
    return matched, continued


def _fit(fmt: LogFormat, lines: list[str]) -> tuple[float, float]:
    """(score, unmatched share). Lines a specific continuation rule claims (stack traces) are left
    out of the score's total: a Java log that opens with long traces is still that Java log."""
    matched, continued = coverage(fmt, lines)
    total = len(lines)
    claimed = continued if fmt.continuation_re is not None else 0
    return matched / max(total - claimed, 1), (total - matched - continued) / total


def sniff_lines(lines: Iterable[str], formats: dict[str, LogFormat] | None = None) -> SniffResult:
    """Score every format on ``lines`` (the head of a file) and pick one."""
    sample = [line for line in lines if line.strip()][:SNIFF_LINES]
    registry = formats or load_formats()
    if not sample:
        return SniffResult(FALLBACK, 0.0, 0.0, ())
    fits = {fmt.id: _fit(fmt, sample) for fmt in registry.values() if fmt.id != FALLBACK}
    ranked = sorted(fits.items(), key=lambda item: (-item[1][0], -registry[item[0]].priority))
    best_score = ranked[0][1][0] if ranked else 0.0
    if best_score < MIN_SCORE:
        fallback = registry.get(FALLBACK)
        unmatched = _fit(fallback, sample)[1] if fallback else 1.0
        return SniffResult(FALLBACK, 0.0, unmatched, tuple((i, s) for i, (s, _u) in ranked[:3]))
    tied = [fid for fid, (score, _u) in ranked if best_score - score <= TIE]
    winner = max(tied, key=lambda fid: (registry[fid].priority, fits[fid][0]))
    return SniffResult(winner, fits[winner][0], fits[winner][1], tuple((i, s) for i, (s, _u) in ranked[:3]))



def sniff_head(index: LineIndex) -> SniffResult:
    """Sniff an indexed file on its first lines."""
    return sniff_lines(index.text(row, limit=4096) for row in range(min(len(index), SNIFF_LINES * 2)))


def sniff_index(index: LineIndex) -> str:
    """The format id of an indexed file, from its first lines."""
    return sniff_head(index).format_id
