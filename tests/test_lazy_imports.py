"""Libraries only a few requests need are loaded when first used, not by every worker.

fpdf2 (with fontTools, Pillow and HarfBuzz), openpyxl and Flask-Migrate (with Alembic)
would otherwise sit in each worker's memory for its whole life. The first test looks in a
fresh interpreter: this test process has long since imported them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAZY = ["fpdf", "fontTools", "uharfbuzz", "PIL", "openpyxl", "flask_migrate", "alembic"]

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


def test_app_and_a_request_load_no_pdf_spreadsheet_or_migration_library() -> None:
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


def test_migration_settings_load_once_when_first_read() -> None:
    from campaign import create_app
    from campaign.extensions import _Migrations

    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    stand_in = app.extensions["migrate"]
    assert isinstance(stand_in, _Migrations)
    directory = stand_in.directory
    loaded = app.extensions["migrate"]
    assert loaded is not stand_in
    assert directory == loaded.directory == str(ROOT / "migrations")
    assert loaded.configure_args == {"compare_type": True, "render_as_batch": True}
    assert stand_in.db is loaded.db  # a reference kept from before reads the same settings
    assert app.extensions["migrate"] is loaded
