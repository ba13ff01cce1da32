"""normalise_email checks most addresses in two parts (the domain once per process):
it must take, refuse and normalise every address exactly as email-validator does on the
whole, with the same message when it refuses."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import example, given, settings
from hypothesis import strategies as st

from campaign.signatures import addresses
from campaign.signatures.addresses import InvalidEmail, normalise_email


def by_the_library(address: str) -> str:
    """What normalise_email answers when email-validator checks the whole address."""
    try:
        return validate_email(address.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        return f"refused: {error}"


def by_the_app(address: str) -> str:
    try:
        return normalise_email(address)
    except InvalidEmail as error:
        return f"refused: {error}"


ATOM = st.text(
    alphabet=st.sampled_from("abcXYZ019.-_+!#'~\"@ ()[]<>,;:\\é\u00fc\u0301\u4e2d\u200b\t"),
    min_size=0,
    max_size=12,
)
LABEL = st.text(alphabet=st.sampled_from("abcxyz0189-_.\u00fc\u00e9\u00df\u4e2dXN"), max_size=12)
DOMAIN = st.lists(LABEL, min_size=0, max_size=4).map(".".join) | st.sampled_from(
    ["example.org", "EXAMPLE.ORG", "localhost", "x.test", "a.b", "1.2.3.4", "[1.2.3.4]"]
)
# Long parts, to reach each of the length limits (64 before the @, 254 in all).
LONG = st.integers(min_value=50, max_value=260).map(lambda n: "a" * n)
ADDRESS = st.one_of(
    st.emails(),
    st.builds(lambda a, d: f"{a}@{d}", ATOM | LONG, DOMAIN),
    st.builds(lambda a, d: f"{a}@{d}.org", ATOM, LONG.map(lambda s: ".".join([s[:60]] * 5))),
    st.text(max_size=30),
)


@given(ADDRESS)
@settings(max_examples=400)
@example("Ana@Example.ORG")
@example("Postmaster@example.org")  # lower-cased by the library
@example("ana..ruiz@example.org")
@example(".ana@example.org")
@example("ana.@example.org")
@example("a" * 65 + "@example.org")  # 64 octets at most before the @
@example("o'brien+{x}|y@example.org")
@example("ü@bücher.de")
@example("a@xn--bcher-kva.de")
@example("ana@b@example.org")
@example("Ana <ana@example.org>")
@example('"ana"@example.org')
@example("a@[1.2.3.4]")
@example("ana@localhost")
@example(" ana@example.org ")
@example("a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".orgabc")  # 254 octets in all: taken
@example("a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".orgabcd")  # 255: refused
def test_the_app_takes_an_address_exactly_as_email_validator_does(address: str) -> None:
    assert by_the_app(address) == by_the_library(address)


def test_a_common_address_is_taken_in_parts_and_its_domain_checked_once() -> None:
    addresses._checked_domain.cache_clear()
    for n in range(20):
        assert addresses._taken_in_parts(f"Supporter.{n}@Example.ORG") == (
            f"Supporter.{n}@example.org"
        )
    info = addresses._checked_domain.cache_info()
    assert (info.misses, info.hits) == (1, 19)


@pytest.mark.parametrize(
    "address",
    [
        "ana@localhost",
        "Ana <ana@example.org>",
        "ana@example",
        # Each part taken alone, the whole longer than 254 octets.
        "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".orgabcd",
    ],
)
def test_a_refused_address_is_checked_whole_for_its_message(address: str) -> None:
    assert addresses._taken_in_parts(address) is None
    with pytest.raises(InvalidEmail) as refused:
        normalise_email(address)
    assert str(refused.value) == by_the_library(address).removeprefix("refused: ")
