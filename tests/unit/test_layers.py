"""The core knows nothing of the window: core, db and documents import no Qt; core no reportlab."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import loket.core.intake, loket.core.batch_closing, loket.core.manifest, loket.core.office
import loket.core.staff, loket.core.intake_messages, loket.cli, loket.demo
import loket.core.handover, loket.core.lookup, loket.core.settings, loket.core.desk_settings
import loket.core.reports, loket.core.returns, loket.core.stock, loket.core.document_register
assert "reportlab" not in sys.modules, "core imported reportlab"
import loket.db.open, loket.documents.berita_acara, loket.documents.barcode_sheet
import loket.documents.receipt, loket.documents.daily_report, loket.documents.monthly_recap
import loket.documents.xlsx_export, loket.documents.stock_export
import loket.documents.berita_acara_pengembalian
bad = sorted(name for name in sys.modules if name.startswith("PySide6"))
assert not bad, bad
print("clean")
"""


def test_core_db_and_documents_import_no_qt_and_core_no_reportlab() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
