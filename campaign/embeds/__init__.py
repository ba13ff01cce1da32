"""Signing from an organisation's own site: a script that shows the count and the form,
posting to an endpoint that only the appeal's listed origins may call."""
