"""The berita acara serah terima KTP-el, read back from the PDF as the lurah would read it."""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections import Counter
from pathlib import Path
from typing import BinaryIO

import pytest
from pypdf import PdfReader

from loket.core.indonesia.writing import count_in_words
from loket.core.intake.paper import BatchReceiptMinutes
from loket.core.papers.paper import CardLine, Signatory
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.documents.kit import lampiran
from loket.documents.kit.layout import BOTTOM_MARGIN
from loket.documents.kit.output import atomic_write_pdf
from loket.domain.errors import LoketError
from tests.helpers.papers import EXTRA, MISSING, NUMBER, kaligawe_minutes
from tests.helpers.windows import held_open

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
    assert "Diterima sesuai daftar kiriman : 53 (lima puluh tiga) keping" in text
    assert "Tidak diterima (kurang) : 3 (tiga) keping" in text
    assert "Tambahan (tidak tercantum dalam daftar) : 2 (dua) keping" in text
    # The total that physically changed hands: 53 from the list and 2 extra.
    assert "Jumlah yang diserahterimakan (b + d) : 55 (lima puluh lima) keping" in text
    assert "disisihkan" not in text.lower()  # none set aside: no line about it
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


def warga(count: int, prefix: str = "3374041203") -> tuple[CardLine, ...]:
    """Cards of Rusunawa Kaligawe with short names, each NIK distinct, RT/RW known."""
    return tuple(
        CardLine(
            f"{prefix}{n:0{16 - len(prefix)}d}",
            f"WARGA KALIGAWE {n}",
            rt_rw=f"{n % 12 + 1:03d}/005",
        )
        for n in range(1, count + 1)
    )


def with_missing(missing: tuple[CardLine, ...], **changes: object) -> BatchReceiptMinutes:
    data = kaligawe_minutes(missing=missing, expected=len(missing) + 53, received=53)
    return dataclasses.replace(data, date="27 November 2026", **changes)


def lampiran_start(pages: list[str]) -> int:
    """The index of the lampiran's first page (its heading), or -1 when there is none."""
    return next(
        (i for i, text in enumerate(pages) if "LAMPIRAN BERITA ACARA SERAH TERIMA KTP-el" in text),
        -1,
    )


def test_thirty_missing_cards_stay_in_the_body_and_no_lampiran_follows(tmp_path: Path) -> None:
    missing = warga(30)
    pages = page_texts(write_batch_receipt_minutes(with_missing(missing), tmp_path / "ba.pdf"))
    text = flat(" ".join(pages))
    assert lampiran_start(pages) == -1
    assert "Lampiran" not in text
    assert "tidak diterima (kurang):" in text
    for card in missing:
        assert f"{card.nik} {card.name} {card.rt_rw}" in text  # RT/RW known: in its column
    assert re.search(r"No\.\s+NIK\s+Nama\s+RT/RW\s+Keterangan", text)


def test_thirty_one_missing_cards_go_to_a_lampiran_the_body_counts_and_refers_to(
    tmp_path: Path,
) -> None:
    missing = warga(31)
    pages = page_texts(write_batch_receipt_minutes(with_missing(missing), tmp_path / "ba.pdf"))
    start = lampiran_start(pages)
    assert start > 0
    body, attached = flat(" ".join(pages[:start])), flat(" ".join(pages[start:]))
    assert (
        "Rincian KTP-el yang tercantum dalam daftar kiriman tetapi tidak diterima (kurang), "
        "sebanyak 31 (tiga puluh satu) keping, sebagaimana tercantum dalam Lampiran berita "
        "acara ini."
    ) in body
    lampiran_pages = len(pages) - start
    assert (  # said on the page that is signed
        f"Demikian berita acara ini beserta lampirannya sebanyak {lampiran_pages} halaman, yang "
        "merupakan bagian tidak terpisahkan dari berita acara ini, dibuat dengan sebenarnya"
    ) in flat(pages[start - 1])
    assert not any(card.nik in body for card in missing), "the body lists no card of the list"
    assert "Tambahan (tidak tercantum dalam daftar) : 2 (dua) keping" in body
    for card in EXTRA:  # the short list of extra cards stays in the body
        assert card.nik in body and card.nik not in attached
    assert "LAMPIRAN BERITA ACARA SERAH TERIMA KTP-el" in attached
    assert f"Nomor : {NUMBER} Tanggal : 27 November 2026" in attached
    assert "DAFTAR KTP-el YANG TIDAK DITERIMA (KURANG) Jumlah: 31 (tiga puluh satu) keping" in (
        attached
    )
    for card in missing:
        assert f"{card.nik} {card.name}" in attached


def test_the_signature_page_comes_before_the_lampiran(tmp_path: Path) -> None:
    pages = page_texts(write_batch_receipt_minutes(with_missing(warga(200)), tmp_path / "ba.pdf"))
    start = lampiran_start(pages)
    signed = [i for i, text in enumerate(pages) if "Mengetahui," in text]
    assert signed == [start - 1], "the lurah signs the last page of the minutes, then the lampiran"
    last_of_minutes = flat(pages[start - 1])
    for words in ("Demikian berita acara", "PIHAK PERTAMA", "PIHAK KEDUA", "NIP. 19680512"):
        assert words in last_of_minutes
    assert not any("Mengetahui," in text or "Demikian" in text for text in pages[start:])


def test_minutes_and_lampiran_are_numbered_each_on_their_own(tmp_path: Path) -> None:
    pages = page_texts(write_batch_receipt_minutes(with_missing(warga(500)), tmp_path / "ba.pdf"))
    start = lampiran_start(pages)
    minutes, attached = pages[:start], pages[start:]
    assert len(attached) >= 3
    for number, text in enumerate(minutes, start=1):
        assert (
            f"Berita Acara Serah Terima KTP-el Nomor {NUMBER}\nHalaman {number} dari {start}"
            in (text)
        )
    for number, text in enumerate(attached, start=1):
        assert (
            f"Lampiran Berita Acara Serah Terima KTP-el Nomor {NUMBER}\n"
            f"Halaman {number} dari {len(attached)}"
        ) in text
        # The header of both tables on every page; after the first, the list says it goes on.
        assert len(re.findall(r"No\.\s+NIK\s+Nama", text)) == 2
        if number > 1:
            assert "DAFTAR KTP-el YANG TIDAK DITERIMA (KURANG) (lanjutan)" in text


@pytest.fixture(scope="module")
def twenty_thousand_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], tuple]:
    """The Semarang case: a list of 20,000 cards of which 19,800 did not come."""
    missing = warga(19_800, prefix="3374042")
    path = tmp_path_factory.mktemp("ba") / "ba.pdf"
    return page_texts(write_batch_receipt_minutes(with_missing(missing), path)), missing


def expected_lampiran_pages(cards: int) -> int:
    """Two tables a page of one-line rows: what the lampiran's dense layout holds."""
    room = lampiran.BODY_HEIGHT - lampiran.HEAD_ROW - 4 + 0.01
    heading = lampiran.HEADING_LEADING * 3 + lampiran.LIST_GAP
    first = int((room - heading - 2 * lampiran.TITLE_LEADING) // lampiran.ROW)
    later = int((room - lampiran.TITLE_LEADING) // lampiran.ROW)
    return 1 + math.ceil((cards - 2 * first) / (2 * later))


def test_nineteen_thousand_eight_hundred_missing_take_two_pages_and_a_dense_lampiran(
    twenty_thousand_batch,
) -> None:
    pages, missing = twenty_thousand_batch
    start = lampiran_start(pages)
    assert start == 2, "the minutes themselves: two pages to sign"
    assert len(pages) - start == expected_lampiran_pages(len(missing))
    # At least 110 cards a page, in type not smaller than 8 pt: it was 845 pages of 24 cards.
    assert len(pages) - start <= math.ceil(len(missing) / 110)
    assert lampiran.ROW >= 11 and lampiran.SIZE >= 8
    body = flat(" ".join(pages[:start]))
    assert "Tidak diterima (kurang) : 19.800 (sembilan belas ribu delapan ratus) keping" in body
    assert "sebanyak 19.800 (sembilan belas ribu delapan ratus) keping, sebagaimana" in body
    assert f"beserta lampirannya sebanyak {len(pages) - start} halaman" in flat(pages[1])


def test_every_nik_of_a_long_list_is_in_the_pdf_exactly_once(twenty_thousand_batch) -> None:
    pages, missing = twenty_thousand_batch
    found = Counter(re.findall(r"\b3374042\d{9}\b", "\n".join(pages)))
    assert found == Counter(card.nik for card in missing)
    numbers = re.findall(r"^(\d+) 3374042\d{9} ", "\n".join(pages), re.MULTILINE)
    assert [int(n) for n in numbers] == list(range(1, len(missing) + 1)), "numbered in order"


def test_extra_cards_with_notes_go_to_one_wide_table_with_rt_rw_and_notes(tmp_path: Path) -> None:
    extra = tuple(
        dataclasses.replace(card, note="NIK diketik manual" if n % 2 else "Disimpan di kelurahan")
        for n, card in enumerate(warga(40, prefix="3374045"))
    )
    data = dataclasses.replace(with_missing(MISSING), extra=extra, extra_text=count_in_words(40))
    pages = page_texts(write_batch_receipt_minutes(data, tmp_path / "ba.pdf"))
    start = lampiran_start(pages)
    body, attached = flat(" ".join(pages[:start])), flat(" ".join(pages[start:]))
    assert "(tambahan), sebanyak 40 (empat puluh) keping, sebagaimana tercantum" in body
    for card in MISSING:  # three missing cards: in the body
        assert f"{card.nik} {card.name}" in body
    assert "DAFTAR KTP-el TAMBAHAN (TIDAK TERCANTUM DALAM DAFTAR KIRIMAN)" in attached
    assert len(re.findall(r"No\.\s+NIK\s+Nama\s+RT/RW\s+Keterangan", attached)) == 1
    for card in extra:
        assert f"{card.nik} {card.name} {card.rt_rw} {card.note}" in attached


def test_both_long_lists_follow_each_other_in_the_lampiran(tmp_path: Path) -> None:
    extra = warga(45, prefix="3374045")
    data = dataclasses.replace(
        with_missing(warga(60)), extra=extra, extra_text=count_in_words(len(extra))
    )
    pages = page_texts(write_batch_receipt_minutes(data, tmp_path / "ba.pdf"))
    attached = flat(" ".join(pages[lampiran_start(pages) :]))
    missing_at = attached.index("DAFTAR KTP-el YANG TIDAK DITERIMA (KURANG) Jumlah: 60 (enam")
    extra_at = attached.index("DAFTAR KTP-el TAMBAHAN (TIDAK TERCANTUM DALAM DAFTAR KIRIMAN)")
    assert missing_at < extra_at
    assert "Jumlah: 45 (empat puluh lima) keping" in attached[extra_at:]
    assert all(card.nik in attached[extra_at:] for card in extra)


def test_a_long_name_is_printed_whole_in_the_lampiran(tmp_path: Path) -> None:
    long_name = "RADEN AJENG SITI NURHALIZA KUSUMAWARDHANI PUTRI HADININGRAT"
    missing = (*warga(34), CardLine("3374046404760519", long_name))
    pages = page_texts(write_batch_receipt_minutes(with_missing(missing), tmp_path / "ba.pdf"))
    attached = flat(" ".join(pages[lampiran_start(pages) :]))
    assert f"3374046404760519 {long_name}" in attached


@pytest.mark.parametrize("count", [142, 171, 290])
def test_rows_of_wrapped_names_never_run_into_the_footer(tmp_path: Path, count: int) -> None:
    """Three-line rows in the first half of the list, one-line rows after: the last page's two
    tables, made about as tall, must still each fit (142 cards: the left one would not)."""
    long_name = "RADEN AJENG SITI NURHALIZA KUSUMAWARDHANI PUTRI HADININGRAT SOERJO"
    missing = tuple(
        dataclasses.replace(card, name=long_name if n < count // 2 and n % 2 == 0 else card.name)
        for n, card in enumerate(warga(count))
    )
    pdf = write_batch_receipt_minutes(with_missing(missing), tmp_path / "ba.pdf")
    reader = PdfReader(pdf)
    heights: list[float] = []  # of every line drawn but the footer's
    found: list[str] = []

    def seen(text: str, cm: list[float], tm: list[float], *_rest: object) -> None:
        if text.strip() and not text.startswith(("Lampiran Berita", "Halaman", "Berita Acara")):
            heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])  # on the page
        found.extend(re.findall(r"\b3374041203000\d{3}\b", text))  # not EXTRA

    for page in reader.pages:
        page.extract_text(visitor_text=seen)
    assert sorted(found) == sorted(card.nik for card in missing)
    assert min(heights) >= BOTTOM_MARGIN  # under it: only the footer


def test_a_batch_without_list_receiving_many_cards_lists_them_in_the_lampiran(
    tmp_path: Path,
) -> None:
    received = warga(120)
    data = dataclasses.replace(
        kaligawe_minutes(missing=(), extra=()),
        has_manifest=False,
        received_text=count_in_words(len(received)),
        received=received,
        date="27 November 2026",
    )
    pages = page_texts(write_batch_receipt_minutes(data, tmp_path / "ba.pdf"))
    start = lampiran_start(pages)
    body, attached = flat(" ".join(pages[:start])), flat(" ".join(pages[start:]))
    assert "Rincian KTP-el yang diterima, sebanyak 120 (seratus dua puluh) keping" in body
    assert "DAFTAR KTP-el YANG DITERIMA Jumlah: 120 (seratus dua puluh) keping" in attached
    assert all(card.nik in attached for card in received)


def test_reportlab_draws_with_its_c_accelerator() -> None:
    """rl-accel is pinned: without it a long paper takes half as long again to draw."""
    import _rl_accel  # noqa: F401 - a build without it must fail here
    from reportlab.lib import rl_accel

    assert rl_accel._py_funcs == {}, "reportlab fell back to Python for these"


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
        total_text=count_in_words(5),
        received=received,
    )
    text = flat(" ".join(page_texts(write_batch_receipt_minutes(data, tmp_path / "ba.pdf"))))
    assert "Kiriman ini tidak disertai daftar kiriman dari Kecamatan Gayamsari" in text
    assert "Jumlah yang diserahterimakan : 5 (lima) keping" in text
    assert "Jumlah menurut daftar kiriman" not in text
    assert "Tidak diterima (kurang)" not in text
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


def test_a_pdf_held_open_by_a_viewer_is_kept_and_the_new_one_saved_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ba.pdf"
    target.write_bytes(b"%PDF-1.4 open in a reader")
    with held_open(monkeypatch, target):
        saved = write_batch_receipt_minutes(kaligawe_minutes(), target)
    assert saved == tmp_path / "ba-2.pdf"
    assert target.read_bytes() == b"%PDF-1.4 open in a reader"
    assert "BERITA ACARA" in flat(page_texts(saved)[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ba-2.pdf", "ba.pdf"]


def test_a_folder_that_refuses_the_rename_gets_an_indonesian_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(LoketError, match=r"tidak bisa disimpan.*tidak ada izin menulis"):
        write_batch_receipt_minutes(kaligawe_minutes(), tmp_path / "ba.pdf")
    assert list(tmp_path.iterdir()) == []


def test_the_closing_and_signatures_never_stand_on_a_page_without_rows_of_the_list(
    tmp_path: Path,
) -> None:
    """Whatever the length of the list in the body, the page of the signatures holds its end."""
    for count in (1, 3, 4, 8, 9, 12, 14, 16, 18, 20, 22, 24, 27, lampiran.IN_BODY_AT_MOST):
        missing = tuple(
            CardLine(f"33740426065{n:05d}", f"WARGA NOMOR {n}", "", "009/001")
            for n in range(1, count + 1)
        )
        data = kaligawe_minutes(missing=missing, extra=(), received=56 - count)
        pages = page_texts(write_batch_receipt_minutes(data, tmp_path / f"ba-{count}.pdf"))
        signed = [page for page in pages if "Mengetahui," in page]
        assert len(signed) == 1, count
        assert missing[-1].nik in signed[0], count  # the last row is on the signatures' page
        if count > 3:
            # The rows kept with the closing carry the header only when they begin a page.
            assert ("No. NIK Nama" in flat(signed[0])) is (signed[0] is not pages[0]), count
