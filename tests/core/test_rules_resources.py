"""The shipped rule files: they load, every example fires its rule (and nothing more severe), every
counter-example stays quiet, every regex has a literal prefilter, and every KB link exists."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from workbench.core.bundle import open_bundle
from workbench.core.knowledge import load_kb
from workbench.core.logs.bundle_logs import parse_bundle_logs
from workbench.core.rules import RuleError, add_benign, load_rules, local_benign, remove_benign, run_rules
from workbench.core.rules.model import SEVERITIES, Rule, parse_rule_file, rules_dir
from workbench.core.rules.needles import needles_of

# The format an example is written in when the rule does not say (the vendor's own log format).
DEFAULT_FORMAT = {"agora": "agora-native-4", "trtc": "mars-xlog", "zego": "zego", "twilio": "twilio-js",
                  "livekit": "livekit-server", "jitsi": "jitsi", "janus": "janus", "mediasoup": "mediasoup",
                  "webrtc": "libwebrtc", "opentok": "text", "android": "logcat-threadtime", "ios": "ios-nslog",
                  "any": "text"}
RULES = load_rules(local=False)
TESTED = [r for r in RULES if r.matcher.type != "check"]


def _example_format(rule: Rule) -> str:
    return rule.example_format or (rule.formats[0] if rule.formats else DEFAULT_FORMAT[rule.vendor])


def fire(tmp_path: Path, lines: tuple[str, ...], fmt: str, rules: list[Rule] = RULES) -> list[dict]:
    """Findings for a one-file bundle holding ``lines``, parsed as ``fmt``."""
    folder = tmp_path / "bundle"
    folder.mkdir(exist_ok=True)
    (folder / "example.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_bundle(folder) as bundle, parse_bundle_logs(bundle, overrides={"example.log": fmt}) as logs:
        return run_rules(bundle, logs, rules=rules)


def test_every_rule_file_loads_and_there_are_enough_signatures() -> None:
    files = sorted(p.name for p in rules_dir().glob("*.json") if p.name != "stats.json")
    assert {"agora.json", "trtc.json", "zego.json", "twilio.json", "livekit.json", "jitsi.json", "janus.json",
            "mediasoup.json", "webrtc.json", "opentok.json", "android.json", "ios.json", "bundle.json"} <= set(files)
    for name in files:
        assert parse_rule_file(rules_dir() / name), name
    signatures = [r for r in RULES if r.matcher.type not in ("benign", "check")]
    assert len(signatures) >= 60
    vendors = Counter(r.vendor for r in signatures)
    assert all(vendors[v] >= 3 for v in ("agora", "trtc", "zego", "twilio", "livekit", "jitsi", "janus",
                                         "mediasoup", "webrtc", "opentok")), vendors


def test_rule_ids_are_unique_and_carry_their_vendor() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.id.split(".")[0] in (rule.vendor, "bundle"), rule.id


@pytest.mark.parametrize("rule", TESTED, ids=lambda r: r.id)
def test_example_fires_its_rule_and_nothing_more_severe(tmp_path: Path, rule: Rule) -> None:
    findings = fire(tmp_path, rule.example, _example_format(rule))
    ids = [f["id"] for f in findings]
    if rule.matcher.type == "benign":
        assert findings == [], f"benign examples are never findings: {ids}"
        return
    assert rule.id in ids, f"{rule.id}: its example did not fire it (got {ids})"
    mine = SEVERITIES.index(rule.severity)
    assert [f["id"] for f in findings if SEVERITIES.index(f["severity"]) < mine] == []
    found = next(f for f in findings if f["id"] == rule.id)
    assert found["evidence"] and all(1 <= e["line"] <= len(rule.example) for e in found["evidence"])
    assert all(e["text"] in rule.example for e in found["evidence"] if rule.matcher.type != "absence")


@pytest.mark.parametrize("rule", [r for r in TESTED if r.counter_example], ids=lambda r: r.id)
def test_counter_example_does_not_fire(tmp_path: Path, rule: Rule) -> None:
    ids = [f["id"] for f in fire(tmp_path, rule.counter_example, _example_format(rule))]
    assert rule.id not in ids


@pytest.mark.parametrize("rule", TESTED, ids=lambda r: r.id)
def test_every_regex_has_a_literal_prefilter(rule: Rule) -> None:
    """Without needles a regex runs over every line of every file: too slow at 1 GB."""
    for pattern in rule.matcher.patterns():
        found = needles_of(pattern)
        assert found, f"{rule.id}: no literal needle in {pattern!r}"
        assert len(found) <= 64, f"{rule.id}: too many needle variants ({len(found)})"


def test_needles_are_sound_for_every_example() -> None:
    """Every example line a regex matches contains one of the regex's needles."""
    import re

    for rule in TESTED:
        for pattern in rule.matcher.patterns():
            compiled, found = re.compile(pattern), needles_of(pattern)
            for line in (*rule.example, *rule.counter_example):
                if compiled.search(line):
                    assert any(n in line for n in found), (rule.id, pattern, line)


def test_every_kb_link_exists() -> None:
    known = {a.id for a in load_kb()}
    missing = sorted({(r.id, k) for r in RULES for k in r.kb if k not in known})
    assert missing == []
    assert all(r.kb for r in RULES if r.matcher.type not in ("benign",)), "every finding links an article"


def test_a_broken_rule_is_reported_with_file_and_id(tmp_path: Path) -> None:
    bad = {"rules": [{"id": "x.broken", "vendor": "agora", "layer": "network", "severity": "error",
                      "title": "t", "meaning": "m", "advice": "a", "fix_type": "config",
                      "match": {"type": "line", "regex": "(?<=lookbehind)x"}, "example": ["x"]}]}
    (tmp_path / "broken.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        parse_rule_file(tmp_path / "broken.json")
    assert "broken.json" in str(caught.value) and "x.broken" in str(caught.value)


def test_rule_without_example_is_refused(tmp_path: Path) -> None:
    bad = {"rules": [{"id": "x.noexample", "vendor": "any", "layer": "network", "severity": "info", "title": "t",
                      "meaning": "m", "advice": "a", "match": {"type": "line", "regex": "abc"}}]}
    (tmp_path / "r.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(RuleError, match="example"):
        parse_rule_file(tmp_path / "r.json")


def test_engineer_benign_patterns_are_saved_locally_and_never_findings(tmp_path: Path) -> None:
    rule = add_benign(r"Connect failed with 99", note="IPv6 probe on this customer's hosts")
    assert [r.id for r in local_benign()] == [rule.id]
    assert rule.id in {r.id for r in load_rules()}
    findings = fire(tmp_path, ("(network.cc:885): Connect failed with 99",), "libwebrtc", load_rules())
    assert rule.id not in {f["id"] for f in findings}
    assert remove_benign(rule.id) and local_benign() == []
    with pytest.raises(RuleError):
        add_benign(r"(?<=x)y")
