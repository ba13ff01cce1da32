"""The extension singletons, initialised by `create_app`."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from campaign import ratelimit  # noqa: F401 (registers the memory:// storage)
from campaign.models.base import Base

db = SQLAlchemy(model_class=Base)
# render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds the table.
migrate = Migrate(render_as_batch=True, compare_type=True)
csrf = CSRFProtect()
# The interface language of each request (campaign.i18n.select_locale).
babel = Babel()
login_manager = LoginManager()
# No limit applies by itself: signing checks its own and flags rather than refuses.
# The storage is RATELIMIT_STORAGE_URI (memory:// by default, served by
# campaign.ratelimit; redis://… when shared).
limiter = Limiter(key_func=get_remote_address)
