"""E-mail addresses: validated with email-validator, canonicalised for the duplicate check."""

from __future__ import annotations

import re
from functools import lru_cache

from email_validator import (
    EmailNotValidError,
    EmailUndeliverableError,
    ValidatedEmail,
    validate_email,
)
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES
from email_validator.syntax import validate_email_local_part

# Providers that ignore what follows a "+" in the local part, and those that also
# ignore dots. Mail to any of the variants reaches the same person.
PLUS_TAG_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "fastmail.com",
        "proton.me",
        "protonmail.com",
        "icloud.com",
    }
)
DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


class InvalidEmail(ValueError):
    """An address that cannot receive mail; the message is meant for the person typing it.

    `undeliverable`: written correctly, but its domain takes no mail."""

    def __init__(self, message: str, *, undeliverable: bool = False) -> None:
        super().__init__(message)
        self.undeliverable = undeliverable


def normalise_email(value: str, *, check_deliverability: bool = False) -> str:
    """The address as given with its domain normalised (lower case); InvalidEmail if bad."""
    address = value.strip()
    if not check_deliverability:
        normalised = _taken_in_parts(address)
        if normalised is not None:
            return normalised
    try:
        result = validate_email(address, check_deliverability=check_deliverability)
    except EmailNotValidError as error:
        undeliverable = isinstance(error, EmailUndeliverableError)
        raise InvalidEmail(str(error), undeliverable=undeliverable) from None
    return result.normalized


# A domain email-validator takes, beside the part before the @ while only that is checked.
_STAND_IN_DOMAIN = "a.org"
_LONGEST = 254  # octets: email-validator's limit for each form of the whole address


def _taken_in_parts(address: str) -> str | None:
    """validate_email(address).normalized when it takes the address, else None.

    The address is checked by email-validator as two parts: the part after the last @
    once per domain (most signers of an appeal share a few dozen), the part before it on
    its own (_checked_local_part). Most of the library's time goes on the domain, and its
    checks of either part do not read the other, but for the whole's length, checked
    here as it does. None for anything either part or the length refuses: the whole
    address is then checked again, to say why (tests/signatures/test_addresses.py
    holds the two ways to each other)."""
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return None
    checked_domain = _checked_domain(domain)
    if checked_domain is None:
        return None
    mailbox = _checked_local_part(local)
    if mailbox is None:
        return None
    local_part, ascii_local_part = mailbox
    normalised = f"{local_part}@{checked_domain.domain}"
    ascii_form = f"{ascii_local_part or local_part}@{checked_domain.ascii_domain}"
    if any(len(form.encode()) > _LONGEST for form in (address, normalised, ascii_form)):
        return None
    return normalised


# The part before the @ as nearly everyone types it: ASCII letters, digits and the
# symbols an unquoted local part may hold, nothing that quotes, escapes or names a display
# name. email-validator's own splitting of the address, and its check of the stand-in
# domain, then have nothing to find: the local part's check alone is a thirtieth of it.
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+")


def _checked_local_part(local: str) -> tuple[str, str | None] | None:
    """(local part, its ASCII form) as validate_email normalises them, or None if refused."""
    if _PLAIN_LOCAL.fullmatch(local) is None:
        try:
            mailbox = validate_email(f"{local}@{_STAND_IN_DOMAIN}", check_deliverability=False)
        except EmailNotValidError:
            return None
        return mailbox.local_part, mailbox.ascii_local_part
    try:
        checked = validate_email_local_part(
            local, allow_smtputf8=True, allow_empty_local=False, quoted_local_part=False
        )
    except EmailNotValidError:
        return None
    local_part, ascii_local_part = checked["local_part"], checked["ascii_local_part"]
    # As validate_email does: RFC 2142's role names are the same in any case.
    if ascii_local_part is not None and ascii_local_part.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:
        local_part, ascii_local_part = local_part.lower(), ascii_local_part.lower()
    return local_part, ascii_local_part


@lru_cache(maxsize=4096)
def _checked_domain(domain: str) -> ValidatedEmail | None:
    try:
        return validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return None


def canonical_email(normalised: str, *, providers: bool = True) -> str:
    """The form two addresses share when they reach the same mailbox (for duplicates)."""
    local, _, domain = normalised.rpartition("@")
    local, domain = local.casefold(), domain.casefold()
    if providers:
        domain = DOMAIN_ALIASES.get(domain, domain)
        if domain in PLUS_TAG_DOMAINS:
            local = local.split("+", 1)[0] or local
        if domain in DOTLESS_DOMAINS:
            local = local.replace(".", "") or local
    return f"{local}@{domain}"
