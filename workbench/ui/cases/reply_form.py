"""The widgets of the reply editor, laid out; ``ReplyEditor`` adds the behaviour."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.replies import LANGS, template_names
from workbench.ui.widgets.panes import split_panes

LANG_LABELS = {"en": "English", "zh_CN": "简体中文 (zh_CN)"}
_EXPORT_FILTERS = {"Markdown (*.md)": ".md", "E-mail (*.eml)": ".eml"}


def template_label(name: str) -> str:
    """``root_cause`` → ``Root cause``."""
    return name.replace("_", " ").capitalize()


def ask_export_path(parent: QWidget, stem: str) -> Path | None:
    """Ask where to export; the suffix follows the chosen filter when the name has none."""
    path, chosen = QFileDialog.getSaveFileName(parent, "Export reply", f"{stem}.md", ";;".join(_EXPORT_FILTERS))
    if not path:
        return None
    result = Path(path)
    if result.suffix.lower() not in (".md", ".eml"):
        result = result.with_name(result.name + _EXPORT_FILTERS.get(chosen, ".md"))
    return result


class ReplyForm(QWidget):
    """Draft picker, template and language, keep-user-ids, editor, preview, and the action buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown_template = ""
        self.shown_lang = "en"
        self.draft_combo = QComboBox(self)
        self.draft_combo.setMinimumContentsLength(10)
        self.draft_combo.setToolTip("Saved drafts of this case")
        self.new_button = QPushButton("New draft", self)
        self.template_combo = QComboBox(self)
        for name in template_names("en"):
            self.template_combo.addItem(template_label(name), name)
        self.lang_combo = QComboBox(self)
        for lang in LANGS:
            self.lang_combo.addItem(LANG_LABELS.get(lang, lang), lang)
        self.keep_uids = QCheckBox("Keep user ids", self)
        self.keep_uids.setToolTip("Per-case override: leave user ids readable in replies of this case")
        self.subject_label = QLabel(self)
        self.subject_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText("The reply to the customer")
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.redacted_label = QLabel(self)
        self.redacted_label.setWordWrap(True)
        self.state_label = QLabel(self)
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setToolTip("Copy the redacted text to the clipboard")
        self.export_button = QPushButton("Export…", self)
        self.send_button = QPushButton("Record as sent", self)
        self.send_button.setToolTip("Add a public reply with this text to the timeline (stops the response clock)")
        self._build_layout()
        self.set_enabled(False)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        for label, widget in (("Draft", self.draft_combo), (None, self.new_button), ("Template", self.template_combo),
                              ("Language", self.lang_combo), (None, self.keep_uids)):
            if label:
                top.addSpacing(8)
                top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        top.addStretch(1)
        split = split_panes(self, Qt.Orientation.Horizontal,
                            (self._group("Draft (you edit this)", self.editor),
                             self._group("Preview: what leaves the app (redacted)", self.preview, self.redacted_label)),
                            sizes=(500, 500))
        bottom = QHBoxLayout()
        bottom.addWidget(self.state_label, 1)
        for button in (self.copy_button, self.export_button, self.send_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subject_label)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    def _group(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        for widget in widgets:
            layout.addWidget(widget, 1 if isinstance(widget, QPlainTextEdit) else 0)
        return box

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.draft_combo, self.new_button, self.template_combo, self.lang_combo, self.keep_uids,
                       self.editor, self.copy_button, self.export_button, self.send_button):
            widget.setEnabled(enabled)

    def select_template(self, template: str, lang: str) -> None:
        """Show ``template`` and ``lang`` in the combo boxes (no signals: the caller renders)."""
        for combo, value in ((self.template_combo, template), (self.lang_combo, lang)):
            index = combo.findData(value)
            if index >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
        self.shown_template = self.template_combo.currentData()
        self.shown_lang = self.lang_combo.currentData()

    def fill_drafts(self, names: list[str], current: str) -> None:
        self.draft_combo.blockSignals(True)
        self.draft_combo.clear()
        for name in names:
            self.draft_combo.addItem(name, name)
        self.draft_combo.setCurrentIndex(max(0, self.draft_combo.findData(current)))
        self.draft_combo.blockSignals(False)

    def show_preview(self, subject: str, text: str, redactions: str) -> None:
        self.subject_label.setText(f"<b>Subject:</b> {_escape(subject)}" if subject else "")
        self.preview.setPlainText(text)
        self.redacted_label.setText(redactions)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
