from tests.outbox.smtp import ascii_smtp_server, smtp_server

__all__ = ["ascii_smtp_server", "smtp_server"]
