"""Render reply drafts from the Jinja2 templates in ``resources/templates/<lang>/<name>.j2``.

A template may set ``subject`` at top level (``{% set subject %}…{% endset %}``); the body is the
rest. Missing values render as ``[name]`` placeholders rather than failing or vanishing, so a draft
for a half-known case is still a useful start. Redaction is applied to the finished text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from workbench.core.cases.model import Case
from workbench.core.cases.policy import SlaPolicy
from workbench.core.errors import WorkbenchError
from workbench.core.replies.context import build_context, default_template
from workbench.core.replies.redaction import Redaction, redact_draft

LANGS = ("en", "zh_CN")


class Placeholder(jinja2.ChainableUndefined):
    """A missing value: renders as ``[name]``, is false in ``{% if %}`` and empty in ``{% for %}``."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"[{self._undefined_name or 'value'}]"


@dataclass
class Draft:
    """A rendered, redacted reply and what the redaction took out (kind, masked preview)."""

    text: str
    redactions: list[Redaction] = field(default_factory=list)
    subject: str = ""
    template: str = ""
    lang: str = "en"


def templates_dir() -> Path:
    """``resources/templates``: one folder per language."""
    from workbench.core.paths import resources_dir

    return resources_dir() / "templates"


def template_names(lang: str = "en") -> list[str]:
    """The templates available in ``lang`` (the same names exist in every language)."""
    return sorted(p.stem for p in (templates_dir() / _check_lang(lang)).glob("*.j2"))


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise WorkbenchError(f"no reply templates in {lang!r}", f"use one of: {', '.join(LANGS)}")
    return lang


def _duration(lang: str) -> Any:
    """A filter: a target ``{"minutes", "business_hours"}`` as words (``8 business hours``, ``30 分钟``)."""
    def render(target: Any) -> str:
        if not isinstance(target, dict) or "minutes" not in target:
            return str(target)
        minutes, business = float(target["minutes"]), bool(target.get("business_hours"))
        if minutes < 60:
            amount = f"{minutes:g}"
            return f"{amount} 分钟" if lang == "zh_CN" else f"{amount} minute{'s' * (minutes != 1)}"
        hours = f"{minutes / 60:g}"
        if lang == "zh_CN":
            return f"{hours} 个工作小时" if business else f"{hours} 小时"
        unit = "business hour" if business else "hour"
        return f"{hours} {unit}{'s' * (minutes != 60)}"
    return render


@cache
def _environment(lang: str, folder: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder / lang), undefined=Placeholder,
                             autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["duration"] = _duration(lang)
    env.filters["cut"] = lambda text, limit=200: text if len(str(text)) <= limit else str(text)[: limit - 1] + "…"
    return env


def render_template(name: str, context: dict[str, Any], lang: str = "en") -> tuple[str, str]:
    """(subject, body) of template ``name`` in ``lang``, unredacted."""
    env = _environment(_check_lang(lang), templates_dir())
    try:
        template = env.get_template(f"{name}.j2")
    except jinja2.TemplateNotFound:
        raise WorkbenchError(f"no reply template {name!r} in {lang}",
                             f"templates: {', '.join(template_names(lang))}") from None
    module = template.make_module(context)
    body = str(module).strip() + "\n"
    return " ".join(str(getattr(module, "subject", "")).split()), _tidy(body)


def _tidy(text: str) -> str:
    """At most one blank line in a row: optional parts of a template leave no holes."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def render_draft(case: Case, report: dict | None, template: str | None = None, lang: str = "en",
                 evidence: list[dict] | None = None, *, policy: SlaPolicy | None = None,
                 keep_user_ids: bool | None = None) -> Draft:
    """A redacted reply draft for ``case``.

    ``report`` is the analyze JSON (findings, missing_info, environment); ``template`` defaults to
    the one that fits the case's state; ``evidence`` is the lines the engineer chose (default: the
    first lines of the main finding). User ids are masked unless the case (or ``keep_user_ids``)
    says to keep them.
    """
    if policy is None:
        from workbench.core.cases.policy import load_policy

        policy = load_policy()
    name = template or default_template(case, report)
    context = build_context(case, report, evidence=evidence, policy=policy, lang=lang)
    subject, body = render_template(name, context, lang)
    keep = bool(case.redaction.get("keep_user_ids")) if keep_user_ids is None else keep_user_ids
    uid = ((report or {}).get("environment") or {}).get("uid")
    uids = [uid.get("value", "") if isinstance(uid, dict) else str(uid)] if uid else []
    text, redactions = redact_draft(body, keep_user_ids=keep, user_ids=uids)
    subject, subject_redactions = redact_draft(subject, keep_user_ids=keep, user_ids=uids)
    redactions += [r for r in subject_redactions if r not in redactions]
    return Draft(text=text, redactions=redactions, subject=subject, template=name, lang=lang)
