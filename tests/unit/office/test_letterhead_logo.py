"""The office's logo on the kop surat: checked when chosen, kept in the data folder, ~2 cm tall.

Images are made with Pillow (reportlab's own image library), so these tests load no Qt.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from reportlab.lib.units import cm
from sqlalchemy import select

from loket.core.office import logo as office_logo
from loket.core.office.identity import OfficeInfo
from loket.core.office.logo import LOGO_MAX_BYTES, LogoImage, read_logo_header
from loket.core.papers.paper import Letterhead
from loket.core.staff.members import StaffMember
from loket.db.engine import Database
from loket.db.models import AuditEntry
from loket.documents.handover.receipt import write_receipt_a5, write_receipt_thermal
from loket.documents.intake.berita_acara import write_batch_receipt_minutes
from loket.domain.errors import LoketError, NotAllowed
from tests.helpers.papers import kaligawe_minutes, owner_collects

# "<w> 0 0 <h> <x> <y> cm /<name> Do": how reportlab places an image on the page.
PLACED_IMAGE = re.compile(rb"([\d.]+) 0 0 ([\d.]+) [\d.\-]+ [\d.\-]+ cm\s*/(\S+) Do")


def emblem(path: Path, size: tuple[int, int] = (300, 360), fmt: str = "PNG") -> Path:
    """A shield-shaped emblem on a transparent ground, like a regional coat of arms."""
    mode = "RGBA" if fmt == "PNG" else "RGB"
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else (255, 255, 255))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rounded_rectangle((8, 8, width - 8, height - 8), radius=width // 3, fill=(11, 83, 148))
    draw.ellipse((width // 3, height // 4, 2 * width // 3, height // 2), fill=(242, 197, 0))
    image.save(path, fmt)
    return path


def images_on(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every image drawn, page by page."""
    placed = []
    for page in PdfReader(pdf).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        images = {
            name.lstrip("/")
            for name, obj in xobjects.items()
            if obj.get_object().get("/Subtype") == "/Image"
            or obj.get_object().get("/Subtype") == "/Form"
        }
        content = page.get_contents()
        data = content.get_data() if content is not None else b""
        for width, height, name in PLACED_IMAGE.findall(data):
            if name.decode() in images:
                placed.append((float(width), float(height)))
    return placed


def image_xobjects(pdf: Path) -> int:
    count = 0
    for page in PdfReader(pdf).pages:
        for obj in (page["/Resources"].get("/XObject") or {}).values():
            if obj.get_object().get("/Subtype") == "/Image":
                count += 1
    return count


def with_logo(letterhead: Letterhead, path: Path | str) -> Letterhead:
    return dataclasses.replace(letterhead, logo_path=str(path))


# ---------------------------------------------------------------- the header check


def test_png_and_jpeg_headers_give_their_kind_and_size(tmp_path: Path) -> None:
    png = emblem(tmp_path / "lambang.png")
    jpeg = emblem(tmp_path / "lambang.jpg", (240, 320), "JPEG")
    progressive = io.BytesIO()
    Image.open(jpeg).save(progressive, "JPEG", progressive=True)
    assert read_logo_header(png.read_bytes()) == LogoImage(".png", 300, 360)
    assert read_logo_header(jpeg.read_bytes()) == LogoImage(".jpg", 240, 320)
    assert read_logo_header(progressive.getvalue()) == LogoImage(".jpg", 240, 320)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7\n",
        b"GIF89a\x01\x00\x01\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00",  # cut off before its size
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x00\x00\x00\x00\x10",  # 0 wide
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",  # a JPEG that ends before its frame
        b"Logo Kota Semarang",
    ],
    ids=["empty", "pdf", "gif", "cut-png", "zero-width", "cut-jpeg", "text"],
)
def test_what_is_not_a_whole_png_or_jpeg_header_is_refused(data: bytes) -> None:
    assert read_logo_header(data) is None


# ---------------------------------------------------------------- choosing and removing


def test_a_chosen_logo_is_kept_in_the_data_folder_and_audited(
    database: Database, tmp_path: Path, kaligawe: OfficeInfo, admin: StaffMember
) -> None:
    data_root = tmp_path / "data"
    source = emblem(tmp_path / "Lambang Kota Semarang.png")
    kept = office_logo.set_logo(database, data_root, admin, source)
    assert kept == data_root / "logo.png"
    assert kept.read_bytes() == source.read_bytes()
    assert not list(data_root.glob("*.tmp"))
    assert kaligawe.letterhead(data_root).logo_path == str(kept)
    assert kaligawe.letterhead().logo_path == ""  # callers without the folder: no logo
    with database.transaction() as session:
        row = session.scalars(select(AuditEntry).where(AuditEntry.action == "office.logo")).one()
        assert row.staff_id == admin.id
        assert json.loads(row.detail) == {
            "source": "Lambang Kota Semarang.png",
            "bytes": source.stat().st_size,
            "width": 300,
            "height": 360,
            "before": "",
            "after": "logo.png",
        }


def test_a_jpeg_replaces_a_png_and_removing_it_leaves_no_logo(
    database: Database, tmp_path: Path, kaligawe: OfficeInfo, admin: StaffMember
) -> None:
    data_root = tmp_path / "data"
    office_logo.set_logo(database, data_root, admin, emblem(tmp_path / "a.png"))
    office_logo.set_logo(database, data_root, admin, emblem(tmp_path / "b.jpeg", fmt="JPEG"))
    assert sorted(p.name for p in data_root.glob("logo*")) == ["logo.jpg"]
    assert office_logo.logo_file(data_root) == data_root / "logo.jpg"
    office_logo.clear_logo(database, data_root, admin)
    office_logo.clear_logo(database, data_root, admin)  # nothing left: nothing audited
    assert office_logo.logo_file(data_root) is None
    assert kaligawe.letterhead(data_root).logo_path == ""
    with database.transaction() as session:
        actions = session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.action.like("office.logo%"))
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["office.logo", "office.logo", "office.logo_removed"]


def test_a_big_file_a_non_image_and_a_missing_file_are_refused(
    database: Database, tmp_path: Path, admin: StaffMember
) -> None:
    data_root = tmp_path / "data"
    big = tmp_path / "scan-kop.png"
    big.write_bytes(emblem(tmp_path / "x.png").read_bytes() + b"\0" * LOGO_MAX_BYTES)
    with pytest.raises(LoketError, match=r"terlalu besar \(2\.0 MB\); paling besar 2 MB"):
        office_logo.set_logo(database, data_root, admin, big)
    named_png = tmp_path / "logo.png"
    named_png.write_text("bukan gambar", encoding="utf-8")
    with pytest.raises(LoketError, match="bukan gambar PNG atau JPEG"):
        office_logo.set_logo(database, data_root, admin, named_png)
    with pytest.raises(LoketError, match="tidak bisa dibaca"):
        office_logo.set_logo(database, data_root, admin, tmp_path / "hilang.png")
    assert office_logo.logo_file(data_root) is None


def test_only_an_admin_changes_the_logo(
    database: Database, tmp_path: Path, operator: StaffMember
) -> None:
    with pytest.raises(NotAllowed, match="Hanya admin"):
        office_logo.set_logo(database, tmp_path, operator, emblem(tmp_path / "a.png"))
    with pytest.raises(NotAllowed, match="Hanya admin"):
        office_logo.clear_logo(database, tmp_path, operator)
    assert office_logo.logo_file(tmp_path) is None


# ---------------------------------------------------------------- on paper


def test_berita_acara_draws_the_logo_two_cm_tall_with_its_shape_kept(tmp_path: Path) -> None:
    logo = emblem(tmp_path / "logo.png")
    minutes = kaligawe_minutes()
    plain = write_batch_receipt_minutes(minutes, tmp_path / "tanpa-logo.pdf")
    pdf = write_batch_receipt_minutes(
        dataclasses.replace(minutes, letterhead=with_logo(minutes.letterhead, logo)),
        tmp_path / "dengan-logo.pdf",
    )
    assert image_xobjects(plain) == 0
    assert image_xobjects(pdf) == 1
    [(width, height)] = images_on(pdf)
    assert height == pytest.approx(2 * cm, abs=0.01)
    assert width / height == pytest.approx(300 / 360, rel=0.01)
    assert "KELURAHAN KALIGAWE" in PdfReader(pdf).pages[0].extract_text()


def test_a5_receipt_has_the_logo_on_both_halves_and_the_thermal_slip_none(
    tmp_path: Path,
) -> None:
    slip = owner_collects()
    slip = dataclasses.replace(
        slip, letterhead=with_logo(slip.letterhead, emblem(tmp_path / "logo.png"))
    )
    a5 = write_receipt_a5(slip, tmp_path / "a5.pdf")
    assert image_xobjects(a5) == 1  # one picture, drawn on both halves
    halves = images_on(a5)
    assert len(halves) == 2
    assert all(height <= 2 * cm + 0.01 for _width, height in halves)
    assert image_xobjects(write_receipt_thermal(slip, tmp_path / "thermal.pdf")) == 0


def test_a_large_logo_is_embedded_scaled_down(tmp_path: Path) -> None:
    logo = emblem(tmp_path / "besar.png", (1800, 2400))
    minutes = kaligawe_minutes()
    pdf = write_batch_receipt_minutes(
        dataclasses.replace(minutes, letterhead=with_logo(minutes.letterhead, logo)),
        tmp_path / "ba.pdf",
    )
    [image] = [
        obj.get_object()
        for page in PdfReader(pdf).pages
        for obj in (page["/Resources"].get("/XObject") or {}).values()
    ]
    assert image["/Height"] == 600
    assert image["/Width"] == 450


@pytest.mark.parametrize("broken", ["missing", "garbage"])
def test_a_logo_file_gone_or_broken_never_stops_a_paper(tmp_path: Path, broken: str) -> None:
    logo = tmp_path / "logo.png"
    if broken == "garbage":
        logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"rusak" * 100)
    minutes = kaligawe_minutes()
    pdf = write_batch_receipt_minutes(
        dataclasses.replace(minutes, letterhead=with_logo(minutes.letterhead, logo)),
        tmp_path / "ba.pdf",
    )
    assert image_xobjects(pdf) == 0
    assert "BERITA ACARA" in PdfReader(pdf).pages[0].extract_text()
