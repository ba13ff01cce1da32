"""The small case every call-form test appends its sentence to."""

from campaign.extract import extract_release

CASE = (
    "Freedonia: Free Ana Lima now\n\n"
    "Ana Lima, a journalist, was arrested on 2 March 2020 and charged with sedition. "
    "Ana Lima has been held without trial since then.\n\n"
)


def demands(text: str) -> list[str]:
    """The demands extracted from the case followed by `text`."""
    return [d.text for d in extract_release(CASE + text).demands]
