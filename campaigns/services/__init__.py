"""Writes for campaigns: each module one part of a partnership, each service one transaction."""
