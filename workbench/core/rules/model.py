"""Root-cause rules as data: ``resources/rules/*.json`` loaded into validated ``Rule`` objects.

A rule is keyed by (vendor, code or pattern) because codes collide across vendors (Agora 110 is an
invalid token, TRTC codes are negative, Twilio's are 53xxx). Each rule carries what the engineer
reads (title, meaning, advice, fix type, knowledge-base ids) and one matcher:

``line``      a regex on the line (optional minimum level, minimum number of lines);
``count``     at least ``min_count`` matching lines within ``window_s`` seconds (reconnect loops);
``sequence``  ``regex`` not followed by ``expect`` within ``window_s`` seconds (join without success);
``absence``   ``expect`` never appears where ``regex`` (the trigger) does, or in any applicable file;
``benign``    known noise: never a finding, listed so the viewer can dim it;
``check``     a bundle-integrity check done in code (``workbench.core.rules.integrity``).

Every matcher may also say ``unless`` (no finding when that regex appears in the scope) and
``requires`` (only a finding when it does), with ``scope`` ``file`` (default) or ``bundle``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.logs.filters import check_regex
from workbench.core.logs.formats import LEVELS, load_formats
from workbench.core.paths import resources_dir

LAYERS = ("network", "codec", "device", "server", "bundle")
SEVERITIES = ("critical", "error", "warning", "info")
FIX_TYPES = ("config", "upgrade", "code", "user", "ask")
VENDORS = ("agora", "trtc", "zego", "twilio", "livekit", "jitsi", "janus", "mediasoup", "webrtc", "opentok",
           "android", "ios", "any")
MATCHERS = ("line", "count", "sequence", "absence", "benign", "check")
_NEEDS_EXAMPLE = ("line", "count", "sequence", "absence", "benign")


@dataclass(frozen=True)
class Matcher:
    """How a rule recognises its cause in parsed lines (see the module docstring)."""

    type: str
    regex: str = ""
    expect: str = ""
    unless: str = ""
    requires: str = ""
    min_level: str | None = None
    min_count: int = 1
    window_s: float = 0.0
    scope: str = "file"
    check: str = ""

    def patterns(self) -> tuple[str, ...]:
        """Every regex the engine must run for this matcher."""
        return tuple(p for p in (self.regex, self.expect, self.unless, self.requires) if p)

    def presence_patterns(self) -> tuple[str, ...]:
        """The regexes whose presence alone matters (conditions and absence targets), not their rows."""
        found = (self.unless, self.requires, self.expect if self.type == "absence" else "")
        return tuple(p for p in found if p)


@dataclass(frozen=True)
class Rule:
    """One root-cause signature (or benign pattern, or integrity check)."""

    id: str
    vendor: str
    layer: str
    severity: str
    title: str
    meaning: str
    fix_type: str
    advice: str
    matcher: Matcher
    kb: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    example: tuple[str, ...] = ()
    example_format: str = ""
    counter_example: tuple[str, ...] = ()
    source: str = ""
    origin: str = ""  # the file it was loaded from, for error messages

    @property
    def is_finding(self) -> bool:
        """Benign patterns and integrity checks never come out of the line engine as findings."""
        return self.matcher.type not in ("benign", "check")


class RuleError(WorkbenchError):
    """A rule file is invalid; the message names the file and the rule."""


def _fail(origin: str, rule_id: str, problem: str) -> RuleError:
    return RuleError(f"{origin}: rule {rule_id or '?'}: {problem}",
                     "fix the rule file (the fields are described in workbench/core/rules/model.py)")


def _check_pattern(origin: str, rule_id: str, name: str, pattern: str) -> None:
    """A rule regex must compile in both engines: Python (tests, needles) and Rust (Polars)."""
    try:
        re.compile(pattern)
        check_regex(pattern)
    except (re.error, WorkbenchError) as exc:
        raise _fail(origin, rule_id, f"{name} is not a valid regex: {exc}") from exc


def _matcher(origin: str, rule_id: str, raw: dict) -> Matcher:
    allowed = {f for f in Matcher.__dataclass_fields__}
    unknown = set(raw) - allowed
    if unknown:
        raise _fail(origin, rule_id, f"unknown matcher field(s) {sorted(unknown)}")
    matcher = Matcher(**raw)
    if matcher.type not in MATCHERS:
        raise _fail(origin, rule_id, f"matcher type {matcher.type!r} is not one of {MATCHERS}")
    if matcher.min_level is not None and matcher.min_level not in LEVELS:
        raise _fail(origin, rule_id, f"min_level {matcher.min_level!r} is not one of {LEVELS}")
    if matcher.scope not in ("file", "bundle"):
        raise _fail(origin, rule_id, "scope must be 'file' or 'bundle'")
    needed = {"line": "regex", "count": "regex", "benign": "regex", "sequence": "expect", "absence": "expect",
              "check": "check"}[matcher.type]
    if not getattr(matcher, needed) or (matcher.type == "sequence" and not matcher.regex):
        raise _fail(origin, rule_id, f"a {matcher.type} matcher needs {needed!r}")
    if matcher.type in ("count", "sequence") and matcher.window_s <= 0:
        raise _fail(origin, rule_id, f"a {matcher.type} matcher needs window_s > 0")
    for name in ("regex", "expect", "unless", "requires"):
        if getattr(matcher, name):
            _check_pattern(origin, rule_id, name, getattr(matcher, name))
    return matcher


def _choice(origin: str, rule_id: str, raw: dict, name: str, allowed: tuple[str, ...]) -> str:
    value = raw.get(name)
    if value not in allowed:
        raise _fail(origin, rule_id, f"{name} {value!r} is not one of {allowed}")
    return value


def _texts(raw: dict, name: str) -> tuple[str, ...]:
    value = raw.get(name, ())
    return (value,) if isinstance(value, str) else tuple(value)


def parse_rule(raw: dict, origin: str, default_vendor: str = "any") -> Rule:
    """One validated rule from its JSON object; RuleError names ``origin`` and the rule id."""
    rule_id = str(raw.get("id", ""))
    if not re.fullmatch(r"[a-z0-9_.-]+", rule_id):
        raise _fail(origin, rule_id, "id must be lower-case letters, digits, '.', '_' or '-'")
    matcher = _matcher(origin, rule_id, dict(raw.get("match") or {}))
    is_benign = matcher.type in ("benign",)
    for name in ("title", "meaning") + (() if is_benign else ("advice",)):
        if not str(raw.get(name, "")).strip():
            raise _fail(origin, rule_id, f"{name} is empty")
    formats = _texts(raw, "formats")
    known = load_formats()
    for fmt in (*formats, raw.get("example_format", "")):
        if fmt and fmt not in known:
            raise _fail(origin, rule_id, f"unknown format {fmt!r}")
    example = _texts(raw, "example")
    if matcher.type in _NEEDS_EXAMPLE and not example:
        raise _fail(origin, rule_id, "needs an example line that fires it")
    return Rule(
        id=rule_id, vendor=_choice(origin, rule_id, {"vendor": raw.get("vendor", default_vendor)}, "vendor", VENDORS),
        layer=_choice(origin, rule_id, raw, "layer", LAYERS),
        severity=_choice(origin, rule_id, raw, "severity", SEVERITIES),
        title=raw["title"].strip(), meaning=raw["meaning"].strip(),
        fix_type=_choice(origin, rule_id, {"fix_type": raw.get("fix_type", "ask")}, "fix_type", FIX_TYPES),
        advice=str(raw.get("advice", "")).strip(), matcher=matcher, kb=_texts(raw, "kb"), formats=formats,
        example=example, example_format=str(raw.get("example_format", "")),
        counter_example=_texts(raw, "counter_example"), source=str(raw.get("source", "")), origin=origin,
    )


def parse_rule_file(path: Path) -> list[Rule]:
    """The rules of one JSON file: ``{"vendor": ..., "rules": [...]}``."""
    origin = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuleError(f"{origin}: cannot read the rule file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{origin}: a rule file is an object with a 'rules' list")
    return [parse_rule(raw, origin, data.get("vendor", "any")) for raw in data["rules"]]


def rules_dir() -> Path:
    """The folder of the shipped rule files."""
    return resources_dir() / "rules"


@dataclass
class RuleSet:
    """Rules by id, with duplicate ids refused (the id is the finding id and the checklist key)."""

    rules: list[Rule] = field(default_factory=list)

    def add(self, rule: Rule) -> None:
        """Add ``rule``; RuleError when its id is taken."""
        if any(r.id == rule.id for r in self.rules):
            raise RuleError(f"{rule.origin}: rule {rule.id}: duplicate id (also in "
                            f"{next(r.origin for r in self.rules if r.id == rule.id)})")
        self.rules.append(rule)


@cache
def _shipped_rules(folder: str) -> tuple[Rule, ...]:
    rule_set = RuleSet()
    # stats.json belongs to the stats-dump analyser (another module reads it); it is not a line rule file.
    for path in sorted(Path(folder).glob("*.json")):
        if path.name == "stats.json":
            continue
        for rule in parse_rule_file(path):
            rule_set.add(rule)
    return tuple(rule_set.rules)


def load_rules(folder: Path | None = None, *, local: bool = True) -> list[Rule]:
    """Every shipped rule (validated), plus the engineer's own benign patterns when ``local``."""
    from workbench.core.rules.benign import local_benign  # late: benign imports this module

    rules = list(_shipped_rules(str(folder or rules_dir())))
    if local:
        taken = {r.id for r in rules}
        rules += [r for r in local_benign() if r.id not in taken]
    return rules


def rules_by_id(rules: list[Rule] | None = None) -> dict[str, Rule]:
    """Rules by id (the GUI looks up a finding's meaning and source here)."""
    return {r.id: r for r in (rules if rules is not None else load_rules())}
