"""Root-cause checklist: identify & reproduce → root cause by layer → solution → verification.

    >>> items = build_checklist(findings, bundle)  # doctest: +SKIP
    >>> confirm(items, "root.server.auth", "token server used the wrong uid")  # doctest: +SKIP
"""

from workbench.core.checklist.build import (
    annotate,
    attach,
    build_checklist,
    confirm,
    from_json,
    reject,
    to_json,
)
from workbench.core.checklist.model import (
    STATUSES,
    Checklist,
    ChecklistError,
    ChecklistItem,
    Question,
    Step,
    load_checklist,
)

__all__ = ["STATUSES", "Checklist", "ChecklistError", "ChecklistItem", "Question", "Step", "annotate", "attach",
           "build_checklist", "confirm", "from_json", "load_checklist", "reject", "to_json"]
