"""Root-cause rules: signatures as data (``resources/rules/*.json``), run vectorised over parsed logs.

    >>> from workbench.core.rules import load_rules, run_rules
    >>> findings = run_rules(bundle, parse_bundle_logs(bundle))  # doctest: +SKIP
"""

from workbench.core.rules.benign import add_benign, benign_rows, local_benign, remove_benign
from workbench.core.rules.engine import bundle_vendors, run_rules
from workbench.core.rules.model import Matcher, Rule, RuleError, load_rules, rules_by_id

__all__ = ["Matcher", "Rule", "RuleError", "add_benign", "benign_rows", "bundle_vendors", "load_rules",
           "local_benign", "remove_benign", "rules_by_id", "run_rules"]
