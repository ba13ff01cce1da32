"""E-mail addresses: validated with email-validator, canonicalised for the duplicate check."""

from __future__ import annotations

from email_validator import EmailNotValidError, EmailUndeliverableError, validate_email

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
    try:
        result = validate_email(value.strip(), check_deliverability=check_deliverability)
    except EmailNotValidError as error:
        undeliverable = isinstance(error, EmailUndeliverableError)
        raise InvalidEmail(str(error), undeliverable=undeliverable) from None
    return result.normalized


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
