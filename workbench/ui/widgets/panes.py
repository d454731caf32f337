"""Side-by-side (or stacked) panes the user can resize: the splitters of the windows and panels."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget


def split_panes(parent: QWidget, orientation: Qt.Orientation, panes: Sequence[QWidget], *,
                stretch: Sequence[int] = (), sizes: Sequence[int] = ()) -> QSplitter:
    """A splitter holding ``panes`` in order. ``stretch`` gives each pane's share of a resize (as
    ``QSplitter.setStretchFactor``), ``sizes`` their first sizes in px; either may be left out."""
    splitter = QSplitter(orientation, parent)
    for pane in panes:
        splitter.addWidget(pane)
    for index, factor in enumerate(stretch):
        splitter.setStretchFactor(index, factor)
    if sizes:
        splitter.setSizes(list(sizes))
    return splitter
