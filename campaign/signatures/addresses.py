"""E-mail addresses: validated with email-validator, canonicalised for the duplicate check."""

from __future__ import annotations

from functools import lru_cache

from email_validator import (
    EmailNotValidError,
    EmailUndeliverableError,
    ValidatedEmail,
    validate_email,
)

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
    once per domain (most signers of an appeal share a few dozen), the part before it
    beside a stand-in domain. Most of the library's time goes on the domain, and its
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
    try:
        mailbox = validate_email(f"{local}@{_STAND_IN_DOMAIN}", check_deliverability=False)
    except EmailNotValidError:
        return None
    normalised = f"{mailbox.local_part}@{checked_domain.domain}"
    ascii_form = f"{mailbox.ascii_local_part or mailbox.local_part}@{checked_domain.ascii_domain}"
    if any(len(form.encode()) > _LONGEST for form in (address, normalised, ascii_form)):
        return None
    return normalised


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
