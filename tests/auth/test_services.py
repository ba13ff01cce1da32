"""Account services: creating users and checking where `next` may lead."""

from __future__ import annotations

import pytest

from campaign.auth.services import AccountError, create_user, safe_next
from campaign.models import Role


def test_create_user_normalises_the_address_and_refuses_a_second_one(session) -> None:
    user = create_user(session, " Ana@Example.ORG ", "a good long password", Role.ADMIN)
    assert user.email == "ana@example.org"
    with pytest.raises(AccountError, match="exists already"):
        create_user(session, "ana@example.org", "another long password", Role.STAFF)


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-address", "a good long password", "not an e-mail"),
        ("a@example.org", "short", "at least"),
    ],
)
def test_create_user_refuses_bad_input(session, email, password, message) -> None:
    with pytest.raises(AccountError, match=message):
        create_user(session, email, password, Role.STAFF)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/staff/", "/staff/"),
        ("/a/kem-sokha?x=1#y", "/a/kem-sokha?x=1#y"),
        ("", None),
        (None, None),
        ("https://evil.example/", None),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("/%0d%0aLocation:x", "/%0d%0aLocation:x"),
        ("/\r\nSet-Cookie:x", None),
    ],
)
def test_safe_next_accepts_only_relative_paths(target, expected) -> None:
    assert safe_next(target) == expected
