"""The berita acara serah terima KTP-el, read back from the PDF as the lurah would read it."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import BinaryIO

import pytest
from pypdf import PdfReader

from loket.core.indonesia.writing import count_in_words
from loket.core.papers.paper import CardLine, Signatory
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.documents.kit.output import atomic_write_pdf
from loket.domain.errors import LoketError
from tests.helpers.papers import EXTRA, MISSING, NUMBER, kaligawe_minutes

HEADER_ROW = re.compile(r"No\.\s+NIK\s+Nama\s+Keterangan")


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def flat(text: str) -> str:
    """The text with line breaks as spaces, to find a sentence wherever it wrapped."""
    return re.sub(r"\s+", " ", text)


def test_minutes_carry_title_number_and_counts_in_figures_and_words(tmp_path: Path) -> None:
    pdf = write_batch_receipt_minutes(kaligawe_minutes(), tmp_path / "ba.pdf")
    text = flat(" ".join(page_texts(pdf)))
    assert "PEMERINTAH KOTA SEMARANG KECAMATAN GAYAMSARI KELURAHAN KALIGAWE" in text
    assert "BERITA ACARA SERAH TERIMA KTP-el" in text
    assert f"Nomor: {NUMBER}" in text
    assert (
        "Pada hari ini Jumat tanggal dua puluh tujuh bulan November tahun dua ribu dua puluh "
        "enam, kami yang bertanda tangan di bawah ini:"
    ) in text
    assert "surat pengantar Nomor 470/1123/Gys/XI/2026 tanggal 25 November 2026" in text
    assert "Jumlah menurut daftar kiriman : 56 (lima puluh enam) keping" in text
    assert "Diterima : 53 (lima puluh tiga) keping" in text
    assert "Tidak ada (kurang) : 3 (tiga) keping" in text
    assert "Tambahan (tidak ada di daftar) : 2 (dua) keping" in text
    assert "Disisihkan : 0 (nol) keping" in text
    assert (
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana "
        "mestinya."
    ) in text


def test_every_missing_and_extra_card_is_listed_with_nik_and_name(tmp_path: Path) -> None:
    pdf = write_batch_receipt_minutes(kaligawe_minutes(), tmp_path / "ba.pdf")
    text = flat(" ".join(page_texts(pdf)))
    missing_part, extra_part = text.split("tidak tercantum dalam daftar kiriman (tambahan):")
    assert "tercantum dalam daftar kiriman tetapi tidak diterima (kurang):" in missing_part
    for card in MISSING:
        assert f"{card.nik} {card.name}" in missing_part
    for card in EXTRA:
        assert f"{card.nik} {card.name}" in extra_part
    assert "BUDI SANTOSO ketik manual" in extra_part


def test_parties_and_signatures_name_the_courier_officer_and_lurah(tmp_path: Path) -> None:
    pdf = write_batch_receipt_minutes(kaligawe_minutes(), tmp_path / "ba.pdf")
    text = flat(" ".join(page_texts(pdf)))
    assert "Agus Setiawan" in text
    assert "bertindak atas nama Kecamatan Gayamsari, selanjutnya disebut PIHAK PERTAMA." in text
    assert "bertindak atas nama Kelurahan Kaligawe, selanjutnya disebut PIHAK KEDUA." in text
    assert "Yang Menyerahkan," in text and "Yang Menerima," in text
    assert "Semarang, 27 November 2026" in text
    assert "NIP. 19890315 201503 2 004" in text  # the officer
    assert "Mengetahui, Lurah Kaligawe Drs. Bambang Sutrisno, M.Si. NIP. 19680512 199403 1 007" in (
        text
    )


def test_each_page_is_numbered_halaman_i_dari_n(tmp_path: Path) -> None:
    pages = page_texts(write_batch_receipt_minutes(kaligawe_minutes(), tmp_path / "ba.pdf"))
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text
        assert f"Berita Acara Serah Terima KTP-el Nomor {NUMBER}" in text


def test_a_complete_batch_fits_on_one_page_and_says_all_arrived(tmp_path: Path) -> None:
    data = kaligawe_minutes(missing=(), extra=(), received=56)
    pages = page_texts(write_batch_receipt_minutes(data, tmp_path / "ba.pdf"))
    assert len(pages) == 1
    text = flat(pages[0])
    assert "Seluruh KTP-el yang diterima sesuai dengan daftar kiriman." in text
    assert "Halaman 1 dari 1" in text
    assert not HEADER_ROW.search(text)


def test_three_hundred_missing_cards_span_pages_with_repeated_header(tmp_path: Path) -> None:
    missing = tuple(
        CardLine(f"3374041203{n:06d}", f"WARGA RUSUNAWA KALIGAWE {n}") for n in range(1, 301)
    )
    data = kaligawe_minutes(missing=missing, extra=(), expected=400, received=100)
    pages = page_texts(write_batch_receipt_minutes(data, tmp_path / "ba.pdf"))
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text
    pages_with_rows = [t for t in pages if re.search(r"3374041203\d{6}", t)]
    assert len(pages_with_rows) >= 3
    for text in pages_with_rows:
        assert HEADER_ROW.search(flat(text)), "the table header is repeated on every page"
    everything = flat(" ".join(pages))
    for card in missing:
        assert f"{card.nik} {card.name}" in everything
    assert "Tidak ada (kurang) : 300 (tiga ratus) keping" in everything
    # The closing, both signatures and the lurah's stay together on one page.
    last = flat(pages[-1])
    for words in ("Demikian berita acara", "PIHAK PERTAMA", "Mengetahui,", "NIP. 19680512"):
        assert words in last


def test_fonts_are_embedded_and_no_unembedded_font_is_used(tmp_path: Path) -> None:
    pdf = write_batch_receipt_minutes(kaligawe_minutes(), tmp_path / "ba.pdf")
    for page in PdfReader(pdf).pages:
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            assert "Liberation" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_pdf_metadata_names_the_paper_and_the_office(tmp_path: Path) -> None:
    pdf = write_batch_receipt_minutes(kaligawe_minutes(), tmp_path / "ba.pdf")
    meta = PdfReader(pdf).metadata
    assert meta is not None
    assert meta.title == f"Berita Acara Serah Terima KTP-el Nomor {NUMBER}"
    assert meta.author == "Kelurahan Kaligawe"


def test_batch_without_list_says_so_and_lists_what_was_received(tmp_path: Path) -> None:
    received = MISSING + EXTRA
    data = dataclasses.replace(
        kaligawe_minutes(missing=(), extra=()),
        has_manifest=False,
        expected_text="",
        received_text=count_in_words(5),
        received=received,
    )
    text = flat(" ".join(page_texts(write_batch_receipt_minutes(data, tmp_path / "ba.pdf"))))
    assert "Kiriman ini tidak disertai daftar kiriman dari Kecamatan Gayamsari" in text
    assert "Diterima : 5 (lima) keping" in text
    assert "Jumlah menurut daftar kiriman" not in text
    assert "Tidak ada (kurang)" not in text
    assert "Rincian KTP-el yang diterima:" in text
    for card in received:
        assert f"{card.nik} {card.name}" in text


def test_unknown_names_leave_a_dotted_line_to_write_on(tmp_path: Path) -> None:
    data = kaligawe_minutes()
    courier, officer = data.signatories
    data = dataclasses.replace(
        data,
        courier_name="",
        signatories=(dataclasses.replace(courier, name=""), officer),
        acknowledged_by=Signatory("Mengetahui,", "Lurah Kaligawe", "", ""),
    )
    text = flat(" ".join(page_texts(write_batch_receipt_minutes(data, tmp_path / "ba.pdf"))))
    assert "Nama : ........" in text
    assert text.count("(........................................)") == 2
    assert "Lurah Kaligawe (........................................) NIP. ....." in text


def test_writing_leaves_only_the_finished_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "documents" / "berita_acara"
    target = folder / "ba-0001.pdf"
    write_batch_receipt_minutes(kaligawe_minutes(), target)
    write_batch_receipt_minutes(kaligawe_minutes(received=54), target)  # a reprint replaces it
    assert [p.name for p in folder.iterdir()] == ["ba-0001.pdf"]
    assert "54 (lima puluh empat) keping" in flat(page_texts(target)[0])


def test_a_failed_build_keeps_the_previous_pdf_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "ba.pdf"
    target.write_bytes(b"%PDF-1.4 previous")

    def half_written(out: BinaryIO) -> None:
        out.write(b"%PDF-1.4 half")
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        atomic_write_pdf(target, half_written)
    assert target.read_bytes() == b"%PDF-1.4 previous"
    assert [p.name for p in tmp_path.iterdir()] == ["ba.pdf"]


def test_a_pdf_held_open_by_a_viewer_gets_an_indonesian_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(_src: object, _dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(LoketError, match="sedang dibuka di program lain"):
        write_batch_receipt_minutes(kaligawe_minutes(), tmp_path / "ba.pdf")
    assert list(tmp_path.iterdir()) == []
