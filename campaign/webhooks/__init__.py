"""Webhooks: the organisation's systems hear of confirmed signatures and status changes."""
