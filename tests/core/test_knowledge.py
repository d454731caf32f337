"""Knowledge base: article front matter, search (English and Chinese), links, versions, staleness."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from workbench.core.bundle.model import Fact
from workbench.core.knowledge import (
    KbError,
    articles_for,
    in_range,
    load_kb,
    parse_article,
    parse_version,
    search,
    stale,
    tokens,
    version_findings,
)
from workbench.core.knowledge.articles import kb_dir

KB = load_kb()


def test_there_are_enough_articles_with_valid_front_matter() -> None:
    assert len(KB) >= 15
    assert len({a.id for a in KB}) == len(KB)
    for article in KB:
        assert article.title and article.body and isinstance(article.updated, date)
        assert Path(article.path).stem == article.id
        if article.affected:
            assert in_range("0", article.affected) in (True, False)  # the spec parses
        if article.version_bound:
            assert article.layer and parse_version(article.fixed)
            assert not in_range(article.fixed, article.affected), f"{article.id}: fixed version is in the range"


def test_every_kb_file_parses(tmp_path: Path) -> None:
    for path in kb_dir().glob("*.md"):
        assert parse_article(path.read_text(encoding="utf-8"), path.name).id


@pytest.mark.parametrize(("text", "problem"), [
    ("no front matter", "front matter"),
    ("---\nid: x\ntitle: t\nvendor: agora\n", "not closed"),
    ("---\nid: x\ntitle: t\nvendor: agora\nupdated: 2026-13-40\n---\nbody", "YYYY-MM-DD"),
    ("---\nid: x\ntitle: t\nvendor: nobody\nupdated: 2026-01-01\n---\nbody", "vendor"),
    ("---\nid: x\ntitle: t\nvendor: agora\nupdated: 2026-01-01\naffected: <1\nfixed: 1\n---\nb", "layer"),
])
def test_bad_articles_are_refused_with_the_file_name(text: str, problem: str) -> None:
    with pytest.raises(KbError, match=problem) as caught:
        parse_article(text, "bad.md")
    assert "bad.md" in str(caught.value)


@pytest.mark.parametrize(("query", "first"), [
    ("token expired", "agora-token"),
    ("Token 过期", "agora-token"),
    ("令牌过期", "agora-token"),
    ("回声", "echo-aec"),
    ("firewall blocks UDP", "firewall-udp-blocked"),
    ("NotReadableError camera in use", "camera-in-use"),
    ("蓝牙耳机 听不到声音", "android-audio-routing"),
    ("how to collect agora logs", "agora-log-collection"),
    ("-3308", "trtc-errors"),
    ("Connect failed with 99", "libwebrtc-network-probe"),
])
def test_search_ranks_the_right_article_first(query: str, first: str) -> None:
    assert search(query)[0].id == first


def test_search_edge_cases() -> None:
    assert search("") == [] and search("   ") == []
    assert search("zzzzqqq") == []
    assert len(search("the", limit=3)) <= 3
    assert tokens("过期了") == ["过", "期", "了", "过期", "期了"]


def test_articles_for_follows_kb_links_then_falls_back_to_search() -> None:
    linked = articles_for({"id": "x", "title": "whatever", "kb": ["agora-token", "missing-id"]})
    assert [a.id for a in linked] == ["agora-token"]
    assert articles_for({"id": "x", "title": "ICE failed with no relay candidate", "kb": []})[0].id == "ice-failed"


def test_version_ranges() -> None:
    assert parse_version("4.2.3 build 272568") == (4, 2, 3)
    assert in_range("4.2", ">=4.2.0,<4.2.3") and not in_range("4.2.3", ">=4.2.0,<4.2.3")
    assert in_range("111.0.5563.64", "111") and not in_range("112.0", "111")
    assert not in_range("garbage", "<1.0") and not in_range("1.0", "") and not in_range("1.0", "~1.0")


def test_version_findings_for_an_affected_sdk() -> None:
    env = {"sdk_vendor": Fact("agora", "agorasdk.log:5"), "sdk_version": Fact("1.14.0", "agorasdk.log:5")}
    findings = version_findings(env)
    assert [f["id"] for f in findings] == ["kb.upgrade.agora-legacy-sdk"]
    finding = findings[0]
    assert finding["fix_type"] == "upgrade" and finding["kb"] == ["agora-legacy-sdk"]
    assert finding["evidence"][0]["file"] == "agorasdk.log" and finding["evidence"][0]["line"] == 5
    current = {"sdk_vendor": Fact("agora", "a:1"), "sdk_version": Fact("4.3.0", "a:1")}
    assert version_findings(current) == []
    assert version_findings({"sdk_version": Fact("1.0", "a:1")}) == []
    assert version_findings({"sdk_vendor": Fact("twilio", "a:1"), "sdk_version": Fact("1.0", "a:1")}) == []


def test_stale_articles() -> None:
    today = max(a.updated for a in KB)
    assert stale(KB, 30, today=today) == []
    assert len(stale(KB, 30, today=date(today.year + 2, 1, 1))) == len(KB)
