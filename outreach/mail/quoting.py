"""Split the new text of a reply from the history quoted below it.

The timeline shows what the person wrote now, not our own pitch quoted back at us. History starts
at the first line a mail client writes above it: an attribution ("On ... wrote:" and its French,
German, Spanish, Italian, Dutch and Portuguese forms), an Outlook separator or header block, or a
trailing run of "> " lines. Anything after that point is history, even a later answer typed
between quoted lines: the first marker wins, so nothing we sent is shown as theirs.
"""

import re

# "On Tue, 12 Nov 2026 at 10:04, Ana <ana@x> wrote:", "Le ... a écrit :", "Am ... schrieb ...:".
_ATTRIBUTION_START = re.compile(r"^\s*(on|le|am|el|il|op|em)\s", re.IGNORECASE)
_ATTRIBUTION_END = re.compile(
    r"(\bwrote|\ba\s+écrit|\bschrieb\b.*|\bescribió|\bha\s+scritto|\bschreef\b.*|\bescreveu)\s*:\s*$",
    re.IGNORECASE,
)
# An attribution is one sentence; a long paragraph ending in "wrote:" is the person's own text.
_ATTRIBUTION_MAX_CHARS = 300

_ORIGINAL_MESSAGE = re.compile(
    r"^\s*-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"messaggio originale|forwarded message|message transféré|weitergeleitete nachricht)"
    r"\s*-{2,}\s*$",
    re.IGNORECASE,
)
_UNDERSCORE_RULE = re.compile(r"^\s*_{10,}\s*$")
# Outlook writes the quoted message's headers, sometimes in bold ("*From:*") once converted.
_FROM_LINE = re.compile(r"^\s*\*?(from|de|von|da|van)\s?:\*?\s*\S", re.IGNORECASE)
_SENT_LINE = re.compile(
    r"^\s*\*?(sent|date|envoyé|gesendet|datum|enviado|fecha|inviato|data|verzonden)\s?:\*?\s*\S",
    re.IGNORECASE,
)


def split_quoted(text: str) -> tuple[str, str]:
    """(new text, quoted history) for `text` with "\\n" line endings.

    When everything is history (a forward with no comment, a bare quote), the whole text is the
    new text and the history is empty, so a message is never shown as blank.
    """
    lines = text.split("\n")
    start = _history_start(lines)
    if start is None:
        return text.strip("\n"), ""
    new = "\n".join(lines[:start]).strip("\n")
    quoted = "\n".join(lines[start:]).strip("\n")
    if not new.strip():
        return text.strip("\n"), ""
    return new, quoted


def _history_start(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if _is_attribution(lines, index):
            return index
        if _ORIGINAL_MESSAGE.match(line):
            return index
        if _UNDERSCORE_RULE.match(line) and _next_is_from_line(lines, index):
            return index
        if _FROM_LINE.match(line) and _is_header_block(lines, index):
            return index
    return _trailing_quote_start(lines)


def _is_attribution(lines: list[str], index: int) -> bool:
    line = lines[index]
    if not _ATTRIBUTION_START.match(line):
        return False
    if len(line) <= _ATTRIBUTION_MAX_CHARS and _ATTRIBUTION_END.search(line):
        return True
    # Gmail wraps a long attribution: "On ..., Ana Rocha <ana@x>" / "wrote:".
    if index + 1 < len(lines):
        joined = f"{line} {lines[index + 1]}"
        if len(joined) <= _ATTRIBUTION_MAX_CHARS and _ATTRIBUTION_END.search(joined):
            return True
    return False


def _next_is_from_line(lines: list[str], index: int) -> bool:
    for line in lines[index + 1 : index + 4]:
        if not line.strip():
            continue
        return bool(_FROM_LINE.match(line))
    return False


def _is_header_block(lines: list[str], index: int) -> bool:
    # Outlook mobile puts "Date:" on the next line, desktop Outlook "Sent:"; either way within
    # two lines of "From:" (a long "From:" can wrap once).
    return any(_SENT_LINE.match(line) for line in lines[index + 1 : index + 3])


def _trailing_quote_start(lines: list[str]) -> int | None:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    if not end or not lines[end - 1].lstrip().startswith(">"):
        return None
    start = end
    while start and (lines[start - 1].lstrip().startswith(">") or not lines[start - 1].strip()):
        start -= 1
    while start < end and not lines[start].strip():
        start += 1
    return start
