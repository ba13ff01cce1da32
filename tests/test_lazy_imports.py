"""Libraries only a few staff downloads need are loaded when first used, not by every worker.

fpdf2 (with fontTools, Pillow and HarfBuzz) and openpyxl would otherwise sit in each
worker's memory for its whole life. Checked in a fresh interpreter: this test process has
long since imported them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAZY = ["fpdf", "fontTools", "uharfbuzz", "PIL", "openpyxl"]

SCRIPT = """
import json, sys
from campaign import create_app

app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
client = app.test_client()
status = client.get("/healthz").status_code
loaded = {name: name in sys.modules for name in %(lazy)r}
from campaign.pdf import new_document

new_document("A letter")
print(json.dumps({"status": status, "loaded": loaded, "fpdf_after_pdf": "fpdf" in sys.modules}))
"""


def test_app_and_a_request_load_no_pdf_or_spreadsheet_library() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT % {"lazy": LAZY}],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["status"] == 200
    assert figures["loaded"] == dict.fromkeys(LAZY, False)
    # The check would see them: making a PDF does load fpdf2.
    assert figures["fpdf_after_pdf"] is True
