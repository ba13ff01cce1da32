"""Structured logs: one JSON object a line, each with the id of the request it belongs to."""

from __future__ import annotations

import json
import logging
import os
import re
import time
from datetime import UTC, datetime

from flask import Flask, Response, g, has_app_context, request

# An incoming id is kept only when it is short and plain (it is echoed in headers and logs).
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
REQUEST_ID_HEADER = "X-Request-Id"
# Route arguments that are secrets: the e-mailed links (confirm, letter, unsubscribe,
# delete my data) carry a signed token valid for up to a year, which anyone reading the
# logs could use. The line keeps the route, with the token's place marked.
SECRET_ARGUMENTS = ("token",)
REDACTED = "[token]"


def init_app(app: Flask) -> None:
    configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"], propagate=app.testing)
    app.before_request(_start_request)
    app.after_request(_finish_request)


def current_request_id() -> str | None:
    # The app context, not only the request's: sign POSTs answered before Flask
    # (campaign.signatures.quick_wsgi) have only that.
    return g.get("request_id") if has_app_context() else None


class RequestIdFilter(logging.Filter):
    """Stamp every record with the current request's id (None outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(fmt: str, level: str, *, propagate: bool = False) -> None:
    """Send the app's logs to stderr, as JSON lines or plain text."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    logger = logging.getLogger("campaign")
    logger.handlers = [handler]
    logger.setLevel(level)
    # Not propagated, so that a root handler (gunicorn's, say) does not print lines twice;
    # tests propagate to reach pytest's capture.
    logger.propagate = propagate


def _start_request() -> None:
    start_request(request.headers.get(REQUEST_ID_HEADER, ""))


def start_request(given_id: str) -> None:
    """Note the request's id (the one it came with when plain, else a new one) and start."""
    # 128 random bits, as a UUID4's hex without its version digits (and its object).
    g.request_id = given_id if REQUEST_ID.match(given_id) else os.urandom(16).hex()
    g.request_started = time.perf_counter()


def logged_path() -> str:
    """The request's path as the log shows it: the secret arguments of its route redacted."""
    path = request.path
    for name in SECRET_ARGUMENTS:
        value = (request.view_args or {}).get(name)
        if isinstance(value, str) and value:
            path = path.replace(value, REDACTED)
    return path


def _finish_request(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
    log_request(request.method, logged_path(), response.status_code)
    return response


def log_request(method: str, path: str, status: int) -> None:
    """One line for the request, with the time since start_request."""
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    logging.getLogger("campaign.request").info(
        "%s %s %s", method, path, status,
        extra={"fields": {"method": method, "path": path,
                          "status": status, "ms": round(elapsed_ms, 1)}},
    )  # fmt: skip
