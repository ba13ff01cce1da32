"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.

The tests validate real responses against the schemas here, so this stays true.
"""

from __future__ import annotations

from typing import Any

LINK = {"type": "object", "required": ["href"], "properties": {"href": {"type": "string"}}}
NULLABLE_STRING = {"type": ["string", "null"]}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "fields": {"type": "object"},
        },
    },
    "Target": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "title": {"type": "string"},
            "organization": {"type": "string"},
        },
    },
    "Petition": {
        "type": "object",
        "required": [
            "identifiers",
            "name",
            "title",
            "description",
            "petition_text",
            "status",
            "total_signatures",
            "browser_url",
            "targets",
            "_links",
        ],
        "properties": {
            "identifiers": {"type": "array", "items": {"type": "string"}},
            "origin_system": {"type": "string"},
            "name": {"type": "string", "description": "the appeal's slug"},
            "title": {"type": "string"},
            "description": {"type": "string", "description": "the case in a few sentences"},
            "petition_text": {"type": "string", "description": "the demands, one per line"},
            "status": {"enum": ["live", "closed", "archived"]},
            "total_signatures": {"type": "integer", "minimum": 0},
            "target_goal": {"type": ["integer", "null"]},
            "end_date": NULLABLE_STRING,
            "created_date": {"type": "string"},
            "modified_date": {"type": "string"},
            "browser_url": {"type": "string"},
            "targets": {"type": "array", "items": {"$ref": "#/components/schemas/Target"}},
            "_links": {"type": "object", "required": ["self"], "additionalProperties": LINK},
        },
    },
    "Person": {
        "type": "object",
        "required": ["given_name", "email_addresses", "postal_addresses"],
        "properties": {
            "given_name": {"type": "string"},
            "family_name": {
                "type": "string",
                "description": "optional: many people have one name, sent as given_name",
            },
            "email_addresses": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["address"],
                    "properties": {"address": {"type": "string"}, "primary": {"type": "boolean"}},
                },
            },
            "postal_addresses": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["country"],
                    "properties": {
                        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                        "postal_code": {"type": "string"},
                        "locality": {"type": "string"},
                    },
                },
            },
        },
    },
    "Signature": {
        "type": "object",
        "required": ["identifiers", "created_date", "person"],
        "properties": {
            "identifiers": {"type": "array", "items": {"type": "string"}},
            "created_date": {"type": "string"},
            "confirmed_date": NULLABLE_STRING,
            "comments": {"type": "string"},
            "consent_to_contact": {"type": "boolean"},
            "source": {"type": "string"},
            "person": {"$ref": "#/components/schemas/Person"},
        },
    },
    "SubmittedSignature": {
        "type": "object",
        "description": "the signature as it was sent, with nothing stored: the answer to a "
        "token without signatures:read, the same whether or not the address had signed",
        "required": ["person"],
        "properties": {
            "comments": {"type": "string"},
            "consent_to_contact": {"type": "boolean"},
            "source": {"type": "string"},
            "person": {"$ref": "#/components/schemas/Person"},
        },
    },
    "RecordSignature": {
        "type": "object",
        "required": ["person"],
        "properties": {
            "person": {"$ref": "#/components/schemas/Person"},
            "consent_to_contact": {"type": "boolean", "default": False},
            "consent_text": {
                "type": "string",
                "description": "the words the person agreed to; kept only when "
                "consent_to_contact is true",
            },
        },
    },
}


def collection(key: str, item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["total_records", "total_pages", "page", "per_page", "_embedded", "_links"],
        "properties": {
            "total_records": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "_embedded": {
                "type": "object",
                "required": [key],
                "properties": {
                    key: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}
                },
            },
            "_links": {"type": "object", "additionalProperties": LINK},
        },
    }


SCHEMAS["EntryPoint"] = {
    "type": "object",
    "required": ["osdi_version", "_links"],
    "properties": {
        "motd": {"type": "string"},
        "vendor_name": {"type": "string"},
        "product_name": {"type": "string"},
        "osdi_version": {"type": "string"},
        "_links": {"type": "object", "required": ["self"], "additionalProperties": LINK},
    },
}
SCHEMAS["PetitionPage"] = collection("osdi:petitions", "Petition")
SCHEMAS["SignaturePage"] = collection("osdi:signatures", "Signature")


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/hal+json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


ERROR = {
    "description": "an error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
PAGING = [
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
    },
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    },
]
# A signature list's `next` link gives the id its page ended on: read from there, a page
# far into a long list costs what the first does (a page number is counted off from the
# start). The page number is still given, for the collection's `page`.
AFTER = {
    "name": "after",
    "in": "query",
    "description": "the id the page before ended on (the `next` link gives it): the page "
    "starts after it instead of being counted off from the start",
    "schema": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
}
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}


def _error(description: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    answer = ERROR | {"description": description}
    if headers:
        answer["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in headers.items()
        }
    return answer


UNAUTHORIZED = _error("no valid token", {"WWW-Authenticate": 'Bearer realm="api" (RFC 6750)'})
TOO_MANY = _error(
    "past API_RATE_LIMIT for this token (for this address without a valid one)",
    {"Retry-After": "seconds until the limit resets"},
)
NOT_ALLOWED = _error("a method this path does not take", {"Allow": "the methods it takes"})
TOO_LARGE = _error("a body larger than the server accepts (MAX_UPLOAD_BYTES)")
FAILURES = {
    "401": UNAUTHORIZED,
    "403": ERROR,
    "404": ERROR,
    "405": NOT_ALLOWED,
    "429": TOO_MANY,
}
PAGED_FAILURES = {"400": ERROR, **FAILURES}


def openapi_document(base_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "campaign API",
            "version": "1",
            "description": "Urgent appeals as OSDI petitions. Tokens are created by admins "
            "with scopes counts:read, signatures:read and signatures:write.",
        },
        "servers": [{"url": base_url.rstrip("/") + "/api/v1"}],
        "security": [{"token": []}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "paths": {
            "/": {
                "get": {
                    "summary": "OSDI's entry point: what this server offers, and where",
                    "security": [],
                    "responses": {
                        "200": _json("EntryPoint", "the entry point"),
                        "405": NOT_ALLOWED,
                        "429": TOO_MANY,
                    },
                }
            },
            "/petitions": {
                "get": {
                    "summary": "Appeals taking signatures now (scope counts:read)",
                    "parameters": PAGING,
                    "responses": {
                        "200": _json("PetitionPage", "a page of petitions"),
                        **PAGED_FAILURES,
                    },
                }
            },
            "/petitions/{slug}": {
                "get": {
                    "summary": "One appeal (scope counts:read)",
                    "parameters": [SLUG],
                    "responses": {"200": _json("Petition", "the petition"), **FAILURES},
                }
            },
            "/petitions/{slug}/signatures": {
                "get": {
                    "summary": "Counted signatures, oldest first (scope signatures:read)",
                    "parameters": [SLUG, *PAGING, AFTER],
                    "responses": {
                        "200": _json("SignaturePage", "a page of signatures"),
                        **PAGED_FAILURES,
                    },
                },
                "post": {
                    "summary": "Record a signature (OSDI record signature helper; scope "
                    "signatures:write). With signatures:read as well: 201 and the stored "
                    "signature when new, 200 and the earlier signature when the address had "
                    "signed. Without it: 202 and the signature as sent, in both cases.",
                    "parameters": [SLUG],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/RecordSignature"}
                            }
                        },
                    },
                    "responses": {
                        "201": _json("Signature", "recorded"),
                        "200": _json("Signature", "signed before"),
                        "202": _json("SubmittedSignature", "accepted (no signatures:read)"),
                        "400": ERROR,
                        "409": ERROR,
                        "413": TOO_LARGE,
                        "422": ERROR,
                        **FAILURES,
                    },
                },
            },
        },
    }
