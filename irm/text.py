"""Sentences people read, built from parts that may already end a sentence."""

SENTENCE_ENDS = (".", "!", "?", "…")


def sentence(text: str) -> str:
    """`text` ending with one full stop. A part typed by a person ("They emailed us first.") or
    a name ("Ana R.") may already end with one: "first.." and "R.." read as typing mistakes."""
    text = text.rstrip()
    return text if text.endswith(SENTENCE_ENDS) else f"{text}."
