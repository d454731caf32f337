"""Run the rule set over a parsed bundle and return findings (design §4 shape).

Order of work, cheapest first: decide which rules apply to each file (vendor and format), scan each
file once for all the regexes of those rules (a literal prefilter pass, then each regex on the few
candidate lines: ``scan.py``), then evaluate every rule over the matched rows of the files it
applies to (``matchers.py``), and finally the bundle-integrity checks (``integrity.py``).

Vendors: a log written by a vendor's SDK (its format's vendor) gets that vendor's rules; platform and
generic logs (logcat, Apple console, plain text) get the rules of the vendors seen in the bundle (or
every vendor's when none is known), because an Agora app's logcat carries Agora lines. WebRTC and
"any" rules apply everywhere: libwebrtc lines are embedded in every SDK's logs.
"""

from __future__ import annotations

from workbench.core.bundle.model import Bundle
from workbench.core.logs.bundle_logs import BundleLogs
from workbench.core.logs.formats import LogFormat
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.rules.findings import evidence_item, make_finding, sort_findings
from workbench.core.rules.integrity import CHECKS
from workbench.core.rules.matchers import FileHits, Outcome, evaluate
from workbench.core.rules.model import Rule, load_rules
from workbench.core.rules.scan import scan_lines

# Format registry vendor → rule vendor.
FORMAT_VENDORS = {"agora": "agora", "tencent": "trtc", "zego": "zego", "twilio": "twilio", "livekit": "livekit",
                  "jitsi": "jitsi", "prosody": "jitsi", "meetecho": "janus", "mediasoup": "mediasoup",
                  "google": "webrtc", "libdatachannel": "webrtc", "android": "android", "apple": "ios"}
# Environment ``sdk_vendor`` values (bundle/envinfo.py) → rule vendor.
ENV_VENDORS = {"agora": "agora", "tencent": "trtc", "zego": "zego", "twilio": "twilio", "livekit": "livekit",
               "jitsi": "jitsi", "janus": "janus", "mediasoup": "mediasoup", "webrtc": "webrtc",
               "opentok": "opentok", "vonage": "opentok"}
SDK_VENDORS = frozenset({"agora", "trtc", "zego", "twilio", "livekit", "jitsi", "janus", "mediasoup", "opentok"})
_EVERYWHERE = frozenset({"any", "webrtc"})
_PLATFORM = {"android": "android", "apple": "ios"}


def bundle_vendors(bundle: Bundle, logs: BundleLogs) -> frozenset[str]:
    """The SDK vendors this bundle is about: its SDK logs' formats and the stated SDK vendor."""
    found = {FORMAT_VENDORS.get(log.format.vendor, "") for log in logs.parsed.values()}
    fact = bundle.environment.get("sdk_vendor")
    if fact:
        found.add(ENV_VENDORS.get(fact.value.lower(), ""))
    return frozenset(found & SDK_VENDORS)


def rule_vendors(fmt: LogFormat, vendors: frozenset[str]) -> frozenset[str]:
    """Rule vendors that apply to a log of format ``fmt`` in a bundle about ``vendors``."""
    own = FORMAT_VENDORS.get(fmt.vendor)
    if own in SDK_VENDORS:
        return _EVERYWHERE | {own}
    platform = {_PLATFORM[fmt.vendor]} if fmt.vendor in _PLATFORM else {"android", "ios"}
    return _EVERYWHERE | platform | (vendors or SDK_VENDORS)


def applicable(rules: list[Rule], fmt: LogFormat, vendors: frozenset[str]) -> list[Rule]:
    """The rules to run on a log of format ``fmt`` (vendor first, then the rule's own format list)."""
    allowed = rule_vendors(fmt, vendors)
    return [r for r in rules if r.vendor in allowed and (not r.formats or fmt.id in r.formats)]


def _scan(bundle_logs: BundleLogs, rules: list[Rule], vendors: frozenset[str], progress: ProgressFn,
          cancel: CancelToken) -> dict[str, tuple[FileHits, set[str]]]:
    """Each file scanned once for every regex of the rules that apply to it."""
    scanned: dict[str, tuple[FileHits, set[str]]] = {}
    total = sum(len(log.lines) for log in bundle_logs.parsed.values()) or 1
    done = 0
    for path, parsed in bundle_logs.parsed.items():
        cancel.raise_if_cancelled()
        chosen = applicable(rules, parsed.format, vendors)
        patterns = [p for rule in chosen for p in rule.matcher.patterns()]
        presence = {p for rule in chosen for p in rule.matcher.presence_patterns()}
        presence -= {p for rule in chosen for p in rule.matcher.patterns() if p not in rule.matcher.presence_patterns()}
        rows = scan_lines(parsed.lines, patterns, presence, cancel) if patterns and len(parsed.lines) else {}
        scanned[path] = (FileHits(path, parsed, rows), {rule.id for rule in chosen})
        done += len(parsed.lines)
        progress(done, total, f"rules: {path}")
    return scanned


def _evidence(outcome: Outcome, files: dict[str, FileHits]) -> list[dict]:
    return [evidence_item(path, row + 1, files[path].parsed.lines[row]) for path, row in outcome.evidence]


def _line_findings(rules: list[Rule], scanned: dict[str, tuple[FileHits, set[str]]],
                   cancel: CancelToken) -> list[dict]:
    files = {path: hits for path, (hits, _chosen) in scanned.items()}
    findings = []
    for rule in rules:
        cancel.raise_if_cancelled()
        targets = [hits for hits, chosen in scanned.values() if rule.id in chosen]
        outcome = evaluate(rule.matcher, targets)
        if outcome is not None:
            findings.append(make_finding(rule, _evidence(outcome, files), outcome.count, outcome.note))
    return findings


def _check_findings(rules: list[Rule], bundle: Bundle, logs: BundleLogs) -> list[dict]:
    findings = []
    for rule in rules:
        check = CHECKS.get(rule.matcher.check)
        evidence = check(bundle, logs) if check else []
        if evidence:
            findings.append(make_finding(rule, evidence[:5], len(evidence)))
    return findings


def run_rules(bundle: Bundle, logs: BundleLogs, *, rules: list[Rule] | None = None,
              progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> list[dict]:
    """Findings for ``bundle``: one per rule that fired, most severe first, then by layer.

    ``rules`` defaults to every shipped rule plus the engineer's benign patterns. Benign patterns never
    produce findings. Raises ``Cancelled`` when ``cancel`` is set (checked per file and per rule).
    """
    rules = load_rules() if rules is None else rules
    line_rules = [r for r in rules if r.is_finding]
    scanned = _scan(logs, line_rules, bundle_vendors(bundle, logs), progress, cancel)
    findings = _line_findings(line_rules, scanned, cancel)
    findings += _check_findings([r for r in rules if r.matcher.type == "check"], bundle, logs)
    return sort_findings(findings)
