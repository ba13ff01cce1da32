"""``python -m campaign.extract FILE [--json]``."""

from .cli import main

raise SystemExit(main())
