"""Diagnosis panels beside the log view: findings by layer, the root-cause checklist, the knowledge base.

    from workbench.ui.diagnosis import DiagnosisPanel, analysis_runner

See ``panel.py`` for the seam (``set_analysis``, ``set_marks`` and the signals) and ``runner.py`` for
running ``analyze`` in a task lane.
"""

from workbench.ui.diagnosis.panel import DiagnosisPanel
from workbench.ui.diagnosis.runner import analysis_runner

__all__ = ["DiagnosisPanel", "analysis_runner"]
