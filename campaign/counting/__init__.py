"""The signature counter: `Appeal.signature_count` kept right without counting on page views.

A signature *counts* when it is not flagged, not invalidated, and confirmed (or merely
signed, when the appeal does not ask for confirmation). Its *moment* is the time it
started to count. `Appeal.counted_at` is a watermark: the count holds every counted
signature whose moment is at or before it, plus the paper signatures.

- `refresh_count` (public reads): when the watermark is a few seconds old, one guarded
  UPDATE claims the refresh, the signatures counted since the watermark are tallied by
  day and country, and the count moves forward. The watermark trails the clock by a
  small lag so that a transaction committing late is not skipped.
- `adjust` (staff actions): accepting, invalidating or restoring signatures changes the
  count and the tallies at once for rows already behind the watermark.
- `recount_appeal` (`flask campaign recount`, cron): counts everything again and
  repairs drift, e.g. after rows were changed in the database by hand. (Deleting a
  supporter's data on request anonymises their signatures, which go on counting.)
"""

from campaign.counting.services import (
    CountSettings,
    CountState,
    adjust,
    adjust_paper,
    count_state,
    count_states,
    counted_clauses,
    is_stale,
    moment_column,
    recount_appeal,
    refresh_count,
)

__all__ = [
    "CountSettings",
    "CountState",
    "adjust",
    "adjust_paper",
    "count_state",
    "count_states",
    "counted_clauses",
    "is_stale",
    "moment_column",
    "recount_appeal",
    "refresh_count",
]
