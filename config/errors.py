"""The one exception that stops the app from starting."""


class ConfigError(SystemExit):
    """A setting that stops the app from starting.

    A SystemExit so that `gunicorn`, `flask …` and `make run` stop with the
    one-line message instead of a traceback that hides it.
    """
