"""Picking a kelurahan/desa from the Kemendagri list: a quick search plus four cascading lists."""

from __future__ import annotations

import itertools
from functools import partial

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from loket.core.indonesia import lokal_adapter
from loket.core.indonesia.lokal_adapter import Region
from loket.i18n import _
from loket.ui.kit.dialogs import hint_label, on_enter
from loket.ui.kit.tasks import TaskRunner

CODE_ROLE = Qt.ItemDataRole.UserRole
MIN_SEARCH_LENGTH = 3
SEARCH_LIMIT = 50
SEARCH_DELAY_MS = 180  # long enough to skip searching on every keystroke, short enough to feel live
PROVINCE, KOTA, KECAMATAN, KELURAHAN = range(4)


def kind_label(region: Region) -> str:
    return _("Desa") if region.kind == "desa" else _("Kelurahan")


def search_label(region: Region) -> str:
    """ "Kaligawe — Gayamsari, Kota Semarang, Jawa Tengah"."""
    rest = region.path.removeprefix(region.name).removeprefix(", ")
    return f"{region.name} — {rest}" if rest else region.name


def find_kelurahan(query: str) -> list[Region]:
    """Kemendagri matches for `query`; extra words narrow by place: "kaligawe semarang"."""
    found = lokal_adapter.search_kelurahan(query, limit=SEARCH_LIMIT)
    words = query.casefold().split()
    if found or len(words) < 2:
        return found
    # The name is searched with its first word; the other words must appear in the path.
    wide = lokal_adapter.search_kelurahan(words[0], limit=5000)
    narrowed = [r for r in wide if all(w in r.path.casefold() for w in words[1:])]
    return narrowed[:SEARCH_LIMIT]


def _parents(region: Region) -> tuple[Region | None, Region | None, Region | None]:
    """The kecamatan, kabupaten/kota and province above a kelurahan."""
    codes = region.code.split(".")
    kecamatan, kota, province = (lokal_adapter.region(".".join(codes[:n])) for n in (3, 2, 1))
    return kecamatan, kota, province


def _district_label(kecamatan: Region | None) -> str:
    """Papua calls its kecamatan "distrik"."""
    return _("Distrik") if kecamatan and kecamatan.kind == "distrik" else _("Kecamatan")


def region_rows(region: Region) -> list[tuple[str, str]]:
    """ "Kelurahan: Kaligawe", "Kecamatan: Gayamsari", … down to the postal code."""
    kecamatan, kota, province = _parents(region)
    return [
        (kind_label(region), region.name),
        (_district_label(kecamatan), kecamatan.name if kecamatan else ""),
        (_("Kabupaten/Kota"), kota.name if kota else ""),
        (_("Provinsi"), province.name if province else ""),
        (_("Kode wilayah"), region.code),
        (_("Kode pos"), region.postal_code or "–"),
    ]


def describe_office(region: Region) -> str:
    """ "Kelurahan Kaligawe, Kecamatan Gayamsari, Kota Semarang"."""
    kecamatan, kota, _province = _parents(region)
    return _("{kind} {name}, {district} {kecamatan}, {kota}").format(
        kind=kind_label(region),
        name=region.name,
        district=_district_label(kecamatan),
        kecamatan=kecamatan.name if kecamatan else "",
        kota=kota.name if kota else "",
    )


def describe_choice(region: Region) -> str:
    """Two lines naming the kelurahan, its parents, its code and postal code."""
    kecamatan, kota, province = _parents(region)
    return _(
        "Terpilih: {kind} {name}, {district} {kecamatan}, {kota}, Provinsi {province}\n"
        "Kode wilayah {code} · Kode pos {postal}"
    ).format(
        kind=kind_label(region),
        name=region.name,
        district=_district_label(kecamatan),
        kecamatan=kecamatan.name if kecamatan else "",
        kota=kota.name if kota else "",
        province=province.name if province else "",
        code=region.code,
        postal=region.postal_code or "–",
    )


def _searchable_combo(placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMaxVisibleItems(15)
    combo.setMinimumContentsLength(28)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    line_edit = combo.lineEdit()
    assert line_edit is not None  # editable combos always have one
    line_edit.setPlaceholderText(placeholder)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    combo.setCompleter(completer)
    return combo


class RegionPicker(QWidget):
    """Type part of a name to find it anywhere, or go province → kota → kecamatan → kelurahan."""

    region_chosen = Signal(str)  # the kelurahan code "33.74.04.1002", or "" when cleared

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._generation = 0  # of the query typed last: older answers are dropped
        self._searching = False
        self._enter_waiting = False  # Enter pressed before the results came
        self._chosen = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari kelurahan/desa…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Cari kelurahan/desa"))
        self.results = QListWidget()
        self.results.setAlternatingRowColors(True)
        self.results.setUniformItemSizes(True)
        self.search_hint = hint_label("")

        self.combos = [
            _searchable_combo(_("Pilih atau ketik nama provinsi")),
            _searchable_combo(_("Pilih atau ketik nama kabupaten/kota")),
            _searchable_combo(_("Pilih atau ketik nama kecamatan")),
            _searchable_combo(_("Pilih atau ketik nama kelurahan/desa")),
        ]
        self.chosen_label = QLabel()
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._build_layout()
        self._fill(self.combos[PROVINCE], lokal_adapter.subregions(None))
        self._show_search_hint()
        self._show_choice()
        self._connect_signals()

    @property
    def province_combo(self) -> QComboBox:
        return self.combos[PROVINCE]

    @property
    def kota_combo(self) -> QComboBox:
        return self.combos[KOTA]

    @property
    def kecamatan_combo(self) -> QComboBox:
        return self.combos[KECAMATAN]

    @property
    def kelurahan_combo(self) -> QComboBox:
        return self.combos[KELURAHAN]

    def selected_code(self) -> str | None:
        code = self.combos[KELURAHAN].currentData(CODE_ROLE)
        return str(code) if code else None

    def selected_region(self) -> Region | None:
        code = self.selected_code()
        return lokal_adapter.region(code) if code else None

    def select(self, code: str) -> None:
        """Fills the four lists for this kelurahan code; an empty code clears the choice."""
        if not code.strip():
            self.combos[PROVINCE].setCurrentIndex(-1)
            return
        found = lokal_adapter.region(code.strip())
        if found is None or found.level != 4:
            raise ValueError(f"not a kelurahan/desa code: {code!r}")
        parts = found.code.split(".")
        for level, combo in enumerate(self.combos):
            index = combo.findData(".".join(parts[: level + 1]), CODE_ROLE)
            if index < 0:
                raise ValueError(f"region list has no {'.'.join(parts[: level + 1])}")
            combo.setCurrentIndex(index)

    def _build_layout(self) -> None:
        search_box = QGroupBox(_("Cari cepat"))
        search_layout = QVBoxLayout(search_box)
        search_layout.setSpacing(6)
        search_layout.addWidget(self.search)
        search_layout.addWidget(self.results)
        search_layout.addWidget(self.search_hint)
        self.results.setFixedHeight(self._row_height() * 5 + 2 * self.results.frameWidth())

        steps_box = QGroupBox(_("Atau pilih bertahap"))
        form = QFormLayout(steps_box)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        labels = (_("Provinsi"), _("Kabupaten/Kota"), _("Kecamatan"), _("Kelurahan/Desa"))
        for label, combo in zip(labels, self.combos, strict=True):
            form.addRow(label, combo)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(search_box)
        layout.addWidget(steps_box)
        layout.addWidget(self.chosen_label)
        layout.addStretch(1)

        chain: list[QWidget] = [self.search, self.results, *self.combos]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(self._search_text_changed)
        self.search.installEventFilter(self)
        on_enter(self.search, self._search_enter)
        on_enter(
            self.results, self._search_enter
        )  # first Enter takes the result, the next moves on
        self.results.itemClicked.connect(self._use_result)
        self.results.itemActivated.connect(self._use_result)
        for level, combo in enumerate(self.combos):
            line_edit = combo.lineEdit()
            assert line_edit is not None
            combo.currentIndexChanged.connect(partial(self._level_changed, level))
            line_edit.editingFinished.connect(partial(self._settle_text, combo))
            on_enter(combo, partial(self._combo_enter, level))

    # --- quick search -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search box walk the results, so the hands stay on the keyboard."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {int(Qt.Key.Key_Down): 1, int(Qt.Key.Key_Up): -1}.get(int(event.key()))
            if step is not None and self.results.count():
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _search_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _run_search(self) -> None:
        """Searches the Kemendagri list on the worker (a wide search takes a few tenths of a
        second); an answer to a query typed over since is dropped."""
        self._timer.stop()
        query = self.search.text().strip()
        self._generation += 1
        generation = self._generation
        self.results.clear()
        if len(query) < MIN_SEARCH_LENGTH:
            self._searching = False
            self._show_search_hint()
            return
        self._searching = True

        def found(regions: list[Region]) -> None:
            if generation != self._generation:
                return
            self._searching = False
            self._show_results(regions)
            if self._enter_waiting:
                self._enter_waiting = False
                self._search_enter()

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self._searching = False
                self.search_hint.setText(
                    _("Pencarian gagal. Ketik ulang, atau pilih bertahap di bawah.")
                )

        self._tasks.run(lambda: find_kelurahan(query), found, failed)

    def _show_results(self, found: list[Region]) -> None:
        row_height = self._row_height()
        for region in found:
            item = QListWidgetItem(search_label(region))
            item.setSizeHint(QSize(0, row_height))
            item.setData(CODE_ROLE, region.code)
            item.setToolTip(
                _("{kind} {name}, kode wilayah {code}").format(
                    kind=kind_label(region), name=region.name, code=region.code
                )
            )
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self._show_search_hint(len(found))

    @property
    def searching(self) -> bool:
        return self._searching or self._timer.isActive()

    def _row_height(self) -> int:
        return self.results.fontMetrics().height() + 10

    def _show_search_hint(self, count: int | None = None) -> None:
        if count is None:
            text = _("Ketik paling sedikit 3 huruf nama kelurahan/desa, misalnya “kaligawe”.")
        elif count == 0:
            text = _(
                "Tidak ditemukan. Periksa ejaan, tambahkan nama kota (“kaligawe semarang”), "
                "atau pilih bertahap di bawah."
            )
        elif count >= SEARCH_LIMIT:
            text = _("Lebih dari {count} hasil; ketik lebih lengkap.").format(count=SEARCH_LIMIT)
        else:
            text = _("↑/↓ untuk memilih, Enter atau klik untuk memakai.")
        self.search_hint.setText(text)

    def _search_enter(self) -> bool:
        if self._timer.isActive():
            self._run_search()
        if self._searching:
            self._enter_waiting = True  # taken when the results come
            return True
        item = self.results.currentItem()
        if item is None or item.data(CODE_ROLE) == self.selected_code():
            return False  # nothing new to take: let Enter move the page on
        self._use_result(item)
        return True

    def _use_result(self, item: QListWidgetItem) -> None:
        self.results.setCurrentItem(item)
        self.select(str(item.data(CODE_ROLE)))

    # --- cascading lists ----------------------------------------------------------------------

    def _fill(self, combo: QComboBox, regions: list[Region]) -> None:
        combo.blockSignals(True)
        combo.clear()
        for region in regions:
            combo.addItem(region.name, region.code)
        combo.setCurrentIndex(-1)
        combo.blockSignals(False)
        combo.setEnabled(bool(regions))

    def _level_changed(self, level: int, _index: int = -1) -> None:
        code = self.combos[level].currentData(CODE_ROLE)
        for lower in range(level + 1, len(self.combos)):
            self._fill(self.combos[lower], [])
        if code and level < KELURAHAN:
            self._fill(self.combos[level + 1], lokal_adapter.subregions(str(code)))
        self._show_choice()

    def _settle_text(self, combo: QComboBox) -> None:
        """Typed text becomes the matching item, or goes back to the chosen one."""
        text = combo.currentText().strip()
        index = combo.currentIndex()
        if index >= 0 and text == combo.itemText(index):
            return
        if text:
            found = combo.findText(text, Qt.MatchFlag.MatchFixedString)
            if found < 0:
                folded = text.casefold()
                hits = [i for i in range(combo.count()) if folded in combo.itemText(i).casefold()]
                found = hits[0] if len(hits) == 1 else -1
            if found >= 0:
                combo.setCurrentIndex(found)
        index = combo.currentIndex()
        combo.setEditText(combo.itemText(index) if index >= 0 else "")

    def _combo_enter(self, level: int) -> bool:
        combo = self.combos[level]
        self._settle_text(combo)
        if level < KELURAHAN and combo.currentIndex() >= 0:
            self.combos[level + 1].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return level < KELURAHAN or combo.currentIndex() < 0

    def _show_choice(self) -> None:
        region = self.selected_region()
        code = region.code if region else ""
        if region is None:
            self.chosen_label.setText(_("Belum ada kelurahan/desa yang dipilih."))
            self.chosen_label.setStyleSheet("")
        else:
            self.chosen_label.setText(describe_choice(region))
            self.chosen_label.setStyleSheet(
                "QLabel { color: #14532d; background: #eaf6ee; border: 1px solid #b7dfc4;"
                " border-radius: 4px; padding: 8px 10px; }"
            )
        if code != self._chosen:
            self._chosen = code
            self.region_chosen.emit(code)
