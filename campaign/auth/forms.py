"""Login form: shape only; the service decides whether the account may log in."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from campaign.i18n.lazy import lazy_gettext as _l


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    """An empty form: logging out is a POST with a CSRF token."""
