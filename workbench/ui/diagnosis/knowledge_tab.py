"""The Knowledge tab: search the knowledge base as you type (debounced), results with vendor, affected
and fixed versions and a "stale" badge, and the selected article rendered from its Markdown.

Articles older than the age in the spin box (days, default 365) are stale: core's ``stale`` decides.
An empty search lists every article.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.knowledge import Article, load_kb, search
from workbench.core.text.shorten import one_line
from workbench.ui.diagnosis.look import stale_colours
from workbench.ui.diagnosis.texts import article_markdown, is_stale
from workbench.ui.models.list_table import ListTableModel
from workbench.ui.theme import bold_font
from workbench.ui.widgets.panes import split_panes
from workbench.ui.widgets.tables import list_table

ArticleRole = Qt.ItemDataRole.UserRole + 1
TITLE, VENDOR, AFFECTED, FIXED, UPDATED = range(5)
HEADERS = ("Article", "Vendor", "Affected", "Fixed", "Updated")
DEFAULT_MAX_AGE_DAYS = 365
DEBOUNCE_MS = 250
STALE_BADGE = "stale"

_DISPLAY = Qt.ItemDataRole.DisplayRole


class KbResultsModel(ListTableModel[Article]):
    """Articles found; the Updated cell of a stale one reads "stale · <date>" on the badge colour."""

    headers = HEADERS
    roles = frozenset({_DISPLAY, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
                       Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole})
    item_role = ArticleRole

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.max_age_days = DEFAULT_MAX_AGE_DAYS
        self.today: date | None = None  # None: the real date (tests pin it)

    def set_articles(self, articles: list[Article]) -> None:
        self.set_items(articles)

    def set_max_age(self, days: int) -> None:
        self.max_age_days = days
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, len(HEADERS) - 1))

    def articles(self) -> list[Article]:
        return list(self.items)

    def article_at(self, row: int) -> Article | None:
        return self.item_at(row)

    def row_of(self, article_id: str) -> int:
        return next((r for r, a in enumerate(self.items) if a.id == article_id), -1)

    def is_stale(self, row: int) -> bool:
        article = self.article_at(row)
        return article is not None and is_stale(article, self.max_age_days, self.today)

    def cell(self, article: Article, column: int, role: int) -> object:
        stale = is_stale(article, self.max_age_days, self.today)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            if column != UPDATED or not stale:
                return None
            background, text = stale_colours()
            return background if role == Qt.ItemDataRole.BackgroundRole else text
        if role == Qt.ItemDataRole.FontRole:
            return bold_font() if column == UPDATED and stale else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(article, stale)
        return self._text(article, column, stale)

    def _tooltip(self, article: Article, stale: bool) -> str:
        note = f"\nstale: not updated within {self.max_age_days} days" if stale else ""
        return f"{article.title}\n{article.title_zh}".strip() + f"\n{article.id}{note}"

    @staticmethod
    def _text(article: Article, column: int, stale: bool) -> str:
        if column == TITLE:
            return one_line(article.title, 120)
        if column == VENDOR:
            return article.vendor
        if column == AFFECTED:
            return article.affected or "—"
        if column == FIXED:
            return article.fixed or "—"
        updated = article.updated.isoformat()
        return f"{STALE_BADGE} · {updated}" if stale else updated


class KnowledgeTab(QWidget):
    """Search box, stale age, results table and article view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Search the knowledge base (English or 中文): error code, symptom, SDK…")
        self.query.setClearButtonEnabled(True)
        self.max_age = QSpinBox(self)
        self.max_age.setRange(0, 36500)
        self.max_age.setValue(DEFAULT_MAX_AGE_DAYS)
        self.max_age.setSuffix(" days")
        self.max_age.setToolTip("Articles not updated within this many days are flagged as stale")
        self.model = KbResultsModel(self)
        self.table = self._make_table()
        self.article = QTextBrowser(self)
        self.article.setOpenExternalLinks(True)
        self.summary = QLabel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._build_layout()
        self.query.textChanged.connect(self._on_query_text_changed)
        self._timer.timeout.connect(self.run_search)
        self.max_age.valueChanged.connect(self._on_max_age_value_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.run_search()

    def _make_table(self) -> QTableView:
        table = list_table(self, self.model)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (VENDOR, AFFECTED, FIXED, UPDATED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(QLabel("Stale after", self))
        top.addWidget(self.max_age)
        self.splitter = split_panes(self, Qt.Orientation.Vertical, (self.table, self.article), stretch=(1, 2))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)

    @staticmethod
    def _all_articles() -> list[Article]:
        try:
            return sorted(load_kb(), key=lambda a: (a.vendor, a.title.lower()))
        except WorkbenchError:
            return []

    @Slot()
    def run_search(self) -> None:
        """Search now (typing waits ``DEBOUNCE_MS`` after the last key before this runs)."""
        self._timer.stop()
        text = self.query.text().strip()
        try:
            found = search(text) if text else self._all_articles()
        except WorkbenchError as exc:
            self.summary.setText(f"The knowledge base cannot be read: {exc}")
            found = []
        else:
            self.summary.setText(self._summary(text, found))
        self.model.set_articles(found)
        if found:
            self.table.setCurrentIndex(self.model.index(0, 0))
        else:
            self.article.setMarkdown("")

    def _summary(self, text: str, found: list[Article]) -> str:
        stale = sum(1 for article in found if is_stale(article, self.model.max_age_days, self.model.today))
        what = f"{len(found)} article(s) for “{text}”" if text else f"All {len(found)} articles"
        return f"{what} · {stale} stale" if stale else what

    def show_article(self, article_id: str) -> bool:
        """Select and show the article ``article_id`` (listing every article if the results lack it)."""
        if self.model.row_of(article_id) < 0:
            self.query.blockSignals(True)
            self.query.clear()
            self.query.blockSignals(False)
            self.run_search()
        row = self.model.row_of(article_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def current_article(self) -> Article | None:
        return self.model.article_at(self.table.currentIndex().row())

    def set_today(self, today: date | None) -> None:
        """Pin the date stale ages count from (tests); None is the real date."""
        self.model.today = today
        self._on_max_age_value_changed(self.max_age.value())

    @Slot(str)
    def _on_query_text_changed(self, _text: str) -> None:
        self._timer.start()

    @Slot(int)
    def _on_max_age_value_changed(self, days: int) -> None:
        self.model.set_max_age(days)
        self.summary.setText(self._summary(self.query.text().strip(), self.model.articles()))
        self._render(self.current_article())

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._render(self.current_article())

    def _render(self, article: Article | None) -> None:
        if article is None:
            self.article.setMarkdown("")
            return
        self.article.setMarkdown(article_markdown(article, self.model.max_age_days, self.model.today))
