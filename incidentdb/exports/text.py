"""Summaries as plain text, for the CSV and the feed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from incidentdb.model import present


class _TextOf(HTMLParser):
    """The text of sanitised summary HTML; a link's address follows its words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.href = dict(attrs).get("href")
        elif tag in ("p", "li", "br"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            self.parts.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(markdown_text: str) -> str:
    """Summary Markdown as one line of plain text: 'see AFP (https://www.afp.com/).'"""
    parser = _TextOf()
    parser.feed(present.rich_text(markdown_text))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()
