"""Safe bundle intake: extraction under limits, manifest, device/environment facts."""

from workbench.core.bundle.intake import ENCRYPTED, open_bundle
from workbench.core.bundle.limits import Limits
from workbench.core.bundle.model import KINDS, Bundle, BundleFile, Fact

__all__ = ["ENCRYPTED", "KINDS", "Bundle", "BundleFile", "Fact", "Limits", "open_bundle"]
