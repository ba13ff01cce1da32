"""The nginx site of deploy/nginx: HSTS on every answer, whichever location serves it.

nginx drops the server's add_header lines in a location that has its own, so the check
is made on the answers of a real nginx running the site (TLS and the paths rewritten for
a temporary folder and loopback ports), when nginx is installed; the config's shape is
checked without it.
"""

from __future__ import annotations

import http.server
import os
import pwd
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.outbox.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "campaign.conf"
HEADERS_SNIPPET = "include /etc/nginx/snippets/campaign-headers.conf;"


def _locations(config: str) -> dict[str, str]:
    """Each location's pattern and body (the site has no nested locations)."""
    return dict(re.findall(r"location\s+([^{]+?)\s*\{(.*?)\n\s*\}", config, re.S))


def test_every_location_with_headers_of_its_own_repeats_the_security_headers() -> None:
    config = SITE.read_text()
    with_headers = {k: v for k, v in _locations(config).items() if "add_header" in v}
    assert with_headers  # the static files and the cached public pages
    for pattern, body in with_headers.items():
        assert HEADERS_SNIPPET in body, f"location {pattern} drops HSTS"
    snippet = (ROOT / "deploy" / "nginx" / "campaign-headers.conf").read_text()
    assert 'Strict-Transport-Security "max-age=31536000" always' in snippet


def _test_site(folder: Path, port: int, app_port: int) -> str:
    """campaign.conf on loopback without TLS, its paths inside `folder`."""
    site = SITE.read_text()
    site = site.replace("/etc/nginx/snippets/", f"{ROOT}/deploy/nginx/")
    site = site.replace("/var/cache/nginx/campaign", str(folder / "cache"))
    site = site.replace("/srv/campaign/campaign/static/", f"{ROOT}/campaign/static/")
    site = re.sub(r"server 127\.0\.0\.1:800\d", f"server 127.0.0.1:{app_port}", site)
    site = re.sub(r"^\s*ssl_\w+ .*$", "", site, flags=re.M)
    site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.M)
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{free_port()};", site)
    site = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{port};", site)
    temp = "\n".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Workers run as this user, so that they can write the cache in `folder` (as root,
    # nginx would otherwise hand them to nobody); as anyone else nginx ignores the line.
    user = pwd.getpwuid(os.geteuid()).pw_name
    return (
        f"user {user};\npid {folder / 'nginx.pid'};\nerror_log stderr warn;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}\n{site}\n}}\n"
    )


@pytest.fixture
def app_server() -> Iterator[int]:
    port = free_port()

    class App(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), App)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield port
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_hsts_is_sent_on_pages_counts_static_files_and_the_rest(tmp_path, app_server) -> None:
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(_test_site(tmp_path, port, app_server))
    nginx = subprocess.Popen(
        [
            shutil.which("nginx") or "nginx",
            "-e",
            "stderr",
            "-p",
            str(tmp_path),
            "-c",
            str(conf),
            "-g",
            "daemon off;",
        ],
        stderr=subprocess.PIPE,
    )
    try:
        paths = ["/static/style.css", "/a/kem-sokha", "/a/kem-sokha/count.json", "/staff/"]
        answers = {path: _get(f"http://127.0.0.1:{port}{path}", nginx) for path in paths}
    finally:
        nginx.terminate()
        errors = nginx.communicate(timeout=10)[1].decode()
    for path, headers in answers.items():
        assert "status" not in headers, (path, headers, errors)
        assert headers.get("Strict-Transport-Security") == "max-age=31536000", (path, errors)
    assert answers["/static/style.css"]["X-Content-Type-Options"] == "nosniff"


def _get(url: str, nginx: subprocess.Popen) -> dict[str, str]:
    for _ in range(100):  # nginx takes a moment to listen
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                return dict(response.headers)
        except urllib.error.HTTPError as error:
            return {"status": str(error.code), **dict(error.headers)}
        except OSError:
            if nginx.poll() is not None:
                pytest.fail(f"nginx stopped: {nginx.stderr.read().decode()}")
            time.sleep(0.05)
    pytest.fail(f"no answer from {url}")
