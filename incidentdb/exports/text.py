"""Summaries as plain text, for the CSV and the feed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from incidentdb.model import present


class _TextOf(HTMLParser):
    """The text of sanitised summary HTML, as a reader sees it: a link's address follows its
    words, a numbered list keeps its numbers and a bulleted one its dashes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None
        self.lists: list[int | None] = []  # for each open list: the next number, or None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "ol":
            start = dict(attrs).get("start") or "1"
            self.lists.append(int(start) if start.isdigit() else 1)
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "li":
            number = self.lists[-1] if self.lists else None
            if number is None:
                self.parts.append(" - ")
            else:
                self.parts.append(f" {number}. ")
                self.lists[-1] = number + 1
        elif tag in ("p", "br"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            self.parts.append(f" ({self.href})")
            self.href = None
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(markdown_text: str) -> str:
    """Summary Markdown as one line of plain text: 'see AFP (https://www.afp.com/).'"""
    parser = _TextOf()
    parser.feed(present.rich_text(markdown_text))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()
