"""First start: which kelurahan this is, the office's details, and the first admin account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from loket.core.indonesia.lokal_adapter import Region
from loket.core.indonesia.nip import clean_nip, nip_problem
from loket.core.office.identity import OfficeInfo, get_office, set_up_office
from loket.core.staff.accounts import add_staff
from loket.core.staff.members import MIN_PASSWORD_LENGTH, StaffMember, suggest_username
from loket.core.storage import Database
from loket.datadir import DataDir
from loket.domain.errors import LoketError
from loket.domain.states import Role
from loket.i18n import _
from loket.ui.kit.context import bug_detail
from loket.ui.kit.dialogs import (
    InlineMessage,
    add_field,
    confirm,
    enter_moves_on,
    form_layout,
    indonesian_buttons,
    scaled_font,
)
from loket.ui.kit.region_picker import RegionPicker, describe_office, region_rows
from loket.ui.kit.tasks import TaskRunner

if TYPE_CHECKING:
    from loket.core.database.connecting import DeskConnected

STEPS = 4


def _line_edit(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(360)
    return field


class _Page(QWizardPage):
    def __init__(self, step: int, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(
            _("Langkah {step} dari {total} · {title}").format(step=step, total=STEPS, title=title)
        )
        self.setSubTitle(subtitle)
        self.message = InlineMessage()

    def refuse(self, text: str, field: QWidget | None = None) -> bool:
        self.message.show_error(text)
        if field is not None:
            field.setFocus()
        return False

    def cleanupPage(self) -> None:
        """Going back hides an old refusal; what was typed stays."""
        self.message.clear_message()


class KelurahanPage(_Page):
    def __init__(self, tasks: TaskRunner) -> None:
        super().__init__(
            1,
            _("Kelurahan"),
            _(
                "Pilih kelurahan atau desa kantor ini dari daftar resmi Kemendagri. "
                "Ketik namanya di kotak pencarian, atau pilih bertahap."
            ),
        )
        self.picker = RegionPicker(tasks)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        self.picker.region_chosen.connect(lambda _code: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return self.picker.selected_code() is not None


class OfficePage(_Page):
    def __init__(self) -> None:
        super().__init__(
            2,
            _("Kantor"),
            _(
                "Data ini tercetak di kop surat, tanda terima dan berita acara. "
                "Semuanya dapat diubah nanti di Pengaturan."
            ),
        )
        self.address = _line_edit(_("contoh: Jl. Kaligawe Raya No. 1, Semarang"))
        self.lurah_name = _line_edit(_("contoh: Drs. Bambang Sutrisno, M.Si."))
        self.lurah_nip = _line_edit(_("18 angka"))
        self.lurah_nip.setMaxLength(30)
        form = form_layout()
        add_field(
            form,
            _("Alamat kantor"),
            self.address,
            _("Jalan dan nomor, seperti di kop surat. Kode pos diisi otomatis."),
        )
        self.lurah_label = add_field(
            form,
            _("Nama lurah"),
            self.lurah_name,
            _("Lengkap dengan gelar, seperti di bawah tanda tangan."),
        )
        self.nip_label = add_field(
            form,
            _("NIP lurah"),
            self.lurah_nip,
            _(
                "18 angka, boleh dengan spasi: 19680512 199403 1 007. "
                "Boleh dikosongkan dan diisi nanti."
            ),
        )
        self.region_label = QLabel()
        self.region_label.setFont(scaled_font(self.region_label, 1.05, bold=True))
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.region_label)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def show_region(self, region: Region) -> None:
        """Names the chosen office above the form; a desa is led by a kepala desa, not a lurah."""
        self.region_label.setText(describe_office(region))
        is_desa = region.kind == "desa"
        self.lurah_label.setText(_("Nama kepala desa") if is_desa else _("Nama lurah"))
        self.nip_label.setText(_("NIP kepala desa") if is_desa else _("NIP lurah"))

    def validatePage(self) -> bool:
        if not self.address.text().strip():
            return self.refuse(_("Isi alamat kantor."), self.address)
        if not self.lurah_name.text().strip():
            return self.refuse(_("Isi nama lurah."), self.lurah_name)
        problem = nip_problem(self.lurah_nip.text(), _("lurah"))
        if problem:
            return self.refuse(problem, self.lurah_nip)
        self.message.clear_message()
        return True


class AdminPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            3,
            _("Admin pertama"),
            _(
                "Akun admin dapat menambah petugas loket lain dan mengubah pengaturan kantor. "
                "Simpan kata sandinya baik-baik."
            ),
        )
        self.full_name = _line_edit(_("contoh: Sri Wahyuni, S.Kom."))
        self.nip = _line_edit(_("18 angka"))
        self.nip.setMaxLength(30)
        self.username = _line_edit(_("contoh: sri.wahyuni"))
        self.username.setMaxLength(60)
        self.username.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[A-Za-z0-9._]*"), self.username)
        )
        self.password = _line_edit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = _line_edit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self._username_typed = False

        form = form_layout()
        add_field(form, _("Nama lengkap"), self.full_name)
        add_field(form, _("NIP"), self.nip, _("18 angka. Boleh dikosongkan."))
        add_field(
            form,
            _("Nama pengguna"),
            self.username,
            _("Untuk masuk: huruf kecil, angka, titik atau garis bawah, tanpa spasi."),
        )
        add_field(
            form,
            _("Kata sandi"),
            self.password,
            _("Paling sedikit {count} karakter.").format(count=MIN_PASSWORD_LENGTH),
        )
        add_field(form, _("Ulangi kata sandi"), self.password_again)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.full_name.textEdited.connect(self._suggest_username)
        self.username.textEdited.connect(self._username_edited)

    def _suggest_username(self, full_name: str) -> None:
        if not self._username_typed:
            self.username.setText(suggest_username(full_name))

    def _username_edited(self, text: str) -> None:
        self._username_typed = bool(text)
        if text != text.lower():
            position = self.username.cursorPosition()
            self.username.setText(text.lower())
            self.username.setCursorPosition(position)

    def validatePage(self) -> bool:
        if not self.full_name.text().strip():
            return self.refuse(_("Isi nama lengkap admin."), self.full_name)
        problem = nip_problem(self.nip.text(), _("admin"))
        if problem:
            return self.refuse(problem, self.nip)
        if not self.username.text().strip():
            return self.refuse(_("Isi nama pengguna untuk masuk."), self.username)
        if len(self.password.text()) < MIN_PASSWORD_LENGTH:
            self.password_again.clear()
            return self.refuse(
                _("Kata sandi terlalu pendek: paling sedikit {count} karakter.").format(
                    count=MIN_PASSWORD_LENGTH
                ),
                self.password,
            )
        if self.password.text() != self.password_again.text():
            self.password.clear()
            self.password_again.clear()
            return self.refuse(
                _("Kedua kata sandi tidak sama. Ketik ulang kata sandi di kedua kotak."),
                self.password,
            )
        self.message.clear_message()
        return True


class SummaryPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            4,
            _("Ringkasan"),
            _(
                "Periksa sekali lagi. Tekan Selesai (Enter) untuk menyimpan, "
                "atau ‹ Kembali untuk memperbaiki."
            ),
        )
        self.form = form_layout()
        self.form.setVerticalSpacing(4)
        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def show_sections(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        """Headed groups of "label: value" rows, rebuilt each time the page is shown."""
        while self.form.rowCount():
            self.form.removeRow(0)
        for number, (heading, rows) in enumerate(sections):
            title = QLabel(heading)
            title.setFont(scaled_font(title, 1.05, bold=True))
            if number:
                title.setContentsMargins(0, 12, 0, 2)
            self.form.addRow(title)
            for label, value in rows:
                shown = QLabel(value)
                shown.setTextFormat(Qt.TextFormat.PlainText)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.form.addRow(label, shown)


class SetupWizard(QWizard):
    """Four steps; Selesai saves the office and the admin, or shows why it could not."""

    def __init__(
        self,
        database: Database,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        data: DataDir | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._tasks = tasks
        self._data = data  # given, the first step offers to join the office's server instead
        self._connected: DeskConnected | None = None
        self._saving = False  # the office and the admin being saved on the worker
        self._admin: StaffMember | None = None
        self._office: OfficeInfo | None = None
        self.setWindowTitle(_("Penyiapan Loket KTP-el"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.kelurahan_page = KelurahanPage(tasks)
        self.office_page = OfficePage()
        self.admin_page = AdminPage()
        self.summary_page = SummaryPage()
        for page in (self.kelurahan_page, self.office_page, self.admin_page, self.summary_page):
            self.addPage(page)
        indonesian_buttons(self)
        if data is not None:
            self._offer_the_server()
        self.setMinimumSize(760, 620)
        self.resize(820, 660)
        self._prefill()
        self._connect_signals()

    def _offer_the_server(self) -> None:
        """A button left of the steps' own, on the first step only: "this PC is another desk of
        an office on a server"."""
        server_button = QWizard.WizardButton.CustomButton1
        self.setButtonText(server_button, _("Sambungkan ke server kantor…"))
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonLayout(
            [
                server_button,
                QWizard.WizardButton.Stretch,
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ]
        )
        self.customButtonClicked.connect(lambda _which: self.join_the_server())
        button = self.button(server_button)
        self.currentIdChanged.connect(
            lambda _id: button.setVisible(self.currentPage() is self.kelurahan_page)
        )

    def join_the_server(self) -> None:
        """Connected, the wizard ends: the desk then opens the server's office (its login)."""
        from loket.ui.settings.database import ConnectToServerDialog

        if self._data is None or self._saving:
            return
        dialog = ConnectToServerDialog(self._data, self._tasks, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.connected is None:
                return
            self._connected = dialog.connected
        finally:
            dialog.deleteLater()
        super().reject()  # no office made here, and nothing typed in to lose

    def connected_to_server(self) -> DeskConnected | None:
        """How this PC joined the office's server, when it did instead of setting an office up."""
        return self._connected

    @property
    def saving(self) -> bool:
        return self._saving

    def created_admin(self) -> StaffMember | None:
        return self._admin

    def created_office(self) -> OfficeInfo | None:
        return self._office

    def _connect_signals(self) -> None:
        self.currentIdChanged.connect(self._page_shown)
        office, admin = self.office_page, self.admin_page
        enter_moves_on([office.address, office.lurah_name, office.lurah_nip], self.next)
        enter_moves_on(
            [admin.full_name, admin.nip, admin.username, admin.password, admin.password_again],
            self.next,
        )

    def _prefill(self) -> None:
        """A second run (after a cancelled or failed one) starts from what is already saved."""
        database = self._database

        def fill(existing: OfficeInfo | None) -> None:
            if existing is None or self.kelurahan_page.picker.selected_code() is not None:
                return  # nothing saved, or the person has chosen meanwhile
            self.kelurahan_page.picker.select(existing.region_code)
            self.office_page.address.setText(existing.address)
            self.office_page.lurah_name.setText(existing.lurah_name)
            self.office_page.lurah_nip.setText(existing.lurah_nip)

        self._tasks.run(lambda: get_office(database), fill, lambda _error: None)

    def _page_shown(self, _page_id: int) -> None:
        page = self.currentPage()
        region = self.kelurahan_page.picker.selected_region()
        if page is self.office_page and region is not None:
            self.office_page.show_region(region)
        elif page is self.summary_page:
            self._fill_summary()

    def _fill_summary(self) -> None:
        region = self.kelurahan_page.picker.selected_region()
        office, admin = self.office_page, self.admin_page
        not_given = _("(tidak diisi)")
        self.summary_page.show_sections(
            [
                (_("Wilayah"), region_rows(region) if region else []),
                (
                    _("Kantor"),
                    [
                        (_("Alamat kantor"), office.address.text().strip()),
                        (office.lurah_label.text(), office.lurah_name.text().strip()),
                        (office.nip_label.text(), clean_nip(office.lurah_nip.text()) or not_given),
                    ],
                ),
                (
                    _("Admin pertama"),
                    [
                        (_("Nama lengkap"), admin.full_name.text().strip()),
                        (_("NIP"), clean_nip(admin.nip.text()) or not_given),
                        (_("Nama pengguna"), admin.username.text().strip().lower()),
                        (_("Kata sandi"), _("•••••••• (disimpan terenkripsi)")),
                    ],
                ),
            ]
        )

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.currentPage() is not self.summary_page:
            return True
        if self._admin is not None:
            return True  # saved: Selesai closes the wizard
        self._save()
        return False  # the answer comes from the worker; Selesai is pressed again for us then

    def _save(self) -> None:
        if self._saving:
            return
        code = self.kelurahan_page.picker.selected_code()
        office, admin = self.office_page, self.admin_page
        if code is None:
            self.summary_page.refuse(_("Kelurahan belum dipilih."))
            return
        database = self._database
        address, lurah_name = office.address.text(), office.lurah_name.text()
        lurah_nip = clean_nip(office.lurah_nip.text())
        username, password = admin.username.text(), admin.password.text()
        full_name, nip = admin.full_name.text(), clean_nip(admin.nip.text())

        def save() -> tuple[OfficeInfo, StaffMember]:
            # The office first: set_up_office may run again on a retry, add_staff may not.
            made = set_up_office(
                database, code, address=address, lurah_name=lurah_name, lurah_nip=lurah_nip
            )
            first = add_staff(
                database, None, username, password, Role.ADMIN, full_name=full_name, nip=nip
            )
            return made, first

        def saved(result: tuple[OfficeInfo, StaffMember]) -> None:
            self._finish_saving()
            self._office, self._admin = result
            self.accept()

        def refused(error: BaseException) -> None:
            self._finish_saving()
            problem = (
                error.message
                if isinstance(error, LoketError)
                else _("Terjadi kesalahan di program. {what}").format(what=bug_detail())
            )
            self.summary_page.refuse(
                _("{problem} Tekan ‹ Kembali untuk memperbaikinya.").format(problem=problem)
            )

        self._saving = True
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            self.button(which).setEnabled(False)
        self.summary_page.message.show_info(_("Menyimpan data kantor dan akun admin…"))
        self._tasks.run(save, saved, refused)

    def _finish_saving(self) -> None:
        self._saving = False
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            self.button(which).setEnabled(True)

    def reject(self) -> None:
        """Esc and Batal ask first once something has been typed, so nothing is lost by a slip."""
        if self._saving:
            return  # the save under way answers first
        started = self.currentId() > 0 or self.kelurahan_page.picker.selected_code() is not None
        if started and not self._confirm_cancel():
            return
        super().reject()

    def _confirm_cancel(self) -> bool:
        return confirm(
            self,
            _("Batalkan penyiapan?"),
            _(
                "Data yang sudah diisi tidak disimpan, dan program tidak dapat dipakai "
                "sebelum kantor disiapkan."
            ),
            _("Ya, batalkan"),
            _("Tidak, lanjutkan mengisi"),
        )
