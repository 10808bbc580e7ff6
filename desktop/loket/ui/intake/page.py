"""Penerimaan kiriman: scan every card of a batch and see at once what each scan meant."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from loket.core.cards import CardInfo
from loket.core.indonesia import writing
from loket.core.intake import batches as intake_batches
from loket.core.intake import following, scanning
from loket.core.intake.batches import BatchCounts, BatchInfo, BatchView
from loket.core.intake.following import BatchNews, FollowedView
from loket.core.intake.scanning import ScanOutcome
from loket.core.intake.words import answer_for
from loket.domain.states import ScanOutcomeKind
from loket.i18n import _
from loket.ui.intake.cards_model import BatchCardsModel
from loket.ui.kit.backups import back_up_after_closing
from loket.ui.kit.context import DeskContext
from loket.ui.kit.dialogs import ask
from loket.ui.kit.following import Follower
from loket.ui.kit.scanner import ScanEvent, ScanField, ScanSource
from loket.ui.kit.widgets import CountTile, key_button, list_table

log = logging.getLogger(__name__)

#: The page shown again: a first look at other desks' work this soon.
SHOWN_AGAIN_LOOK_MS = 100


class IntakePage(QWidget):
    batch_changed = Signal(object)  # BatchInfo | None

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._batch: BatchInfo | None = None
        self._last_extra: CardInfo | None = None
        self._loading = 0  # batch reads under way; scans wait for them in `_held`
        self._held: list[ScanEvent] = []
        self._mark = 0  # the batch's newest scan on screen: other desks' later ones are news
        self._build()
        self._follower = Follower(self, context, self._ask_news, self._show_news)
        self._connect_signals()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)

        self.expected = CountTile(_("Menurut daftar"), self)
        self.received = CountTile(_("Diterima"), self)
        self.missing = CountTile(_("Belum diterima"), self)
        self.extra = CountTile(_("Tidak ada di daftar"), self)
        counts = QHBoxLayout()
        for tile in (self.expected, self.received, self.missing, self.extra):
            counts.addWidget(tile)

        self.scan_field = ScanField(self)
        self.scan_field.setAccessibleName(_("Kolom pindai"))

        self.model = BatchCardsModel()
        # Widths fixed from the text they hold: a table that measures its rows at every scan
        # asks for 800 cells each time (bench/scan_window.py).
        sample = self.fontMetrics().horizontalAdvance
        widths = tuple(
            sample(text) + 28 if text else 0
            for text in ("00000", "0000000000000000", "", "000/000", _("Belum diterima"), "")
        )
        self.table = list_table(self, self.model, widths=widths)
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.new_button = key_button(self, "F6", _("Kiriman baru"), self.new_batch)
        self.keep_button = key_button(self, "F7", _("Simpan tambahan"), self.keep_extra)
        self.aside_button = key_button(self, "F8", _("Sisihkan tambahan"), self.set_aside)
        self.edit_button = key_button(self, "F4", _("Isi nama kartu"), self.edit_card)
        self.switch_button = key_button(self, "F11", _("Pilih kiriman"), self.choose_batch)
        self.label_button = key_button(self, "Ctrl+L", _("Cetak label"), self.print_labels)
        self.close_button = key_button(
            self, "F10", _("Tutup kiriman"), self.close_batch, primary=True
        )
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.switch_button,
            self.edit_button,
            self.keep_button,
            self.aside_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        self.empty_hint = QLabel(
            _(
                "Belum ada kiriman yang sedang diterima. Tekan F6 untuk mencatat kiriman baru "
                "dari kecamatan (nomor surat pengantar, tanggal, dan daftar bila ada)."
            ),
            self,
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("font-size: 14pt; color: #52606d; padding: 40px;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title_row = QHBoxLayout()  # the label button beside the batch it prints for
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.label_button)
        layout.addLayout(title_row)
        layout.addWidget(self.subtitle)
        layout.addLayout(counts)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.table.doubleClicked.connect(lambda _index: self.edit_card())

    # ------------------------------------------------------------ showing a batch

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.focus_scan_field()
        self._follower.shown(first_look_ms=SHOWN_AGAIN_LOOK_MS)

    def hideEvent(self, event: object) -> None:
        super().hideEvent(event)  # type: ignore[arg-type]
        self._follower.hidden()

    def focus_scan_field(self) -> None:
        self.scan_field.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def loading(self) -> bool:
        """A batch is being read on the worker (scans wait for it)."""
        return self._loading > 0

    def load_latest_open_batch(self) -> None:
        """After a start or restart: carry on with the batch that was being received."""
        database = self._context.database
        self._load(
            lambda: following.followed_view(database, None),
            _("Kiriman yang sedang diterima belum bisa dimuat"),
        )

    def load_batch(self, batch_id: int) -> None:
        database = self._context.database
        self._load(
            lambda: following.followed_view(database, batch_id), _("Kiriman belum bisa dimuat")
        )

    def _load(self, read: Callable[[], FollowedView | None], title: str) -> None:
        """Reads a batch and its cards on the worker; scans that come meanwhile wait for it."""
        self._loading += 1

        def loaded(followed: FollowedView | None) -> None:
            self._loading -= 1
            self._mark = followed.mark if followed is not None else 0
            self.show_batch(followed.view if followed is not None else None)

        def refused(message: str) -> None:
            self._loading -= 1
            self._context.feedback.error(title, message)
            self._take_held_scans()

        self._context.run(read, loaded, refused=refused, working=_("Memuat kiriman…"))

    def show_batch(self, view: BatchView | None) -> None:
        batch = view.batch if view is not None else None
        self._batch = batch
        self._last_extra = None
        has_batch = batch is not None
        self.table.setVisible(has_batch)
        self.empty_hint.setVisible(not has_batch)
        for button in (
            self.close_button,
            self.edit_button,
            self.keep_button,
            self.aside_button,
            self.label_button,
        ):
            button.setEnabled(has_batch)
        if view is None:
            self.title.setText(_("Penerimaan kiriman"))
            self.subtitle.setText("")
            self.model.show_cards([], True)
            self._show_counts(BatchCounts(0, 0, 0, 0, 0))
        else:
            self.title.setText(
                _("Penerimaan kiriman {reference}").format(reference=view.batch.reference)
            )
            self.subtitle.setText(self._describe(view.batch))
            self.model.show_cards(list(view.cards), view.batch.has_manifest)
            self._show_counts(view.batch.counts)
        self.batch_changed.emit(batch)
        self.focus_scan_field()
        self._take_held_scans()

    def _describe(self, batch: BatchInfo) -> str:
        parts = [
            _("Surat pengantar tanggal {date}").format(date=writing.long_date(batch.letter_date))
        ]
        if batch.courier_name:
            parts.append(_("diantar oleh {name}").format(name=batch.courier_name))
        if batch.has_manifest:
            parts.append(_("daftar: {file}").format(file=batch.manifest_filename))
        else:
            parts.append(_("tanpa daftar: setiap kartu yang dipindai masuk daftar"))
        return " · ".join(parts)

    def _show_counts(self, counts: BatchCounts) -> None:
        has_list = self._batch is None or self._batch.has_manifest
        self.expected.setVisible(has_list)
        self.missing.setVisible(has_list)
        self.extra.setVisible(has_list)
        self.expected.set_value(counts.expected)
        self.received.set_value(counts.received)
        self.missing.set_value(counts.missing)
        aside = (
            _(" ({count} disisihkan)").format(count=counts.set_aside) if counts.set_aside else ""
        )
        self.extra.set_value(counts.extra, aside)

    @property
    def batch(self) -> BatchInfo | None:
        return self._batch

    # ------------------------------------------------------------ other desks

    def _ask_news(self) -> Callable[[], BatchNews] | None:
        """The read of what other desks did to this batch, unless the page is between batches."""
        if self._batch is None or self._loading or self._held:
            return None
        database, batch_id, mark = self._context.database, self._batch.id, self._mark
        has_manifest = self._batch.has_manifest
        return lambda: following.batch_news(database, batch_id, has_manifest, mark)

    def _show_news(self, news: BatchNews) -> None:
        batch = self._batch
        if batch is None or news.batch_id != batch.id or self._loading:
            return  # the page has moved on to another batch meanwhile
        if not news.still_open:
            self._context.feedback.warning(
                _("Kiriman {reference} sudah ditutup di loket lain").format(
                    reference=batch.reference
                ),
                _(
                    "Kartu tidak bisa lagi dicatat ke kiriman ini. Tekan F11 untuk memilih kiriman "
                    "lain, atau F6 untuk mencatat kiriman baru."
                ),
            )
            self.load_latest_open_batch()
            return
        if news.too_many:
            self.load_batch(batch.id)
            return
        self._show_counts(news.counts)
        for card in news.cards:
            if self.model.at(self.model.row_of(card.id)) != card:  # this desk's own: as shown
                self.model.upsert(card)
        self._mark = max(self._mark, news.mark)

    # ------------------------------------------------------------ scans

    def handle_scan(self, event: ScanEvent) -> None:
        feedback = self._context.feedback
        if self._loading:
            self._held.append(event)  # answered as soon as the batch is on screen
            return
        if self._batch is None:
            feedback.error(
                _("Kartu belum dicatat: belum ada kiriman"),
                _("Tekan F6 untuk mencatat kiriman baru, lalu pindai kartu ini lagi."),
            )
            return
        context = self._context
        batch_id = self._batch.id
        typed = event.source is ScanSource.TYPED
        context.run(
            lambda: scanning.receive_scan(
                context.database, context.staff, batch_id, event.text, typed=typed
            ),
            self._scan_done,
            title=_("Tidak bisa dicatat"),
            bug=_(
                "Kartu terakhir mungkin belum tercatat. Pindai ulang kartunya; bila terulang, "
                "hubungi admin (lihat berkas log)."
            ),
            then=self.focus_scan_field,
            unrecorded=event.text,  # named on the banner if the server is gone
        )

    def _take_held_scans(self) -> None:
        held, self._held = self._held, []
        for event in held:
            self.handle_scan(event)

    def _scan_done(self, outcome: ScanOutcome) -> None:
        answer = answer_for(outcome, self._context.office.zone)
        log.info("scan acknowledged: %s %s", outcome.kind.value, outcome.nik or "-")
        self._context.feedback.answer(answer.severity, answer.title, answer.detail)
        if self._batch is None:
            return
        self._follower.postpone()  # these counts are as fresh as a look would give
        self._show_counts(outcome.counts)
        if outcome.card is not None and outcome.card.batch_id == self._batch.id:
            row = self.model.upsert(outcome.card)
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        if outcome.kind is ScanOutcomeKind.EXTRA:
            self._last_extra = outcome.card
        self.focus_scan_field()

    # ------------------------------------------------------------ actions

    def _selected_card(self) -> CardInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.card_at(rows[0].row()) if rows else None

    def _extra_target(self) -> CardInfo | None:
        selected = self._selected_card()
        if selected is not None and not selected.on_manifest:
            return selected
        return self._last_extra

    def set_aside(self, aside: bool = True) -> None:
        card = self._extra_target()
        if card is None or self._batch is None or not self._batch.has_manifest:
            self._context.feedback.warning(
                _("Tidak ada kartu tambahan yang dipilih"),
                _("Pindai kartu yang tidak ada di daftar, atau pilih barisnya di tabel."),
            )
            self.focus_scan_field()
            return
        context, batch_id = self._context, self._batch.id

        def task() -> tuple[CardInfo, BatchInfo]:
            updated = scanning.set_aside(context.database, context.staff, card.id, aside)
            return updated, intake_batches.get_batch(context.database, batch_id)

        context.run(
            task,
            lambda done: self._set_aside_done(*done, aside),
            title=_("Tidak bisa dicatat"),
            then=self.focus_scan_field,
        )

    def keep_extra(self) -> None:
        self.set_aside(aside=False)

    def _set_aside_done(self, card: CardInfo, batch: BatchInfo, aside: bool) -> None:
        self.model.upsert(card)
        if self._batch is not None and self._batch.id == batch.id:
            self._batch = batch
            self._show_counts(batch.counts)
        if aside:
            self._context.feedback.ok(
                _("Disisihkan: {nik}").format(nik=card.nik),
                _("Kartu ini dicatat untuk dikembalikan ke kecamatan. Letakkan terpisah."),
            )
        else:
            self._context.feedback.ok(
                _("Disimpan: {nik}").format(nik=card.nik),
                _("Kartu tambahan ini disimpan di loket bersama kartu lain."),
            )

    def edit_card(self) -> None:
        card = self._selected_card()
        if card is None:
            self._context.feedback.warning(
                _("Pilih dulu kartunya"), _("Klik baris kartu di tabel, lalu tekan F4.")
            )
            self.focus_scan_field()
            return
        name, ok = QInputDialog.getText(
            self,
            _("Isi nama kartu"),
            _("Nama pemilik kartu {nik} (sesuai yang tercetak di kartu):").format(nik=card.nik),
            text=card.name,
        )
        if ok:
            context = self._context
            context.run(
                lambda: scanning.update_card_details(
                    context.database, context.staff, card.id, name, card.rt, card.rw, card.address
                ),
                self.model.upsert,
                title=_("Nama kartu tidak bisa disimpan"),
                then=self.focus_scan_field,
            )
        self.focus_scan_field()

    def new_batch(self) -> None:
        from loket.ui.intake.batch_dialogs import NewBatchDialog

        dialog = NewBatchDialog(self._context, self)
        if ask(dialog) and dialog.created is not None:
            self.load_batch(dialog.created.id)
            self._context.feedback.ok(
                _("Kiriman {reference} dibuka").format(reference=dialog.created.reference),
                _("Pindai setiap kartu. Hitungan di atas berubah setiap kali kartu dipindai."),
            )
        self.focus_scan_field()

    def choose_batch(self) -> None:
        """F11: one of the batches still being received, read on the worker, chosen here."""
        database = self._context.database
        self._context.run(
            lambda: intake_batches.open_batches(database),
            self._choose_from,
            title=_("Daftar kiriman belum bisa dimuat"),
        )

    def _choose_from(self, batches: list[BatchInfo]) -> None:
        if not batches:
            self._context.feedback.warning(
                _("Tidak ada kiriman yang terbuka"), _("Tekan F6 untuk mencatat kiriman baru.")
            )
            self.focus_scan_field()
            return
        labels = [
            _("{reference} — {received} diterima, dibuka {date}").format(
                reference=b.reference,
                received=b.counts.received,
                date=writing.long_date(b.opened_at.astimezone(self._context.office.zone).date()),
            )
            for b in batches
        ]
        label, ok = QInputDialog.getItem(
            self, _("Pilih kiriman"), _("Kiriman yang sedang diterima:"), labels, 0, False
        )
        if ok:
            self.load_batch(batches[labels.index(label)].id)
        self.focus_scan_field()

    def print_labels(self) -> None:
        """Ctrl+L: NIK labels for the cards of this batch received so far (no barcode on them)."""
        from loket.core.labels.sheets import batch_label_cards
        from loket.ui.labels.dialog import print_labels

        if self._batch is None:
            return
        database, batch_id = self._context.database, self._batch.id
        print_labels(
            self._context,
            self,
            lambda: batch_label_cards(database, batch_id),
            self.focus_scan_field,
            batch_id=batch_id,
        )

    def close_batch(self) -> None:
        from loket.ui.intake.batch_dialogs import CloseBatchDialog
        from loket.ui.kit.printing import offer_to_print

        if self._batch is None:
            return
        dialog = CloseBatchDialog(self._context, self._batch.id, self)
        if ask(dialog) and dialog.closed is not None:
            closed = dialog.closed
            self._context.feedback.ok(
                _("Kiriman {reference} ditutup").format(reference=closed.batch.reference),
                _("Berita acara {number} disimpan: {path}").format(
                    number=closed.number, path=closed.pdf_path
                ),
            )
            self.load_latest_open_batch()
            back_up_after_closing(self._context, self)
            offer_to_print(self._context, closed.pdf_path, self)
        self.focus_scan_field()
