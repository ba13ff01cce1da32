"""Exports for staff: signature lists (CSV, XLSX), counts (CSV, JSON) and the delivery pack (PDF).

Every export streams or builds from a filter (`SignatureFilter`), neutralises cells that a
spreadsheet would read as a formula, and is written to the audit log with its filters and
row count when it starts (see `start_export`).
"""
