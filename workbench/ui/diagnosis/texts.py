"""The panel's rich texts: a finding's detail (meaning, advice, fix type, KB links), an article's header,
and the checklist item's question, how-to and pre-filled answer.

Knowledge-base links are ``kb:<article id>`` anchors; the panel opens them in its Knowledge tab.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from html import escape

from workbench.core.checklist import ChecklistItem
from workbench.core.errors import WorkbenchError
from workbench.core.knowledge import Article, article_by_id, articles_for, stale
from workbench.core.rules import Rule, rules_by_id
from workbench.ui.diagnosis.look import STATUS_LABELS, fix_label, layer_label

KB_SCHEME = "kb"


@cache
def _rules() -> dict[str, Rule]:
    try:
        return rules_by_id()
    except WorkbenchError:  # a broken rule file must not take the panel down; analyze reports it
        return {}


def meaning_of(finding: dict) -> str:
    """What the finding means: its own ``meaning``, else its rule's (stats and KB findings have none)."""
    rule = _rules().get(str(finding.get("id", "")))
    return str(finding.get("meaning") or (rule.meaning if rule else ""))


def finding_articles(finding: dict) -> tuple[list[Article], bool]:
    """(articles, linked): the finding's own KB links, or articles found by its title (``linked`` False)."""
    try:
        known = article_by_id()
        linked = [known[i] for i in finding.get("kb", []) if i in known]
        return (linked, True) if linked else (articles_for(finding), False)
    except WorkbenchError:
        return [], False


def _kb_links(finding: dict) -> str:
    articles, linked = finding_articles(finding)
    if not articles:
        return "<p><b>Knowledge base:</b> no article yet.</p>"
    items = "".join(f'<li><a href="{KB_SCHEME}:{escape(a.id)}">{escape(a.title)}</a></li>' for a in articles)
    label = "Knowledge base" if linked else "Knowledge base (related by title)"
    return f"<p><b>{label}:</b></p><ul>{items}</ul>"


def finding_html(finding: dict) -> str:
    """The detail of a finding as simple HTML for a QTextBrowser."""
    rule = _rules().get(str(finding.get("id", "")))
    layer = layer_label(str(finding.get("layer", "")))
    parts = [f"<h3>{escape(str(finding.get('title', '')))}</h3>",
             f"<p><b>{escape(str(finding.get('severity', '')))}</b> · {escape(layer)}"
             f" · <code>{escape(str(finding.get('id', '')))}</code></p>"]
    meaning = meaning_of(finding)
    if meaning:
        parts.append(f"<p><b>What it means:</b> {escape(meaning)}</p>")
    parts.append(f"<p><b>Fix type:</b> {escape(fix_label(str(finding.get('fix_type', ''))))}</p>")
    if finding.get("advice"):
        parts.append(f"<p><b>Advice:</b> {escape(str(finding['advice']))}</p>")
    parts.append(_kb_links(finding))
    if rule and rule.source:
        parts.append(f"<p><small>Source: {escape(rule.source)}</small></p>")
    return "".join(parts)


def is_stale(article: Article, max_age_days: int, today: date | None = None) -> bool:
    """Whether core's :func:`stale` flags ``article`` at this age limit."""
    return bool(stale([article], max_age_days, today))


def article_markdown(article: Article, max_age_days: int, today: date | None = None) -> str:
    """The article as Markdown: a facts line (vendor, versions, updated, stale flag) above its body."""
    facts = [f"**Vendor** {article.vendor}"]
    if article.affected:
        facts.append(f"**Affected** `{article.affected}`")
    if article.fixed:
        facts.append(f"**Fixed in** `{article.fixed}`")
    facts.append(f"**Updated** {article.updated.isoformat()}")
    lines = [" · ".join(facts), ""]
    if is_stale(article, max_age_days, today):
        age = ((today or date.today()) - article.updated).days
        lines += [f"> **Stale:** not updated for {age} days (limit {max_age_days}); check it is still true.", ""]
    if article.title_zh:
        lines += [f"*{article.title_zh}*", ""]
    return "\n".join([*lines, article.body])


def checklist_html(item: ChecklistItem) -> str:
    """Question, how to check, the pre-filled answer and the engineer's decision of a checklist item."""
    status = STATUS_LABELS.get(item.decision or item.status, item.status)
    parts = [f"<h3>{escape(item.question)}</h3>",
             f"<p><b>Status:</b> {escape(status)}"
             + (f" (pre-filled: {escape(STATUS_LABELS.get(item.status, item.status))})" if item.decision else "")
             + (f" · {escape(layer_label(item.layer))}" if item.layer else "") + "</p>"]
    if item.how:
        parts.append(f"<p><b>How to check:</b> {escape(item.how)}</p>")
    if item.answer:
        parts.append(f"<p><b>From the bundle:</b> {escape(item.answer)}</p>")
    if item.note:
        parts.append(f"<p><b>Note:</b> {escape(item.note)}</p>")
    return "".join(parts)
