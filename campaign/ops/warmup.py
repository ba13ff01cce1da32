"""A server process made ready before its first visitor (gunicorn's post_worker_init,
deploy/gunicorn.conf.py).

A worker's first render of an appeal's page took 0.4-0.5 s: templates compiled,
translations and statements loaded, and a full garbage collection of everything the
imports had made (115-135 ms). In a surge every visitor that reached a worker in that
time waited for it, each time a worker started or was replaced (max_requests, a deploy).
The worker now renders the home page and the pages the live appeals are read through
before it takes a request.

Then it sets aside from the garbage collector what it holds by now (gc.freeze): the app,
its libraries and those caches are kept for the process's life, and a later full
collection, which holds up the requests queued behind it, need no longer walk them.
"""

from __future__ import annotations

import gc
import logging

from flask import Flask

from campaign.ops.logs import REQUEST_ID_HEADER

log = logging.getLogger(__name__)
REQUEST_ID = "warm-up"

# The live appeals whose pages are rendered: the most recently published, which a
# surge is for. Every other page is compiled on its first visit, as before.
APPEALS = 3


def ready_worker(app: object) -> None:
    """Warm `app` (this project's; any other WSGI app is only frozen), then freeze."""
    if isinstance(app, Flask) and app.import_name == "campaign":
        warm_up(app)
    gc.collect()
    gc.freeze()


def warm_up(app: Flask) -> list[tuple[str, int]]:
    """Render the pages a surge reads, as a visitor without cookies would; each path
    with its status. A failure is logged, never raised: the worker then starts cold."""
    answered: list[tuple[str, int]] = []
    try:
        client = app.test_client()
        for path in _paths(app):
            response = client.get(
                path,
                base_url=app.config.get("BASE_URL") or None,
                headers={REQUEST_ID_HEADER: REQUEST_ID},  # its log lines say what they are
            )
            answered.append((path, response.status_code))
            response.close()
    except Exception:
        log.warning("warming the worker up failed; it starts cold", exc_info=True)
    return answered


def _paths(app: Flask) -> list[str]:
    from campaign.appeals.services import live_appeals
    from campaign.extensions import db
    from campaign.models import utcnow

    with app.app_context():
        slugs = [appeal.slug for appeal in live_appeals(db.session, now=utcnow())[:APPEALS]]
    return ["/", *(f"/a/{slug}" for slug in slugs), *(f"/a/{slug}/count.json" for slug in slugs)]
