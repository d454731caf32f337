"""Knowledge-base articles: ``resources/kb/*.md`` with a small front matter block.

Front matter is the subset of YAML the articles need (``key: value`` lines and ``[a, b]`` lists),
parsed here to avoid a YAML dependency::

    ---
    id: agora-token
    title: Agora token expired or invalid
    title_zh: 声网 Token 过期或无效          (optional: searched like the title)
    vendor: agora                           (a rule vendor, or any)
    sdk: rtc                                (free text: which product line)
    affected: <3.5.0                        (version spec, empty when not version-bound)
    fixed: 3.5.0                            (first good version, empty when unknown)
    layer: server                           (needed with affected+fixed: the upgrade finding's layer)
    updated: 2026-03-02
    tags: [token, 109, 过期]
    ---
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.paths import resources_dir

REQUIRED = ("id", "title", "vendor", "updated")
_LAYERS = ("network", "codec", "device", "server", "bundle")
_VENDORS = ("agora", "trtc", "zego", "twilio", "livekit", "jitsi", "janus", "mediasoup", "webrtc", "opentok",
            "android", "ios", "any")
_LINE = re.compile(r"^(?P<key>[a-z_]+):\s*(?P<value>.*?)\s*$")


class KbError(WorkbenchError):
    """A knowledge-base file is invalid; the message names the file."""


@dataclass(frozen=True)
class Article:
    """One knowledge-base article."""

    id: str
    title: str
    vendor: str
    updated: date
    body: str
    title_zh: str = ""
    sdk: str = ""
    affected: str = ""
    fixed: str = ""
    layer: str = ""
    tags: tuple[str, ...] = ()
    path: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def version_bound(self) -> bool:
        """Whether the article names affected versions and the version that fixed them."""
        return bool(self.affected and self.fixed)


def _value(raw: str) -> str | tuple[str, ...]:
    if raw.startswith("[") and raw.endswith("]"):
        return tuple(part.strip().strip("'\"") for part in raw[1:-1].split(",") if part.strip())
    return raw.strip("'\"")


def split_front_matter(text: str, origin: str) -> tuple[dict, str]:
    """(front matter fields, body) of an article; KbError when the block is missing or malformed."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise KbError(f"{origin}: an article starts with a '---' front matter block")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration as exc:
        raise KbError(f"{origin}: the front matter block is not closed with '---'") from exc
    fields: dict = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip():
            continue
        found = _LINE.match(line)
        if not found:
            raise KbError(f"{origin}:{number}: front matter lines are 'key: value'")
        fields[found.group("key")] = _value(found.group("value"))
    return fields, "\n".join(lines[end + 1 :]).strip()


def _updated(value: object, origin: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise KbError(f"{origin}: updated must be a date written YYYY-MM-DD, not {value!r}") from exc


def parse_article(text: str, origin: str = "<article>") -> Article:
    """A validated article from its text."""
    fields, body = split_front_matter(text, origin)
    missing = [name for name in REQUIRED if not fields.get(name)]
    if missing:
        raise KbError(f"{origin}: front matter lacks {', '.join(missing)}")
    if fields["vendor"] not in _VENDORS:
        raise KbError(f"{origin}: vendor {fields['vendor']!r} is not one of {_VENDORS}")
    if fields.get("affected") and fields.get("fixed") and fields.get("layer") not in _LAYERS:
        raise KbError(f"{origin}: an article with affected and fixed versions needs a layer ({_LAYERS})")
    if not re.fullmatch(r"[a-z0-9-]+", str(fields["id"])):
        raise KbError(f"{origin}: id must be lower-case letters, digits and '-'")
    tags = fields.get("tags", ())
    known = {"id", "title", "title_zh", "vendor", "sdk", "affected", "fixed", "layer", "updated", "tags"}
    return Article(
        id=fields["id"], title=fields["title"], vendor=fields["vendor"], updated=_updated(fields["updated"], origin),
        body=body, title_zh=fields.get("title_zh", ""), sdk=fields.get("sdk", ""),
        affected=fields.get("affected", ""), fixed=fields.get("fixed", ""), layer=fields.get("layer", ""),
        tags=tags if isinstance(tags, tuple) else (tags,), path=origin,
        extra={k: str(v) for k, v in fields.items() if k not in known},
    )


def kb_dir() -> Path:
    """The folder of the shipped articles."""
    return resources_dir() / "kb"


@cache
def _load(folder: str) -> tuple[Article, ...]:
    articles: list[Article] = []
    for path in sorted(Path(folder).glob("*.md")):
        article = parse_article(path.read_text(encoding="utf-8"), path.name)
        if any(a.id == article.id for a in articles):
            raise KbError(f"{path.name}: duplicate article id {article.id!r}")
        articles.append(article)
    return tuple(articles)


def load_kb(folder: Path | None = None) -> list[Article]:
    """Every article of the knowledge base, validated (KbError names the bad file)."""
    return list(_load(str(folder or kb_dir())))


def article_by_id(articles: list[Article] | None = None) -> dict[str, Article]:
    """Articles by id (all shipped ones by default)."""
    return {a.id: a for a in (articles if articles is not None else load_kb())}
