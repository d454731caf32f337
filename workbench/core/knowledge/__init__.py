"""Knowledge base: known issues by SDK version, upgrade guidance and FAQ (``resources/kb/*.md``).

    >>> from workbench.core.knowledge import load_kb, search
    >>> [a.id for a in search("token expired")][:1]  # doctest: +SKIP
    ['agora-token']
"""

from __future__ import annotations

from workbench.core.knowledge.articles import Article, KbError, article_by_id, load_kb, parse_article
from workbench.core.knowledge.search import search, tokens
from workbench.core.knowledge.versions import in_range, parse_version, stale, version_findings


def articles_for(finding: dict, articles: list[Article] | None = None) -> list[Article]:
    """The articles a finding links to (its ``kb`` ids, in order); by its title when it links none."""
    known = article_by_id(articles)
    linked = [known[i] for i in finding.get("kb", []) if i in known]
    if linked:
        return linked
    return search(finding.get("title", ""), list(known.values()), limit=3)


__all__ = ["Article", "KbError", "article_by_id", "articles_for", "in_range", "load_kb", "parse_article",
           "parse_version", "search", "stale", "tokens", "version_findings"]
