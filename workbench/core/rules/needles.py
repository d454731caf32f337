"""Required literals ("needles") of a rule regex, for one cheap literal pass over every line.

Running ~100 rule regexes over a 10M-line log costs ~100 passes over the text. Nearly every rule
regex contains a literal that any matching line must contain (``reason[9]``, ``Connect failed``),
so one pass of a case-sensitive literal alternation (Rust ``regex`` uses SIMD/Aho-Corasick for it,
~0.3 s per GB whatever the number of literals) finds the few candidate lines, and the real regexes
then run on those candidates only. The extraction is *sound*: every match of the regex contains at
least one needle of the returned set, so the prefilter never loses a line. A regex without a usable
needle (``None``) is run on every line instead.

Case-insensitive regexes would need a case-insensitive alternation, which measured ~5× slower; their
needle is expanded into its case variants instead (``exp`` → ``exp``, ``Exp``, ``eXp`` …).
"""

from __future__ import annotations

import itertools
import re
from functools import cache

try:  # the parser behind ``re``: private, but stable since Python 3.11 (3.10 calls it sre_parse)
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a future Python: every regex then runs on every line
    C = P = None

MIN_NEEDLE = 3  # shorter literals match nearly every line and would make the prefilter useless
_MAX_ALTERNATIVES = 48  # beyond this a literal set is no longer a cheap prefilter
_CASE_LETTERS = 4  # case variants of at most 4 letters: 16 needles

Needles = frozenset[str]


def _exact(items: list) -> set[str] | None:
    """The finite set of strings the sequence ``items`` matches, or None when it is not finite/small."""
    result = {""}
    for op, arg in items:
        piece = _exact_piece(op, arg)
        if piece is None:
            return None
        result = {a + b for a in result for b in piece}
        if len(result) > _MAX_ALTERNATIVES:
            return None
    return result


def _exact_piece(op: object, arg: object) -> set[str] | None:
    if op is C.LITERAL:
        return {chr(arg)}
    if op is C.AT:
        return {""}  # anchors and word boundaries match no text
    if op is C.IN:
        return _class_chars(arg)
    if op is C.SUBPATTERN:
        _group, add_flags, _del, body = arg
        return None if add_flags & C.SRE_FLAG_IGNORECASE else _exact(list(body))
    if op is C.BRANCH:
        options = [_exact(list(branch)) for branch in arg[1]]
        return None if any(o is None for o in options) else set().union(*options)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, high, body = arg
        inner = _exact(list(body))
        if inner is None or high > 4 or low not in (0, high):
            return None
        fixed = {"".join(parts) for parts in itertools.product(sorted(inner), repeat=high)}
        return fixed | {""} if low == 0 else fixed  # x? is "" or x: the literal run goes on
    return None


def _class_chars(items: list) -> set[str] | None:
    """The characters of a small positive character class ([Tt], [456], [0-3]), else None."""
    chars: set[str] = set()
    for kind, value in items:
        if kind is C.LITERAL:
            chars.add(chr(value))
        elif kind is C.RANGE and value[1] - value[0] < 10:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        else:
            return None
    return chars if len(chars) <= 10 else None


# Words in almost every log line: a needle made only of one of them selects nothing.
_COMMON = frozenset({"err", "error", "errors", "fail", "failed", "failure", "warn", "warning", "info", "debug",
                     "state", "connection", "connect", "connected", "channel", "user", "audio", "video", "code",
                     "true", "false", "null", "none"})


def _strength(needle: str) -> int:
    """How selective a needle is likely to be: its length, less for common words and bare numbers."""
    core = needle.strip(" :=[]()_-.,").lower()
    if core in _COMMON:
        return min(len(needle), 3)
    if core.isdigit():  # numbers recur in counters and ids, but a 4-digit code is rarer than "err"
        return min(len(needle), 4)
    return len(needle)


def _score(needles: set[str]) -> tuple[int, int]:
    """Most selective weakest needle first, then fewer alternatives."""
    return (min(_strength(n) for n in needles), -len(needles))


def _best(candidates: list[set[str]]) -> set[str] | None:
    usable = [c for c in candidates if c and min(len(n) for n in c) >= MIN_NEEDLE]
    return max(usable, key=_score) if usable else None


def _required(items: list) -> set[str] | None:
    """A set of literals one of which every match of ``items`` contains (the most selective found)."""
    candidates: list[set[str]] = []
    run: set[str] = {""}
    for op, arg in items:
        piece = _exact_piece(op, arg)
        if piece is not None and len(run) * len(piece) <= _MAX_ALTERNATIVES:
            run = {a + b for a in run for b in piece}
            continue
        candidates.append(run)
        run = piece if piece is not None else {""}
        if piece is None:
            candidates.append(_inner_required(op, arg) or set())
    candidates.append(run)
    return _best(candidates)


def _inner_required(op: object, arg: object) -> set[str] | None:
    """What a non-literal piece still requires: a group's or a mandatory repeat's own needles."""
    if op is C.SUBPATTERN:
        return _required(list(arg[3]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] >= 1:
        return _required(list(arg[2]))
    if op is C.BRANCH:
        options = [_required(list(branch)) for branch in arg[1]]
        return None if any(o is None for o in options) else set().union(*options)
    return None


def _case_variants(needle: str) -> set[str]:
    """All case spellings of the part of ``needle`` with at most ``_CASE_LETTERS`` cased letters."""
    best = ""
    for start in range(len(needle)):
        letters, end = 0, start
        while end < len(needle) and (letters < _CASE_LETTERS or not needle[end].isalpha()):
            letters += needle[end].isalpha()
            end += 1
        best = max(best, needle[start:end], key=len)
    options = [{ch.lower(), ch.upper()} if ch.isalpha() and ch.isascii() else {ch} for ch in best]
    return {"".join(parts) for parts in itertools.product(*options)}


@cache
def needles_of(regex: str) -> Needles | None:
    """Literals one of which every line matching ``regex`` contains; None when none is usable."""
    if P is None:
        return None
    try:
        tree = P.parse(regex)
    except re.error:
        return None
    found = _required(list(tree))
    if found is None:
        return None
    if tree.state.flags & C.SRE_FLAG_IGNORECASE or "(?i" in regex:
        found = set().union(*(_case_variants(n) for n in found))
        if min(len(n) for n in found) < MIN_NEEDLE:
            return None
    return frozenset(found)


def alternation(needles: set[str] | frozenset[str]) -> str:
    """One Rust-regex alternation matching any of ``needles`` literally (longest first)."""
    return "|".join(re.escape(n) for n in sorted(needles, key=lambda n: (-len(n), n)))
