"""What the banner says after a scan at intake: what happened, and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from loket.core.cards import state_label
from loket.core.clock import utc_now
from loket.core.indonesia import writing
from loket.core.indonesia.nik import describe_problem, parse_nik
from loket.core.intake.scanning import ScanOutcome
from loket.domain.states import ScanOutcomeKind, Severity
from loket.i18n import _


@dataclass(frozen=True, slots=True)
class ScanAnswer:
    severity: Severity
    title: str
    detail: str


def _who(outcome: ScanOutcome) -> str:
    if outcome.card is not None and outcome.card.name:
        return f"{outcome.card.name} ({outcome.nik})"
    return outcome.nik


def _when_recorded(outcome: ScanOutcome, zone: ZoneInfo | None) -> str:
    """ " (pukul 10.15 di Loket 2)": when, and at which desk on a shared server, the card
    was recorded; "" when that is not known."""
    received = outcome.card.received_at if outcome.card is not None else None
    if received is None or zone is None:
        return ""
    local = received.astimezone(zone)
    when = (
        _("pukul {time}").format(time=f"{local:%H.%M}")
        if local.date() == utc_now().astimezone(zone).date()
        else writing.date_time(received, zone)
    )
    if outcome.recorded_at_desk:
        return _(" ({when} di {desk})").format(when=when, desk=outcome.recorded_at_desk)
    return _(" ({when})").format(when=when)


def answer_for(outcome: ScanOutcome, zone: ZoneInfo | None = None) -> ScanAnswer:
    """`zone`: the office's, to say when an earlier scan recorded the card."""
    kind = outcome.kind
    typed = _(" (diketik manual)") if outcome.typed else ""
    if kind is ScanOutcomeKind.RECEIVED:
        return ScanAnswer(
            Severity.OK,
            _("Diterima: {who}").format(who=_who(outcome)),
            _("Ada di daftar kiriman{typed}. Lanjutkan memindai kartu berikutnya.").format(
                typed=typed
            ),
        )
    if kind is ScanOutcomeKind.ADDED:
        title = _("Diterima: {nik}").format(nik=outcome.nik)
        if outcome.handed_over_before:
            return ScanAnswer(
                Severity.WARNING,
                title,
                _(
                    "NIK ini pernah menerima KTP-el dari loket ini; kartu ini dicatat sebagai "
                    "kartu "
                    "baru (pengganti). Periksa fisik kartunya."
                ),
            )
        return ScanAnswer(
            Severity.OK,
            title,
            _("Dicatat{typed}. Nama dapat dilengkapi nanti. Lanjutkan memindai.").format(
                typed=typed
            ),
        )
    if kind is ScanOutcomeKind.EXTRA:
        earlier = (
            _(" NIK ini pernah menerima KTP-el dari loket ini.")
            if outcome.handed_over_before
            else ""
        )
        return ScanAnswer(
            Severity.WARNING,
            _("Tidak ada di daftar: {nik}").format(nik=outcome.nik),
            _(
                "Dicatat sebagai kartu tambahan dan disimpan.{earlier} Tekan F8 untuk "
                "menyisihkannya (dikembalikan ke kecamatan), atau lanjutkan memindai untuk "
                "menyimpannya."
            ).format(earlier=earlier),
        )
    if kind is ScanOutcomeKind.DUPLICATE:
        return ScanAnswer(
            Severity.WARNING,
            _("Sudah dipindai: {who}").format(who=_who(outcome)),
            _(
                "Kartu ini sudah tercatat di kiriman ini{when} dan tidak dihitung dua kali. "
                "Lanjutkan ke kartu berikutnya."
            ).format(when=_when_recorded(outcome, zone)),
        )
    if kind is ScanOutcomeKind.ELSEWHERE:
        state = state_label(outcome.other_state) if outcome.other_state else ""
        return ScanAnswer(
            Severity.ERROR,
            _("Kartu ini milik kiriman lain: {nik}").format(nik=outcome.nik),
            _(
                "NIK ini sudah tercatat di kiriman {reference} ({state}). Kartu TIDAK dicatat di "
                "sini. Pisahkan kartunya dan tanyakan ke supervisor."
            ).format(reference=outcome.other_batch_reference, state=state.lower()),
        )
    check = parse_nik(outcome.raw_text)
    problem = outcome.problem or check.problem
    reason = describe_problem(problem, check.cleaned) if problem else ""
    shown = outcome.raw_text.strip() or _("(kosong)")
    return ScanAnswer(
        Severity.ERROR,
        _("Tidak terbaca: {text}").format(text=shown[:40]),
        _(
            "{reason} Pindai ulang kartunya, atau ketik NIK yang tercetak di kartu lalu "
            "tekan Enter."
        ).format(reason=reason),
    )
