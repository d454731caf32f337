"""Reply drafting: Jinja2 templates per language, chosen by case state, redacted before they leave.

    >>> draft = render_draft(case, report, lang="zh_CN")  # doctest: +SKIP
    >>> export_draft(draft, Path("reply.eml"))  # doctest: +SKIP
"""

from workbench.core.replies.context import build_context, default_template, primary_finding
from workbench.core.replies.export import export_draft, to_email, to_markdown
from workbench.core.replies.redaction import redact_draft
from workbench.core.replies.render import LANGS, Draft, render_draft, render_template, template_names

__all__ = ["LANGS", "Draft", "build_context", "default_template", "export_draft", "primary_finding", "redact_draft",
           "render_draft", "render_template", "template_names", "to_email", "to_markdown"]
