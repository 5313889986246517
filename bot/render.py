"""The jinja2 environment (HTML autoescape) and Telegram's limits on what is sent."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .knowledge import LANGS, ROOT, Knowledge

TEMPLATES_DIR = ROOT / "templates"
MAX_TEXT = 4096       # characters in one Telegram message
MAX_CALLBACK = 64     # bytes of callback data on one button


class CallbackTooLong(ValueError):
    """Button data longer than Telegram's 64 bytes."""


def callback(*parts: object) -> str:
    """Button data: parts joined by ':', checked against Telegram's 64-byte limit."""
    data = ":".join(str(p) for p in parts)
    if len(data.encode("utf-8")) > MAX_CALLBACK:
        raise CallbackTooLong(data)
    return data


class Renderer:
    """Renders templates/<lang>/<name>.html with the knowledge base's interface words."""

    def __init__(self, knowledge: Knowledge, directory: Path = TEMPLATES_DIR):
        self.knowledge = knowledge
        self.directory = Path(directory)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.directory)),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
        )

    def page(self, lang: str, name: str, **context: object) -> str:
        template = self.env.get_template(f"{lang}/{name}.html")
        text = template.render(lang=lang, ui=lambda key: self.knowledge.text(key, lang),
                               k=self.knowledge, **context)
        return re.sub(r"\n{3,}", "\n\n", text).strip()

    def names(self, lang: str) -> set[str]:
        return {p.stem for p in (self.directory / lang).glob("*.html")}


def check_templates(knowledge: Knowledge, directory: Path = TEMPLATES_DIR) -> list[str]:
    """Problems with templates: one missing in a language, or one that does not compile."""
    renderer = Renderer(knowledge, directory)
    problems = []
    names = {lang: renderer.names(lang) for lang in LANGS}
    for lang in LANGS:
        for other in LANGS:
            for name in sorted(names[other] - names[lang]):
                problems.append(f"templates/{lang}/{name}.html: (file): missing translation of templates/{other}/{name}.html")
        for name in sorted(names[lang]):
            try:
                renderer.env.get_template(f"{lang}/{name}.html")
            except jinja2.TemplateSyntaxError as exc:
                problems.append(f"templates/{lang}/{name}.html: line {exc.lineno}: {exc.message}")
    return problems


_TAG = re.compile(r"<(/?)([a-z\-]+)[^>]*>")


def split_message(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split HTML text into messages of at most `limit` characters, on paragraph boundaries,
    then lines, then anywhere outside a tag or an entity. A tag open at a cut is closed at the
    end of one message and opened again at the start of the next."""
    if len(text) <= limit:
        return [text]
    budget = limit - 64  # room to close and reopen tags
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, budget):
        candidate = f"{current}\n\n{piece}" if current else piece
        if len(candidate) <= budget:
            current = candidate
        else:
            if current:
                chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    out, carried = [], ""
    for chunk in chunks:
        body = carried + chunk
        still_open = _open_tags(body)
        carried = "".join(tag for _, tag in still_open)
        if chunk.strip():
            out.append(body + "".join(f"</{name}>" for name, _ in reversed(still_open)))
    return out


def _pieces(text: str, budget: int) -> list[str]:
    out = []
    for para in text.split("\n\n"):
        if len(para) <= budget:
            out.append(para)
            continue
        line_acc = ""
        for line in para.split("\n"):
            while len(line) > budget:
                cut = _safe_cut(line, budget)
                if line_acc:
                    out.append(line_acc)
                    line_acc = ""
                out.append(line[:cut])
                line = line[cut:]
            candidate = f"{line_acc}\n{line}" if line_acc else line
            if len(candidate) <= budget:
                line_acc = candidate
            else:
                out.append(line_acc)
                line_acc = line
        if line_acc:
            out.append(line_acc)
    return out


def _safe_cut(s: str, at: int) -> int:
    """The largest cut position <= at that is not inside a tag or an entity."""
    cut = at
    while cut > 0:
        head = s[:cut]
        if head.rfind("<") <= head.rfind(">") and head.rfind("&") <= head.rfind(";"):
            return cut
        cut -= 1
    return at


def _open_tags(html_text: str) -> list[tuple[str, str]]:
    """The tags still open at the end of the text, outermost first, as (name, opening tag)."""
    stack: list[tuple[str, str]] = []
    for m in _TAG.finditer(html_text):
        if not m.group(1):
            stack.append((m.group(2), m.group(0)))
        elif stack and stack[-1][0] == m.group(2):
            stack.pop()
    return stack
