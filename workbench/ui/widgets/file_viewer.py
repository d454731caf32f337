"""Right-hand side of the window: the selected file's lines, its image, or why it is not shown.

Text files are indexed in the *index* lane (off the GUI thread); picking another file cancels the
indexing of the previous one, and a late index is closed by the lane instead of being shown. Once
the bundle's logs are parsed, a log is shown in columns by the ``LogView`` page instead (one file,
or the merged timeline of all of them).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QWidget

from workbench.core.bundle import Bundle, BundleFile
from workbench.core.bundle.archives import container_type
from workbench.core.logs.view import LogRows
from workbench.core.text import LineIndex, sniff_text
from workbench.ui.models.file_tree import human_size
from workbench.ui.tasks import TaskRunner
from workbench.ui.widgets.line_view import LineView
from workbench.ui.widgets.log_view import LogView

_MAX_IMAGE_PX = 1600  # bigger screenshots are scaled down once, not on every paint
_WELCOME = ("Open a customer bundle with File ▸ Open bundle… (Ctrl+O), or drop a .zip, .tar.gz, "
            "folder or log file on this window.")


def placeholder_text(item: BundleFile) -> str:
    """Why ``item`` is not shown as lines, and what to do about it."""
    size = human_size(item.size)
    if item.kind == "encrypted":
        return ("This file is encrypted inside the archive, so it cannot be read.\n\n"
                "Ask the customer for an export without a password.")
    if item.kind == "archive":
        why = "; ".join(item.warnings) or "it could not be opened"
        return f"Archive not opened ({size}): {why}."
    if item.kind == "screenshot":
        return f"Screenshot ({size}): the image could not be decoded."
    if item.local is None:
        return "This file's content could not be taken from the bundle."
    return (f"Binary file ({size}): listed, but not shown as text.\n\n"
            "Logs that arrive as binary are often encrypted or compressed SDK logs: ask the customer for "
            "the plain-text log or use the vendor's decoder.")


PREVIEW_BYTES = 1024 * 1024


class FileViewer(QStackedWidget):
    """Shows one file of the open bundle.

    Signals:
        shown(path): the file's lines, image or placeholder are on screen.
        failed(path, message): indexing the file failed (the message is meant for the user).
    """

    shown = Signal(str)
    failed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner("index", self)
        self.lines = LineView(self)
        self.log = LogView(self)
        self._message = QLabel(self)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setMargin(40)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._image = QLabel(self)
        self._image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroller = QScrollArea(self)
        scroller.setWidget(self._image)
        scroller.setWidgetResizable(True)
        for page in (self.lines, self.log, self._message, scroller):
            self.addWidget(page)
        self._scroller = scroller
        self._pending: BundleFile | None = None
        self.current: BundleFile | None = None
        self.runner.finished.connect(self._on_index_finished)
        self.runner.failed.connect(self._on_index_failed)
        self.clear()

    def clear(self, message: str = _WELCOME) -> None:
        """Show nothing (before a bundle, or before closing the bundle whose file is shown)."""
        self.runner.cancel()
        self._pending = self.current = None
        self.lines.model.set_index(None)
        self.log.set_base(None)
        self._show_message(message)

    def show_file(self, bundle: Bundle, item: BundleFile) -> None:
        """Show ``item`` of ``bundle``: index it in the background when it is text."""
        self.lines.model.set_index(None)  # the old file's mapping is not needed any more
        if not item.is_text:
            self.runner.cancel()
            self._pending, self.current = None, item
            self._show_binary(item)
            self.shown.emit(item.path)
            return
        self._pending = item
        self._show_message(f"Indexing {item.path} …")
        self.runner.start(bundle.open_index, item)

    def preview_head(self, path: Path) -> bool:
        """Show the first megabyte of a lone log file at once, while its import runs (a 1 GB log
        takes seconds to checksum, index and sniff). False when ``path`` is not plain text."""
        try:
            if not path.is_file() or container_type(path):
                return False
            info = sniff_text(path)
            if info.binary or info.encoding is None or not info.encoding.byte_compatible:
                return False
            index = LineIndex.build(path, codec=info.encoding.codec, separator=info.separator,
                                    head_bytes=PREVIEW_BYTES)
        except OSError:
            return False
        self.lines.model.set_index(index)
        self.lines.scroll_to_line(0)
        self.setCurrentWidget(self.lines)
        return True

    def show_rows(self, rows: LogRows, item: BundleFile | None, keep: tuple[str, int] | None = None) -> None:
        """Show parsed ``rows`` in columns (``item``: the file they belong to, None for the merged
        view); ``keep`` is the (path, 0-based line) to stay on."""
        if self.runner.busy:
            self.runner.cancel()
            self._pending = None
        if item is not None:
            self.current = item
        self.setCurrentWidget(self.log)  # first: the status the view reports is then the window's
        self.log.set_base(rows, keep)

    @property
    def showing_log(self) -> bool:
        return self.currentWidget() is self.log

    def shutdown(self) -> None:
        """Stop the lanes and release the shown index (window close)."""
        self.runner.shutdown()
        self.log.shutdown()
        self.log.set_base(None)
        self.lines.model.close()

    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        self.setCurrentWidget(self._message)

    def _show_binary(self, item: BundleFile) -> None:
        pixmap = QPixmap(str(item.local)) if item.kind == "screenshot" and item.local else QPixmap()
        if pixmap.isNull():
            self._show_message(placeholder_text(item))
            return
        if max(pixmap.width(), pixmap.height()) > _MAX_IMAGE_PX:
            pixmap = pixmap.scaled(_MAX_IMAGE_PX, _MAX_IMAGE_PX, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self._image.setPixmap(pixmap)
        self._image.setToolTip(f"{item.path} · {pixmap.width()}×{pixmap.height()} · {human_size(item.size)}")
        self.setCurrentWidget(self._scroller)

    @Slot(int, object)
    def _on_index_finished(self, _gen: int, index: object) -> None:
        item, self._pending = self._pending, None
        self.current = item
        self.lines.model.set_index(index)
        self.lines.scroll_to_line(0)  # a current line from the start: the detail pane is never blank
        self.setCurrentWidget(self.lines)
        if item is not None:
            self.shown.emit(item.path)

    @Slot(int, str)
    def _on_index_failed(self, _gen: int, message: str) -> None:
        item, self._pending = self._pending, None
        path = item.path if item is not None else ""
        self._show_message(f"Could not show {path}:\n{message}")
        self.failed.emit(path, message)
