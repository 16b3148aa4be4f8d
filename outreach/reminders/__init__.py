"""Reminders: rows with a due time, planned idempotently and fired exactly once by one sweep."""
