"""The staff area: counts, signature lists and delivery."""
