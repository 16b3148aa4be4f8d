"""HTML email body -> plain text that is safe to show and search.

Only text nodes survive: no tag, attribute or script reaches the result, so a reply can be shown
in a page (autoescaped) or indexed without carrying the sender's markup. Block elements become
line breaks so paragraphs stay readable, and a link keeps its URL next to its text when the two
differ (people paste "click here" links to their media kit).

Quoted history starts at the first <blockquote> or Gmail's `div.gmail_quote`; the text after that
point is returned separately so the reply and the history can be split like plain-text mail.
"""

import re
from html import unescape
from html.parser import HTMLParser

# Their contents are never text a person wrote for the reader.
DROPPED_ELEMENTS = frozenset(
    {"script", "style", "head", "title", "template", "noscript", "iframe", "object"}
)
# Each of these starts and ends on its own line.
BLOCK_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    }
)
# Paragraph-like elements get a blank line around them, as a mail client shows them.
PARAGRAPH_ELEMENTS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol"}
)
# Elements that never have an end tag, so they must not open a dropped or quoted region.
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
# Class names mail clients put on the element that wraps the quoted history.
QUOTE_CLASSES = frozenset({"gmail_quote", "gmail_quote_container", "yahoo_quoted"})
LINK_SCHEMES = ("http://", "https://", "mailto:")

_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_TAG = re.compile(r"<[^>]*>?")
_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_DECLARATION = re.compile(r"<[!?][^>]*(?:>|\Z)")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropped: list[str] = []  # open dropped elements, innermost last
        self.pre_depth = 0
        self.links: list[tuple[str, int]] = []  # (href, index into out where its text starts)
        self.quote_start: int | None = None  # index into out where the history begins

    # Output helpers

    def _tail(self) -> str:
        """The last few characters written, enough to decide on spacing and line breaks."""
        tail = ""
        for chunk in reversed(self.out):
            tail = chunk + tail
            if len(tail) >= 2:
                break
        return tail

    def _break(self, blank_line: bool = False) -> None:
        """End the current line (and leave a blank one) unless that is already done."""
        tail = self._tail()
        if not tail:
            return
        wanted = "\n\n" if blank_line else "\n"
        missing = len(wanted) - (len(tail) - len(tail.rstrip("\n")))
        if missing > 0:
            self.out.append("\n" * missing)

    # Parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            # A <head> left open must not swallow the whole message.
            self.dropped.clear()
            return
        if self.dropped:
            if tag in DROPPED_ELEMENTS and tag not in VOID_ELEMENTS:
                self.dropped.append(tag)
            return
        if tag in DROPPED_ELEMENTS:
            self.dropped.append(tag)
            return
        if self.quote_start is None and self._starts_quote(tag, attrs):
            self._break()
            self.quote_start = len(self.out)
        if tag == "br":
            self.out.append("\n")
        elif tag in BLOCK_ELEMENTS:
            self._break(blank_line=tag in PARAGRAPH_ELEMENTS)
            if tag == "pre":
                self.pre_depth += 1
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self.links.append((href, len(self.out)))
        elif tag in ("td", "th"):
            tail = self._tail()
            if tail and not tail.endswith(("\n", " ")):
                self.out.append(" ")  # cells of a row stay apart: "Size 39"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <div/>: nothing opens, so nothing to drop or close later.
        if self.dropped or tag in DROPPED_ELEMENTS:
            return
        if tag == "br":
            self.out.append("\n")
        elif tag in BLOCK_ELEMENTS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self.dropped:
            if tag in self.dropped:
                while self.dropped and self.dropped.pop() != tag:
                    pass
            return
        if tag in BLOCK_ELEMENTS:
            self._break(blank_line=tag in PARAGRAPH_ELEMENTS)
            if tag == "pre" and self.pre_depth:
                self.pre_depth -= 1
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            self._append_link_target(href, start)

    def handle_data(self, data: str) -> None:
        if self.dropped or not data:
            return
        if self.pre_depth:
            self.out.append(data.replace("\u00a0", " "))
            return
        text = _SPACES.sub(" ", data)
        tail = self._tail()
        if not tail or tail.endswith(("\n", " ")):
            text = text.lstrip(" ")
        if text:
            self.out.append(text)

    # Helpers

    @staticmethod
    def _starts_quote(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag == "blockquote":
            return True
        if tag != "div":
            return False
        classes = set((dict(attrs).get("class") or "").split())
        return bool(classes & QUOTE_CLASSES)

    def _append_link_target(self, href: str, start: int) -> None:
        if not href.lower().startswith(LINK_SCHEMES) or _SPACES.search(href):
            return
        text = "".join(self.out[start:]).strip()
        if not text:
            return  # an image link (a logo, a social icon) shows nothing
        address = href[len("mailto:") :] if href.lower().startswith("mailto:") else href
        if text.rstrip("/").lower() in (href.rstrip("/").lower(), address.lower()):
            return
        self.out.append(f" ({href})")


def html_to_text_parts(markup: str) -> tuple[str, str]:
    """(text before the quoted history, the quoted history), both plain text, not normalized."""
    parser = _TextExtractor()
    try:
        parser.feed(_without_unfinished_markup(markup))
        parser.close()
    except Exception:
        # The standard parser is forgiving but not guaranteed total on garbage; fall back to
        # dropping anything tag-shaped so markup still never leaks through.
        return _strip_tags(markup), ""
    if parser.quote_start is None:
        return "".join(parser.out), ""
    return "".join(parser.out[: parser.quote_start]), "".join(parser.out[parser.quote_start :])


def _without_unfinished_markup(markup: str) -> str:
    """Markup the standard parser would hand back as text, or read in quadratic time, removed
    the way a browser ignores it.

    Comments, declarations and processing instructions are never text; an unterminated one runs
    to the end of the document. A tag opened after the last ">" can never close, and without
    this the parser rescans the rest of the document for each such "<" (a few hundred
    kilobytes of "<a" took minutes).
    """
    markup = markup.replace("\x00", "")  # the parser gives up on a tag with NUL in it
    markup = _COMMENT.sub("", markup)
    markup = _DECLARATION.sub("", markup)
    last_close = markup.rfind(">")
    unfinished = _TAG_OPEN.search(markup, last_close + 1)
    if unfinished:
        markup = markup[: unfinished.start()]
    return markup


def _strip_tags(markup: str) -> str:
    without_dropped = re.sub(
        r"<(script|style|head|title|template|noscript|iframe|object)\b.*?(</\1\s*>|$)",
        " ",
        markup,
        flags=re.IGNORECASE | re.DOTALL,
    )
    return _TAG.sub(" ", unescape(_TAG.sub(" ", without_dropped))).replace("<", " ")
