"""Telegram-style HTML (b, i, u, s, code, pre, a) as plain text, for any text-only channel: tags
dropped (or turned into terminal styles), entities decoded, a link's address written after it."""
from __future__ import annotations

from html.parser import HTMLParser

STYLES = {"b": "\033[1m", "strong": "\033[1m", "i": "\033[3m", "em": "\033[3m", "u": "\033[4m",
          "code": "\033[36m", "pre": "\033[36m"}
RESET = "\033[0m"


class _PlainText(HTMLParser):
    def __init__(self, styled: bool):
        super().__init__(convert_charrefs=True)
        self.styled = styled
        self.out: list[str] = []
        self.open: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
        elif self.styled and tag in STYLES:
            self.open.append(tag)
            self.out.append(STYLES[tag])

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href and not self.out[-1:] == [href]:
                self.out.append(f" ({href})")
        elif self.styled and tag in STYLES and tag in self.open:
            self.open.remove(tag)
            self.out.append(RESET + "".join(STYLES[t] for t in self.open))

    def handle_data(self, data):
        self.out.append(data)


def to_plain(text: str, styled: bool = False) -> str:
    """What a reply's HTML reads as in plain text; `styled` keeps bold and italic as ANSI styles."""
    parser = _PlainText(styled)
    parser.feed(text)
    parser.close()
    return "".join(parser.out)
