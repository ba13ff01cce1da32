"""An SMTP server on loopback that appends every message it accepts to a JSON-lines file.

Usage: python smtp_sink.py PORT FILE   (runs until killed)
"""

from __future__ import annotations

import json
import sys
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        entry = {
            "message_id": message["Message-ID"],
            "to": list(envelope.rcpt_tos),
            "subject": message["Subject"],
        }
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")
        return "250 Message accepted"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Recorder(path), hostname="127.0.0.1", port=port)
    controller.start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
