"""The reply editor: a template rendered into an editable draft, a live redacted preview, autosave.

A draft starts as a rendered template (``render_draft``: already redacted) in the chosen language.
The engineer edits it; ~2 s after the first unsaved edit, and whenever the editor loses focus, the
text is saved with ``CaseStore.save_draft`` (one committed upsert), so a crash loses at most the
last two seconds of typing. The timer is not restarted by further keystrokes on purpose: steady
typing must not postpone the save forever. The preview shows what would leave the app (copy,
export, "Record as sent"): the edited text redacted again, with the list of what was masked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.core.cases.model import utc_now
from workbench.core.cases.store import CaseFile, CaseStore
from workbench.core.errors import WorkbenchError
from workbench.core.replies import Draft, default_template, export_draft, render_draft
from workbench.ui.cases.drafting import (
    DEFAULT_DRAFT,
    keeps_user_ids,
    redacted,
    redactions_text,
    report_for,
    unique_name,
)
from workbench.ui.cases.reply_form import ReplyForm, ask_export_path

AUTOSAVE_MS = 2000
PREVIEW_MS = 150  # debounce: the preview follows typing without redacting on every key


class ReplyEditor(ReplyForm):
    """Drafts of one case. Signals: ``saved(case_id, name, version)``, ``sent(case_id)`` after a reply
    was recorded, ``copied(text)`` with the redacted text put on the clipboard."""

    saved = Signal(int, str, int)
    sent = Signal(int)
    copied = Signal(str)

    def __init__(self, store: CaseStore, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = utc_now) -> None:
        super().__init__(parent)
        self.store = store
        self.now = now
        self.case_file: CaseFile | None = None
        self.report: dict = {}
        self.name = DEFAULT_DRAFT
        self.dirty = False
        self._loading = False
        self._rendered = ""  # the text of the last render: an editor holding it was not edited
        self._subject = ""
        self._render_redactions: list = []
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._connect()

    def _connect(self) -> None:
        self.autosave_timer.timeout.connect(self.save)
        self.preview_timer.timeout.connect(self.update_preview)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.installEventFilter(self)
        self.template_combo.activated.connect(self._on_template_combo_activated)
        self.lang_combo.activated.connect(self._on_lang_combo_activated)
        self.draft_combo.activated.connect(self._on_draft_combo_activated)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.keep_uids.toggled.connect(self._on_keep_uids_toggled)
        self.copy_button.clicked.connect(self.copy)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.send_button.clicked.connect(self._on_send_button_clicked)

    # -- loading -------------------------------------------------------------------------------

    @property
    def case_id(self) -> int:
        return self.case_file.case.id if self.case_file else 0

    def load(self, case_file: CaseFile) -> None:
        """Show the drafts of ``case_file``: the latest saved one, else a fresh default draft."""
        self.save()
        self.case_file, self.report = case_file, report_for(case_file)
        self._loading = True
        self.keep_uids.setChecked(keeps_user_ids(case_file.case))
        self._loading = False
        self.set_enabled(True)
        drafts = case_file.drafts
        if drafts:
            latest = max(drafts.values(), key=lambda d: (d.updated or self.now(), d.version))
            self.open_draft(latest.name)
        else:
            self.start_draft(DEFAULT_DRAFT)

    def update_case(self, case_file: CaseFile) -> None:
        """The case changed (status, priority, documents): later renders use it; the text stays."""
        self.case_file, self.report = case_file, report_for(case_file)

    def open_draft(self, name: str) -> None:
        """Load the saved draft ``name`` (its template and language come back with it)."""
        assert self.case_file is not None
        saved = self.store.drafts(self.case_id).get(name)
        if saved is None:
            return
        self.name = name
        self.select_template(saved.template or self._default_template(), saved.lang)
        self._render(replace_text=False)
        self._set_text(saved.text)
        self._show_state(f"Saved draft, version {saved.version}")

    def start_draft(self, name: str) -> None:
        """A new draft ``name`` from the template that fits the case (saved once it is edited)."""
        self.name = name
        self.select_template(self._default_template(), self.lang_combo.currentData() or "en")
        self._render(replace_text=True)
        self._show_state("New draft (saved once you edit it)")

    def _default_template(self) -> str:
        assert self.case_file is not None
        return default_template(self.case_file.case, self.report)

    def _render(self, *, replace_text: bool) -> None:
        assert self.case_file is not None
        try:
            draft = render_draft(self.case_file.case, self.report, self.template_combo.currentData(),
                                 self.lang_combo.currentData())
        except WorkbenchError as exc:
            draft = Draft(text="", subject="")
            self._show_state(f"Cannot render the template: {exc}")
        self._subject, self._render_redactions, self._rendered = draft.subject, draft.redactions, draft.text
        self.shown_template, self.shown_lang = self.template_combo.currentData(), self.lang_combo.currentData()
        if replace_text:
            self._set_text(draft.text)
        self.fill_drafts(sorted({*self.store.drafts(self.case_id), self.name}), self.name)

    def _set_text(self, text: str) -> None:
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        self.dirty = False
        self.autosave_timer.stop()
        self.update_preview()

    # -- editing and saving --------------------------------------------------------------------

    @Slot()
    def _on_editor_text_changed(self) -> None:
        if self._loading or self.case_file is None:
            return
        self.dirty = True
        if not self.autosave_timer.isActive():  # not restarted by later keys: see the module docstring
            self.autosave_timer.start()
        self.preview_timer.start()
        self._show_state("Edited — autosaving…")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.save()
        return super().eventFilter(watched, event)

    @Slot()
    def save(self) -> int:
        """Save the draft now if it has unsaved edits; returns the saved version (0: nothing to save)."""
        self.autosave_timer.stop()
        if not self.dirty or self.case_file is None:
            return 0
        version = self.store.save_draft(self.case_id, self.name, self.editor.toPlainText(),
                                        lang=self.lang_combo.currentData(), template=self.template_combo.currentData())
        self.dirty = False
        self.fill_drafts(sorted({*self.store.drafts(self.case_id), self.name}), self.name)
        self._show_state(f"Saved {self.now().astimezone():%H:%M:%S}, version {version}")
        self.saved.emit(self.case_id, self.name, version)
        return version

    def _replace_allowed(self) -> bool:
        """Whether re-rendering may replace the text: unedited, or the engineer agrees to lose the edits."""
        if self.editor.toPlainText() == self._rendered:
            return True
        answer = QMessageBox.question(self, "Replace the draft?",
                                      "Your edits to this draft will be replaced by the template. Continue?")
        return answer == QMessageBox.StandardButton.Yes

    def _rerender(self, previous: tuple[str, str]) -> None:
        """Template or language changed: render again (or undo the choice when the edits must stay)."""
        if self.case_file is None:
            return
        if not self._replace_allowed():
            self.select_template(*previous)
            return
        was_saved = self.name in self.store.drafts(self.case_id)
        self._render(replace_text=True)
        if was_saved:  # the stored draft follows the new template/language at once
            self.dirty = True
            self.save()

    @Slot(int)
    def _on_template_combo_activated(self, _index: int) -> None:
        self._rerender((self.shown_template, self.lang_combo.currentData()))

    @Slot(int)
    def _on_lang_combo_activated(self, _index: int) -> None:
        self._rerender((self.template_combo.currentData(), self.shown_lang))

    def set_language(self, lang: str) -> None:
        """Switch the language as the combo box does (re-renders the draft)."""
        index = self.lang_combo.findData(lang)
        if index >= 0 and lang != self.lang_combo.currentData():
            self.lang_combo.setCurrentIndex(index)
            self._on_lang_combo_activated(index)

    @Slot(int)
    def _on_draft_combo_activated(self, _index: int) -> None:
        name = self.draft_combo.currentData()
        if name and name != self.name:
            self.save()
            if name in self.store.drafts(self.case_id):
                self.open_draft(name)

    @Slot()
    def _on_new_button_clicked(self) -> None:
        if self.case_file is not None:
            self.save()
            self.start_draft(unique_name(sorted({*self.store.drafts(self.case_id), self.name})))

    @Slot(bool)
    def _on_keep_uids_toggled(self, keep: bool) -> None:
        if self._loading or self.case_file is None:
            return
        self.case_file.case = self.store.set_redaction(self.case_id, keep_user_ids=keep)
        if self.editor.toPlainText() == self._rendered:
            self._render(replace_text=True)
        self.update_preview()

    # -- what leaves the app -------------------------------------------------------------------

    def outgoing(self) -> Draft:
        """The draft as it may leave the app: the edited text redacted, and the list of what was masked."""
        if self.case_file is None:
            return Draft(text="")
        return redacted(self.editor.toPlainText(), self._subject, self.case_file.case, self.report,
                        self._render_redactions, template=self.template_combo.currentData() or "",
                        lang=self.lang_combo.currentData() or "en")

    @Slot()
    def update_preview(self) -> Draft:
        """Show (and return) what would leave the app now."""
        self.preview_timer.stop()
        draft = self.outgoing()
        self.show_preview(draft.subject, draft.text, redactions_text(draft.redactions))
        return draft

    @Slot()
    def copy(self) -> str:
        """Put the redacted text on the clipboard (and return it); the preview shows the same text."""
        text = self.update_preview().text
        QGuiApplication.clipboard().setText(text)
        self._show_state("Copied the redacted text to the clipboard")
        self.copied.emit(text)
        return text

    def export(self, path: Path) -> Path | None:
        """Write the redacted draft to ``path`` (.md or .eml); a failure is shown in a box."""
        try:
            written = export_draft(self.update_preview(), path)
        except WorkbenchError as exc:
            QMessageBox.warning(self, "Cannot export the reply", str(exc))
            return None
        self._show_state(f"Exported to {written}")
        return written

    @Slot()
    def _on_export_button_clicked(self) -> None:
        if self.case_file is None:
            return
        path = ask_export_path(self, f"case-{self.case_id}-{self.template_combo.currentData()}")
        if path is not None:
            self.export(path)

    def record_sent(self) -> bool:
        """Record the redacted text as a public reply now (stops the response clock); the draft is dropped."""
        if self.case_file is None or not self.editor.toPlainText().strip():
            return False
        draft = self.update_preview()
        self.store.add_event(self.case_id, "public_reply", at=self.now(), text=draft.text,
                             data={"draft": self.name, "template": draft.template, "lang": draft.lang})
        self.store.delete_draft(self.case_id, self.name)
        self.dirty = False
        self.autosave_timer.stop()
        self.sent.emit(self.case_id)
        return True

    @Slot()
    def _on_send_button_clicked(self) -> None:
        answer = QMessageBox.question(self, "Record as sent",
                                      "Record this reply (as redacted in the preview) as sent to the customer? "
                                      "It stops the response clock.")
        if answer == QMessageBox.StandardButton.Yes:
            self.record_sent()

    def _show_state(self, text: str) -> None:
        self.state_label.setText(text)
