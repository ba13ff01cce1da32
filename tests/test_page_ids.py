"""Every page's element ids are unique: a label, an error link or a screen reader's
"described by" that names an id shared by two fields leads to the wrong one."""

from __future__ import annotations

import re
from collections import Counter

from flask import Flask
from sqlalchemy import select

from campaign.demo import load_demo
from campaign.models import Appeal, AppealStatus, Role, Target, utcnow
from tests.conftest import log_in
from tests.factories import make_user

IDS = re.compile(r"""\sid=["']([^"']+)["']""")


def _urls(app: Flask, values: dict[str, object]) -> list[str]:
    """A URL for every GET route whose arguments are all known."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not set(rule.arguments) <= values.keys():
            continue
        if rule.endpoint == "static" or rule.rule.startswith("/api/"):
            continue
        with app.test_request_context():
            urls.append(rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1])
    return urls


def test_no_page_repeats_an_id(app, client, session) -> None:
    load_demo(session, now=utcnow())
    session.flush()
    live = session.scalars(select(Appeal).where(Appeal.status == AppealStatus.LIVE)).first()
    target = session.scalars(select(Target)).first()
    log_in(client, make_user(session, Role.ADMIN))
    values = {"appeal_id": live.id, "slug": live.slug, "target_id": target.id, "lang": "fr",
              "language": "fr"}  # fmt: skip
    checked, repeating = [], {}
    for url in _urls(app, values):
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        repeated = {i: n for i, n in Counter(IDS.findall(response.get_data(as_text=True))).items()
                    if n > 1}  # fmt: skip
        if repeated:
            repeating[url] = repeated
        checked.append(url)
    assert not repeating
    # The pages with several forms are among those checked.
    assert f"/organise/appeals/{live.id}" in checked
    assert f"/staff/appeals/{live.slug}" in checked
    assert len(checked) > 20
