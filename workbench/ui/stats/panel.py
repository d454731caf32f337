"""``StatsPanel``: a WebRTC stats dump as graphs, an ICE view and an event table, one PeerConnection at a time.

The seam for the main window: ``set_dump(path, dump)`` (dump None: the panel imports ``path``
itself), ``set_cursor(datetime)`` and ``set_x_range(start, end)`` from the log view, and the
``time_clicked`` / ``range_changed`` signals back to it. Deriving the series, the ICE summary and
the findings runs in the panel's own ``stats`` task lane; ``shutdown()`` belongs in the window's
``closeEvent``.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from workbench.core.stats.model import StatsDump
from workbench.ui.stats.events_view import EventsView
from workbench.ui.stats.graphs import StatsGraphs
from workbench.ui.stats.ice_view import IceView
from workbench.ui.stats.view_data import DumpView, build_view, load_view
from workbench.ui.tasks import TaskRunner

COMPUTING_TEXT = "computing…"
NO_DUMP_TEXT = "No stats dump loaded"
GRAPHS_TAB, ICE_TAB, EVENTS_TAB = "Graphs", "ICE", "Events"


class StatsPanel(QWidget):
    """Signals:
        time_clicked(datetime): a plot point or an event was clicked: jump the log view to that second.
        range_changed(datetime, datetime): the graphs' visible time range changed (zoom/pan) and settled.
        loaded(str): the dump at this path is shown (after "computing…").
        failed(str): the dump could not be imported or analysed (the message is shown in the panel too).
    """

    time_clicked = Signal(object)
    range_changed = Signal(object, object)
    loaded = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = ""
        self.view: DumpView | None = None
        self.runner = TaskRunner("stats", self)
        self.pc_picker = QComboBox()
        self.summary_label = QLabel(NO_DUMP_TEXT)
        self.status_label = QLabel()
        self.tabs = QTabWidget()
        self.graphs = StatsGraphs()
        self.ice_view = IceView()
        self.events_view = EventsView()
        self._build()
        self._connect()

    def _build(self) -> None:
        self.pc_picker.setMinimumContentsLength(28)
        self.pc_picker.setToolTip("PeerConnection")
        self.summary_label.setWordWrap(True)
        self.status_label.setEnabled(False)  # greyed: a state, not a message to act on
        top = QHBoxLayout()
        top.addWidget(QLabel("PeerConnection:"))
        top.addWidget(self.pc_picker)
        top.addWidget(self.status_label)
        top.addStretch(1)
        self.tabs.addTab(self.graphs, GRAPHS_TAB)
        self.tabs.addTab(self.ice_view, ICE_TAB)
        self.tabs.addTab(self.events_view, EVENTS_TAB)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.pc_picker.currentIndexChanged.connect(self._on_pc_picker_current_index_changed)
        self.graphs.time_clicked.connect(self.time_clicked)
        self.graphs.range_changed.connect(self.range_changed)
        self.events_view.time_clicked.connect(self.time_clicked)

    # -- public -------------------------------------------------------------------------------

    def set_dump(self, path: str, dump: StatsDump | None) -> None:
        """Show the dump at ``path``: ``dump`` as imported, or None to import ``path`` here.

        ``set_dump("", None)`` empties the panel. The work runs in the ``stats`` lane; the panel says
        "computing…" meanwhile and emits ``loaded`` (or ``failed``) when done.
        """
        self.path = path
        self._show(None)
        if not path and dump is None:
            self.runner.cancel()
            return
        self.status_label.setText(COMPUTING_TEXT)
        self.summary_label.setText(COMPUTING_TEXT)
        self.tabs.setEnabled(False)
        if dump is None:
            self.runner.start(load_view, path)
        else:
            self.runner.start(build_view, path, dump)

    def current_pc(self) -> str:
        """Id of the PeerConnection shown ("" when none)."""
        return str(self.pc_picker.currentData() or "")

    def select_pc(self, pc_id: str) -> None:
        """Show PeerConnection ``pc_id`` (e.g. from a finding); unknown ids are ignored."""
        index = self.pc_picker.findData(pc_id)
        if index >= 0:
            self.pc_picker.setCurrentIndex(index)

    def set_cursor(self, moment: datetime | None) -> None:
        """The log view's current row: a vertical line at ``moment`` on every plot (None: no line)."""
        self.graphs.set_cursor(moment)

    def set_x_range(self, start: datetime, end: datetime) -> None:
        """Zoom the graphs to ``start``–``end`` (e.g. the log's selection); emits no ``range_changed``."""
        self.graphs.set_x_range(start, end)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def shutdown(self) -> None:
        """Stop the stats lane (call from the window's ``closeEvent``)."""
        self.runner.shutdown()

    # -- internals ----------------------------------------------------------------------------

    def _show(self, view: DumpView | None) -> None:
        self.view = view
        self.tabs.setEnabled(True)
        self.status_label.clear()
        self.pc_picker.blockSignals(True)
        self.pc_picker.clear()
        if view is not None:
            for pc_id, pc in view.dump.peer_connections.items():
                self.pc_picker.addItem(f"{pc_id}  {pc.url}".strip(), pc_id)
        self.pc_picker.blockSignals(False)
        self.pc_picker.setEnabled(self.pc_picker.count() > 1)
        self.summary_label.setText(view.summary if view is not None else NO_DUMP_TEXT)
        self.events_view.set_events(view.events if view is not None else [], self.current_pc())
        self._show_pc(self.current_pc())

    def _show_pc(self, pc_id: str) -> None:
        pc = self.view.pcs.get(pc_id) if self.view is not None else None
        self.graphs.set_view(pc)
        self.ice_view.set_ice(pc_id, pc.ice if pc else None, pc.benign_codes if pc else frozenset())
        self.events_view.set_pc(pc_id)

    @Slot(int)
    def _on_pc_picker_current_index_changed(self, _index: int) -> None:
        self._show_pc(self.current_pc())

    @Slot(int, object)
    def _on_runner_finished(self, _gen: int, view: object) -> None:
        assert isinstance(view, DumpView)
        self._show(view)
        self.loaded.emit(view.path)

    @Slot(int, str)
    def _on_runner_failed(self, _gen: int, message: str) -> None:
        self._show(None)
        self.status_label.setText("")
        self.summary_label.setText(f"Cannot show this stats dump: {message}")
        self.failed.emit(message)
