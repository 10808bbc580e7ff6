"""Rekap bulanan penyerahan KTP-el: a month of the desk's work on A4, for the lurah to sign."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from loket.core.reports.paper import MonthlyRecap
from loket.documents.kit.fonts import SERIF_BOLD
from loket.documents.kit.layout import (
    BODY_WIDTH,
    KopSurat,
    esc,
    report_signatures,
    styles,
    write_a4_paper,
)
from loket.documents.reports.daily_report import (
    figure,
    figures_table,
    fitted,
    grid_style,
    heading,
    stock_notes,
    stock_rows,
)

TITLE = "REKAP BULANAN PENYERAHAN KTP-el"


def _counts_table(head: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table([head, *rows], colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        grid_style(
            [("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("FONTNAME", (0, -1), (-1, -1), SERIF_BOLD)]
        )
    )
    return table


def _days_table(recap: MonthlyRecap) -> Table:
    rows: list[list[Any]] = [
        [d.day, figure(d.received), figure(d.handed_over), figure(d.voided)] for d in recap.days
    ]
    rows.append(
        [
            "Jumlah",
            figure(sum(d.received for d in recap.days)),
            figure(sum(d.handed_over for d in recap.days)),
            figure(sum(d.voided for d in recap.days)),
        ]
    )
    widths = [0.0, 3 * cm, 3 * cm, 3 * cm]
    widths[0] = BODY_WIDTH - sum(widths)
    return _counts_table(["Hari, tanggal", "Diterima", "Diserahkan", "Dibatalkan"], rows, widths)


def _rw_table(recap: MonthlyRecap) -> Table:
    rows: list[list[Any]] = [
        [f"RW {r.rw}" if r.rw != "-" else "Tanpa RW", figure(r.handed_over), figure(r.waiting)]
        for r in recap.rws
    ]
    if recap.set_aside_held:
        rows.append(["Disisihkan untuk kecamatan", "-", figure(recap.set_aside_held)])
    rows.append(
        [
            "Jumlah",
            figure(sum(r.handed_over for r in recap.rws)),
            figure(sum(r.waiting for r in recap.rws) + recap.set_aside_held),
        ]
    )
    widths = [0.0, 4.5 * cm, 4.5 * cm]
    widths[0] = BODY_WIDTH - sum(widths)
    head = ["RW", "Diserahkan bulan ini", "Masih di kantor"]
    return _counts_table(head, rows, widths)


def _waiting_table(recap: MonthlyRecap) -> Table:
    widths = [0.9 * cm, 3.2 * cm, 0.0, 2.9 * cm, 3.0 * cm, 1.9 * cm]
    widths[2] = BODY_WIDTH - sum(widths)
    head = ["No.", "NIK", "Nama", "RT/RW", "Diterima", "Menunggu\n(hari kerja)"]
    rows: list[list[Any]] = [head]
    for number, card in enumerate(recap.waiting, start=1):
        rows.append(
            [
                str(number),
                card.nik,
                fitted(card.name, widths[2]),
                card.rt_rw,
                card.received_on,
                figure(card.days_waiting),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        grid_style([("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (-1, 1), (-1, -1), "RIGHT")])
    )
    return table


def _story(recap: MonthlyRecap) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        KopSurat(recap.letterhead),
        Spacer(1, 12),
        Paragraph(f"<u>{esc(TITLE)}</u>", s.title),
        Paragraph(f"Bulan: {esc(recap.month)}", s.number),
        Spacer(1, 10),
        Paragraph(
            f"Selama bulan {esc(recap.month)}, loket Kelurahan {esc(recap.kelurahan_name)} "
            f"menyerahkan KTP-el sebanyak <b>{esc(recap.handed_over_text)}</b> kepada "
            f"penduduk; penyerahan yang dibatalkan: {esc(recap.voided_text)}.",
            s.body,
        ),
    ]
    story += heading("A. Persediaan KTP-el")
    story.append(figures_table(stock_rows(recap.stock, "bulan")))
    voided = any(day.voided for day in recap.days)
    story += stock_notes(recap.stock, "bulan", voided=voided)
    story += heading("B. Lama KTP-el menunggu sampai diserahkan")
    if recap.measured_handovers:
        speed = (
            "Rata-rata waktu sejak KTP-el diterima di kelurahan sampai diserahkan kepada "
            f"pemiliknya: <b>{esc(recap.average_working_days)}</b>, dihitung dari "
            f"{figure(recap.measured_handovers)} penyerahan (hari Sabtu, Minggu, libur "
            "nasional dan cuti bersama tidak dihitung)."
        )
    else:
        speed = "Tidak ada penyerahan KTP-el pada bulan ini."
    story.append(Paragraph(speed, s.body))
    story += heading("C. Jumlah per hari")
    story.append(_days_table(recap))
    story += heading("D. Jumlah per RW")
    if recap.rws:
        story.append(_rw_table(recap))
    else:
        story.append(Paragraph("Tidak ada KTP-el yang diserahkan atau menunggu.", s.body_left))
    limit = recap.waiting_days_limit
    story += heading(f"E. KTP-el yang menunggu diambil lebih dari {limit} hari kerja")
    if recap.waiting:
        story.append(_waiting_table(recap))
    else:
        story.append(
            Paragraph(f"Tidak ada KTP-el yang menunggu lebih dari {limit} hari kerja.", s.body_left)
        )
    story += report_signatures(recap.acknowledged_by, recap.officer, recap.place_and_date)
    return story


def write_monthly_recap(recap: MonthlyRecap, path: Path) -> Path:
    """Writes the rekap bulanan to `path` (atomically) and returns `path`."""
    title = f"Rekap Bulanan Penyerahan KTP-el {recap.month}"

    return write_a4_paper(
        path,
        _story(recap),
        title=title,
        author=f"Kelurahan {recap.kelurahan_name}",
        subject=f"Penyerahan KTP-el bulan {recap.iso_month}",
        footer_left=f"Rekap Bulanan Kelurahan {recap.kelurahan_name}, {recap.month}",
    )
