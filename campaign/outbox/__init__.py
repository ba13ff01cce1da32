"""The outbox: every e-mail is a row written in the transaction that causes it, then sent
by a worker. Nothing here talks to a mail server."""
