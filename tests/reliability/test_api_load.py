"""The API under concurrent callers: every call answered, none "database is locked"."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.reliability.server import BIN, ROOT, prepare, server_database

pytestmark = pytest.mark.slow


def call(url: str, token: str, body: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if body else "GET")  # noqa: S310
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_concurrent_api_reads_and_signatures_are_all_answered(tmp_path) -> None:
    with server_database(tmp_path) as db_url:
        server = prepare(tmp_path, db_url)
        created = subprocess.run(
            [str(BIN / "flask"), "campaign", "api-token", "create", "Load",
             "--scope", "counts:read", "--scope", "signatures:write"],
            cwd=ROOT, env=server.env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        token = next(w for w in created.stdout.split() if w.startswith("cmp_"))
        server.start()
        try:
            petition = f"{server.url}/api/v1/petitions/kem-sokha"

            def read(_n: int) -> int:
                return call(petition, token)

            def sign(n: int) -> int:
                person = {
                    "given_name": "Load",
                    "family_name": f"Tester {n}",
                    "email_addresses": [{"address": f"api-load-{n}@example.org"}],
                    "postal_addresses": [{"country": "GB"}],
                }
                return call(f"{petition}/signatures", token, {"person": person})

            with ThreadPoolExecutor(max_workers=12) as pool:
                reads = list(pool.map(read, range(150)))
                signs = list(pool.map(sign, range(60)))
            log = server.log.read_text()
        finally:
            server.stop()
    assert set(reads) == {200}
    assert set(signs) <= {200, 201, 202} and len(signs) == 60
    assert "database is locked" not in log
