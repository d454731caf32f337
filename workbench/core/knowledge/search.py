"""Knowledge-base search: small, fast, and good with Chinese as well as English.

Text becomes tokens: ASCII words and numbers, lower-cased and lightly stemmed (``Token`` = ``token``,
``collecting`` = ``collection``; codes such as ``109`` or ``-3308`` stay whole; a few stop words are
dropped), and for CJK text single characters plus character bigrams (Chinese has no spaces; bigrams
rank ``过期`` above articles that merely contain ``过`` and ``期``). Scoring is BM25-like over the body,
with extra weight for the title, Chinese title, tags and id. A few dozen articles make an index in
milliseconds, so it is built per article set and cached.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from workbench.core.knowledge.articles import Article, load_kb

_WORD = re.compile(r"-?\d+(?:\.\d+)*|[a-z][a-z0-9_]*(?:[.'][a-z0-9_]+)*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_BOOST = {"title": 3.0, "tags": 2.5, "id": 2.0, "body": 1.0}
_K1, _B = 1.2, 0.75


_STOP = frozenset({"a", "an", "and", "are", "can", "do", "does", "for", "from", "how", "i", "in", "is", "it", "my",
                   "of", "on", "or", "the", "to", "what", "when", "why", "with"})
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ed", "es", "s")


def _stem(word: str) -> str:
    """A light English stemmer: 'collecting', 'collection' and 'collect' meet; codes stay whole."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Search tokens of ``text``: stemmed words and numbers, CJK characters and CJK bigrams."""
    lowered = text.lower()
    out = [_stem(w) for w in _WORD.findall(_CJK.sub(" ", lowered)) if w not in _STOP]
    for run in _CJK.findall(lowered):
        out.extend(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def _fields(article: Article) -> dict[str, list[str]]:
    return {"title": tokens(f"{article.title} {article.title_zh}"), "tags": tokens(" ".join(article.tags)),
            "id": tokens(article.id.replace("-", " ")), "body": tokens(article.body)}


@dataclass(frozen=True)
class _Index:
    articles: tuple[Article, ...]
    counts: tuple[dict[str, Counter], ...]
    lengths: tuple[int, ...]
    frequency: Counter

    @property
    def average(self) -> float:
        """Average body length in tokens (BM25 length normalisation)."""
        return (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0


@cache
def _index(articles: tuple[Article, ...]) -> _Index:
    counts = tuple({name: Counter(words) for name, words in _fields(a).items()} for a in articles)
    frequency: Counter = Counter()
    for fields in counts:
        frequency.update(set().union(*(set(c) for c in fields.values())))
    lengths = tuple(sum(fields["body"].values()) for fields in counts)
    return _Index(articles, counts, lengths, frequency)


def _score(index: _Index, position: int, query: list[str]) -> float:
    fields, length = index.counts[position], index.lengths[position]
    total = 0.0
    for token in set(query):
        df = index.frequency.get(token, 0)
        if not df:
            continue
        idf = math.log(1 + (len(index.articles) - df + 0.5) / (df + 0.5))
        tf = sum(_BOOST[name] * counter.get(token, 0) for name, counter in fields.items())
        total += idf * tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * length / index.average))
    return total


def search(query: str, articles: list[Article] | None = None, limit: int = 10) -> list[Article]:
    """Articles ranked by relevance to ``query`` (English or Chinese); empty when nothing matches."""
    words = tokens(query)
    if not words:
        return []
    index = _index(tuple(articles if articles is not None else load_kb()))
    scored = [(score, -i) for i in range(len(index.articles)) if (score := _score(index, i, words)) > 0]
    return [index.articles[-i] for _score_value, i in sorted(scored, reverse=True)[:limit]]
