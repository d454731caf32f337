"""The stats panel: WebRTC stats dumps as graphs on a shared time axis, an ICE view and an event table.

``StatsPanel`` is what the main window embeds (see ``panel.py`` for its signals and methods).
"""

from workbench.ui.stats.panel import StatsPanel

__all__ = ["StatsPanel"]
