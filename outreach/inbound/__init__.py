"""Inbound email: parse raw messages, thread them to pitches and people, keep the rest."""
