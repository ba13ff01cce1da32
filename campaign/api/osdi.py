"""Appeals and signatures as OSDI resources (HAL+JSON): petitions, signatures, people."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from campaign.models import Appeal, Signature
from campaign.signatures.services import SignatureData

HAL = "application/hal+json"


def _url(endpoint: str, **values: Any) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def petition(appeal: Appeal) -> dict[str, Any]:
    """An appeal as an OSDI petition (only live and closed appeals are published)."""
    demands = "\n".join(f"- {d.text}" for d in appeal.demands)
    return {
        "identifiers": [f"campaign:{appeal.slug}"],
        "origin_system": "campaign",
        "name": appeal.slug,
        "title": appeal.title,
        "description": appeal.summary,
        "petition_text": demands,
        "status": appeal.status.value,
        "total_signatures": appeal.signature_count,
        "target_goal": appeal.signature_goal,
        "end_date": appeal.deadline.isoformat() if appeal.deadline else None,
        "created_date": appeal.created_at.isoformat(),
        "modified_date": appeal.updated_at.isoformat(),
        "browser_url": _url("appeals.show", slug=appeal.slug),
        "targets": [
            {"name": t.name, "title": t.title, "organization": t.organisation}
            for t in appeal.primary_targets
        ],
        "_links": {
            "self": {"href": _url("api.petition", slug=appeal.slug)},
            "osdi:signatures": {"href": _url("api.signatures", slug=appeal.slug)},
            "osdi:record_signature_helper": {
                "href": _url("api.record_signature", slug=appeal.slug)
            },
        },
    }


def person(signature: Signature | SignatureData) -> dict[str, Any]:
    """The signer as an OSDI person: one name split at its last space, e-mail, country."""
    given, _, family = (signature.name or "").rpartition(" ")
    postal: dict[str, Any] = {"country": signature.country}
    if signature.postcode:
        postal["postal_code"] = signature.postcode
    if signature.city:
        postal["locality"] = signature.city
    return {
        "given_name": given or family,
        "family_name": family if given else "",
        "email_addresses": [{"address": signature.email, "primary": True}]
        if signature.email
        else [],
        "postal_addresses": [postal],
    }


def signature(signature: Signature) -> dict[str, Any]:
    return {
        "identifiers": [f"campaign:signature:{signature.id}"],
        "created_date": signature.created_at.isoformat(),
        "confirmed_date": signature.confirmed_at.isoformat() if signature.confirmed_at else None,
        "comments": signature.comment or "",
        "person": person(signature),
        "consent_to_contact": signature.consent,
        "source": signature.source,
    }


def submitted(data: SignatureData) -> dict[str, Any]:
    """A signature as the caller sent it, for a token that may not read signatures: the
    same for a new address and one that had signed, so the answer tells nothing stored
    (the sign page hides whether an address has signed in the same way)."""
    return {
        "comments": "",
        "person": person(data),
        "consent_to_contact": data.consent,
        "source": data.source,
    }


def page(
    items_key: str,
    items: list[dict[str, Any]],
    total: int,
    paging: Any,
    endpoint: str,
    last_id: int | None = None,
    **values: Any,
) -> dict[str, Any]:
    """A paginated OSDI collection with self, next and prev links. With `last_id` (the
    last item's), the next link starts after it (?after): see campaign.api.openapi.AFTER."""
    page_no, per_page = paging.page, paging.per_page
    pages = max(1, -(-total // per_page))

    def link(number: int, after: int | None = None) -> dict[str, str]:
        # url_for leaves out a value that is None: no ?after where there is none.
        return {"href": _url(endpoint, page=number, per_page=per_page, after=after, **values)}

    links = {"self": link(page_no, paging.after)}
    if page_no < pages:
        links["next"] = link(page_no + 1, last_id)
    if page_no > 1:  # from past the end, back to the last page there is
        links["prev"] = link(min(page_no - 1, pages))
    return {
        "total_records": total,
        "total_pages": pages,
        "page": page_no,
        "per_page": per_page,
        "_embedded": {items_key: items},
        "_links": links,
    }
