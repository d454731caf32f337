"""The main window driven the way a user drives it: open, drop, scroll, fail, cancel, self-test."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from workbench.core.missing import ask_message
from workbench.core.report import build_report
from workbench.ui.main_window import MainWindow
from workbench.ui.models.file_tree import FileRole
from workbench.ui.models.line_table import TEXT_COLUMN
from workbench.ui.widgets.bundle_panel import NOTHING_MISSING

from .helpers import make_zip

OPEN_TIMEOUT_MS = 15_000


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Bundles extract here, so a test can see exactly which work folders are left behind."""
    root = tmp_path / "work"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def open_and_wait(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Open through the window's own entry point and wait until a file is on screen."""
    with qtbot.waitSignals([window.bundle_opened, window.file_shown], timeout=OPEN_TIMEOUT_MS, order="strict"):
        window.open_path(path)


def first_lines(path: Path, n: int = 1) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [next(handle).rstrip("\r\n") for _ in range(n)]


def test_open_zip_lists_every_file_and_shows_the_first_log(qtbot: QtBot, window: MainWindow,
                                                          sample_zip: Path) -> None:
    with zipfile.ZipFile(sample_zip) as archive:
        names = [i.filename for i in archive.infolist() if not i.is_dir()]
    open_and_wait(qtbot, window, sample_zip)
    bundle = window.bundle
    assert window.tree_model.file_count() == len(names) == len(bundle.files)
    first = bundle.first_log()
    assert window.viewer.current is first
    current = window.tree.currentIndex()
    assert current.data(FileRole) is first  # the tree selection follows the shown file
    model = window.viewer.lines.model
    assert model.rowCount() == first.lines > 0
    with zipfile.ZipFile(sample_zip) as archive:
        head = archive.read(first.path).decode("utf-8").splitlines()[0]
    assert model.index(0, TEXT_COLUMN).data() == head
    status = window.file_label.text()
    assert first.path in status and f"{first.lines:,} lines" in status and first.line_ending in status
    assert window.windowTitle().startswith(sample_zip.name)
    assert window.panel.ask_text == (ask_message(build_report(bundle)["missing_info"]) or NOTHING_MISSING)


def test_selecting_files_shows_lines_or_a_placeholder(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "mixed.zip", {
        "sdk.log": b"".join(b"line %d\n" % i for i in range(50)),
        "notes/readme.txt": b"short\r\nnote\r\n",
        "dump.bin": bytes(range(256)) * 16,
    })
    open_and_wait(qtbot, window, path)
    for file_path, expect_lines in (("notes/readme.txt", 2), ("dump.bin", None)):
        with qtbot.waitSignal(window.file_shown, timeout=OPEN_TIMEOUT_MS):
            window.tree.setCurrentIndex(window.tree_model.index_of_path(file_path))
        if expect_lines is None:
            assert window.viewer.currentWidget() is not window.viewer.lines
            assert "Binary file" in window.viewer._message.text()
            assert window.viewer.lines.model.rowCount() == 0
        else:
            assert window.viewer.currentWidget() is window.viewer.lines
            assert window.viewer.lines.model.rowCount() == expect_lines
            assert "CRLF" in window.file_label.text()


def test_200k_line_log_scrolls_to_the_bottom(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    rows = 200_000
    path = tmp_path / "big.log"
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(f"2024-03-02 09:15:{i % 60:02d}.000 I [main] message number {i}\n" for i in range(rows))
    last = f"2024-03-02 09:15:{(rows - 1) % 60:02d}.000 I [main] message number {rows - 1}"
    open_and_wait(qtbot, window, path)
    table = window.viewer.lines.table
    model = window.viewer.lines.model
    assert model.rowCount() == rows
    started = time.perf_counter()
    table.scrollToBottom()
    qtbot.wait(50)  # let the view repaint at the new position
    assert time.perf_counter() - started < 2.0  # fixed row heights: nothing measures 200k rows
    scroll = table.verticalScrollBar()
    assert scroll.value() == scroll.maximum()
    assert model.index(rows - 1, TEXT_COLUMN).data() == last
    bottom = next(r for y in range(table.viewport().height() - 1, 0, -1) if (r := table.rowAt(y)) >= 0)
    assert bottom >= rows - 2
    table.setCurrentIndex(model.index(rows - 1, TEXT_COLUMN))
    assert window.viewer.lines.detail.toPlainText() == last


def test_open_errors_are_shown_and_keep_the_previous_bundle(qtbot: QtBot, window: MainWindow, sample_zip: Path,
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: shown.append((title, text)))
    open_and_wait(qtbot, window, sample_zip)
    bundle, rows = window.bundle, window.viewer.lines.model.rowCount()
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(b"PK\x03\x04" + b"not really a zip" * 20)
    for bad in (tmp_path / "missing.zip", corrupt):
        with qtbot.waitSignal(window.open_failed, timeout=OPEN_TIMEOUT_MS):
            window.open_path(bad)
        title, text = shown[-1]
        assert title == "Cannot open bundle" and bad.name in text
        assert "Traceback" not in text and "internal error" not in text
    assert len(shown) == 2 and "no such file" in shown[0][1]
    assert window.bundle is bundle and bundle.workdir.exists()
    assert window.viewer.lines.model.rowCount() == rows
    assert window.viewer.lines.model.index(0, TEXT_COLUMN).data()  # the old mapping still reads


def test_cancelled_import_keeps_the_previous_bundle(qtbot: QtBot, window: MainWindow, sample_zip: Path,
                                                    tmp_path: Path, private_tmp: Path) -> None:
    open_and_wait(qtbot, window, sample_zip)
    bundle = window.bundle
    other = make_zip(tmp_path / "other.zip", {f"logs/part{i}.log": b"x\n" * 5000 for i in range(40)})
    with qtbot.waitSignal(window.import_cancelled, timeout=OPEN_TIMEOUT_MS), \
            qtbot.assertNotEmitted(window.bundle_opened):
        window.open_path(other)
        window.importer.dialog.canceled.emit()  # what the dialog's Cancel button emits
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert window.bundle is bundle and window.importer.dialog is None
    assert window.viewer.current is bundle.first_log()
    assert [p.name for p in private_tmp.iterdir()] == [bundle.workdir.name]  # the cancelled one is gone
    window.close()
    assert not bundle.workdir.exists()


def _drop_event(path: Path) -> tuple[QDragEnterEvent, QDropEvent, QMimeData]:
    """The events a drag from a file manager delivers. The caller keeps ``mime`` alive: the events
    only point at it, and a collected QMimeData crashes the receiver."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, buttons, mods)
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, buttons, mods)
    return enter, drop, mime


def test_dropping_a_file_opens_it(qtbot: QtBot, window: MainWindow, sample_zip: Path) -> None:
    enter, drop, _mime = _drop_event(sample_zip)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    with qtbot.waitSignals([window.bundle_opened, window.file_shown], timeout=OPEN_TIMEOUT_MS):
        QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    assert window.bundle.source == sample_zip.resolve()


def test_dropping_a_folder_opens_it(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    (folder / "logs").mkdir(parents=True)
    (folder / "logs" / "app.log").write_text("one\ntwo\nthree\n", encoding="utf-8")
    enter, drop, _mime = _drop_event(folder)
    QApplication.sendEvent(window, enter)  # Qt delivers a drop only after its drag entered
    with qtbot.waitSignal(window.file_shown, timeout=OPEN_TIMEOUT_MS):
        QApplication.sendEvent(window, drop)
    assert window.bundle.input_kind == "dir"
    assert window.viewer.lines.model.rowCount() == 3


def test_text_that_is_not_a_file_is_not_accepted(window: MainWindow) -> None:
    mime = QMimeData()
    mime.setText("just text")
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_self_test_passes_in_a_subprocess(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKBENCH_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-m", "workbench", "--self-test"], capture_output=True, text=True,
                          env=env, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("self-test ok: ") and "lines shown" in done.stdout
    assert "Traceback" not in done.stderr
