"""Defaults for each environment. Values here are never secrets."""

from __future__ import annotations

from typing import Any

# Values that must never reach production; the check refuses them.
DEFAULT_SECRET_KEYS = frozenset({"dev", "development", "change-me", "testing-not-secret"})

COMMON: dict[str, Any] = {
    "SECRET_KEY": None,
    # None means: an SQLite file in the instance folder (see campaign.extensions).
    "SQLALCHEMY_DATABASE_URI": None,
    "ALLOW_SQLITE_IN_PRODUCTION": False,
    "SQLITE_BUSY_TIMEOUT_MS": 10_000,
    # FULL makes an acknowledged signature survive a power cut, not only a crash.
    "SQLITE_SYNCHRONOUS": "FULL",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAIL_URL": None,  # None: write .eml files to instance/outbox
    "MAIL_FROM": "Campaign <appeals@example.org>",
    "BASE_URL": "http://127.0.0.1:5000",
    # The public count: refreshed when older than this (seconds), trailing the clock by
    # the lag so that slow transactions are not skipped, and cached by browsers/proxies.
    "COUNT_REFRESH_SECONDS": 5,
    "COUNT_LAG_SECONDS": 2,
    "COUNT_JSON_MAX_AGE": 10,
    # count.json names a country only from this many signatures: a public "2 in Cambodia"
    # on an appeal against Cambodia's government could point at the people who signed.
    "PUBLIC_COUNTRY_MINIMUM": 10,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "DEFAULT_DEADLINE_DAYS": 30,
    # The zone a deadline's day ends in (an IANA name: "America/New_York").
    "DEADLINE_TIMEZONE": "UTC",
    # Who runs the site: its name in the header and page titles, and the signature of the
    # delivery pack's cover letter. Empty: "Campaign", and the letter is left to sign.
    "ORGANISATION_NAME": "",
    "DEFAULT_LANGUAGE": "en",
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    # The sign form's token is the same for every visitor of an appeal (so that its page
    # can be cached) and accepted for this long after the page was served.
    "SIGN_FORM_TOKEN_SECONDS": 24 * 3600,
    # The public appeal page, as rendered for anonymous visitors, is kept this long in
    # each app process and may be kept as long by proxies (stale for PAGE_STALE_SECONDS).
    "PAGE_CACHE_SECONDS": 5,
    "PAGE_STALE_SECONDS": 30,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "LOG_LEVEL": "INFO",
    "LOGIN_RATE_LIMIT": "10 per 15 minutes",  # failures per IP, and per account from one IP
    "LOGIN_ACCOUNT_RATE_LIMIT": "100 per hour",  # failures per account from every IP
    "API_RATE_LIMIT": "600 per minute",  # per API token (per address without one)
    "LOG_FORMAT": "text",  # json: one JSON object a line, for log collectors
    # Proxies in front of the app (nginx: 1) whose X-Forwarded-* headers are trusted.
    "PROXY_COUNT": 0,
    # /readyz reports the outbox stuck when mail has been due for longer than this.
    "OUTBOX_STUCK_MINUTES": 15,
    # Supporters: signing, confirmation, letters (campaign/signatures).
    "RATELIMIT_STORAGE_URI": "memory://",  # redis://host:6379 with several app processes
    "SIGN_RATE_LIMIT": "10 per hour",  # per IP; beyond it signatures are kept but flagged
    # Per IP, for flagged signatures only: still sent their confirmation e-mail up to this,
    # so that people sharing an address (a mobile network, an office) can confirm and count.
    "FLAGGED_MAIL_LIMIT": "100 per hour",
    "IP_HASH_SECRET": None,  # None: derived from SECRET_KEY
    "EMAIL_CHECK_DELIVERABILITY": False,  # DNS look-ups while validating addresses
    "EMAIL_CANONICAL_PROVIDERS": True,  # gmail dots and +tags count as the same address
    "CONFIRM_TOKEN_DAYS": 30,
    "LINK_TOKEN_DAYS": 365,  # unsubscribe, delete my data, letter links
    "REMINDER_DELAY_HOURS": 48,
    "LETTERS_PER_TARGET_PER_HOUR": 30,
    "LETTER_CC_COPY_TARGETS": True,
    "MAILTO_MAX_LENGTH": 2000,
    "RETENTION_MONTHS": 12,
    # The outbox worker (campaign/outbox).
    "MAIL_OUTBOX_DIR": None,  # None: instance/outbox, when MAIL_URL is unset
    "MAIL_MAX_ATTEMPTS": 8,
    "MAIL_RETRY_SECONDS": 60,
    "MAIL_TIMEOUT_SECONDS": 30,
    "MAIL_WORKER_THREAD": False,
    "MAIL_WORKER_INTERVAL_SECONDS": 5,
}

ENVIRONMENTS: dict[str, dict[str, Any]] = {
    "development": {
        **COMMON,
        # A stable key for local sessions only; production refuses it.
        "SECRET_KEY": "development",
        "LOG_LEVEL": "DEBUG",
        # `make run` sends (or writes) queued mail from a thread of the dev server.
        "MAIL_WORKER_THREAD": True,
    },
    "testing": {
        **COMMON,
        "TESTING": True,
        "SECRET_KEY": "testing-not-secret",
        "SQLITE_SYNCHRONOUS": "OFF",  # test databases are thrown away
        "BASE_URL": "http://localhost",
    },
    "production": {
        **COMMON,
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_SECURE": True,
        "PREFERRED_URL_SCHEME": "https",
        "LOG_FORMAT": "json",
    },
}
