"""Pages from templates/<lang>/<name>.html (jinja2, HTML autoescape), in the user's language,
or along its fallback chain for a page the language does not have."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from ..kb.schema import Knowledge
from ..paths import TEMPLATES_DIR

_BLOCK_TAG = re.compile(r"\{%.*?%\}")
_GLUED_LINE = re.compile(r"(?<!\+)%\}\s*$")  # trim_blocks eats the newline after a block tag


def format_yuan(knowledge: Knowledge, lang: str, amount: int) -> str:
    """An amount of yuan as a reader of `lang` writes it: ui.yaml `yuan` ("¥{amount}", "{amount}元")
    with the number in the style of `amount_style`: "comma" (20,000) or "wan" (2万, 1.2万, 5000)."""
    amount = int(amount)
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    if knowledge.text("amount_style", lang) == "wan" and amount >= 10_000:
        number = f"{amount / 10_000:.2f}".rstrip("0").rstrip(".") + "万"
    elif knowledge.text("amount_style", lang) == "wan":
        number = str(amount)
    else:
        number = f"{amount:,}"
    return sign + knowledge.text("yuan", lang).format(amount=number)


class Renderer:
    """Renders a page with the knowledge base's interface words; `page` returns Telegram-style
    HTML (b, i, code, a), which every channel shows in its own way."""

    def __init__(self, knowledge: Knowledge, directory: Path = TEMPLATES_DIR):
        self.knowledge = knowledge
        self.directory = Path(directory)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.directory)),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
        )
        self._where: dict[tuple[str, str], str] = {}
        self.env.filters["yuan"] = lambda amount, lang: format_yuan(knowledge, lang, amount)

    def template_path(self, lang: str, name: str) -> str:
        """templates/<code>/<name>.html of the first language of `lang`'s chain that has the page."""
        key = (lang, name)
        if key not in self._where:
            chain = self.knowledge.languages.chain(lang)
            found = next((c for c in chain if (self.directory / c / f"{name}.html").is_file()), chain[-1])
            self._where[key] = f"{found}/{name}.html"
        return self._where[key]

    def page(self, lang: str, name: str, **context: object) -> str:
        template = self.env.get_template(self.template_path(lang, name))
        text = template.render(lang=lang, ui=lambda key: self.knowledge.text(key, lang),
                               k=self.knowledge, **context)
        # a derived language (Traditional Chinese) reads its base language's page, converted
        return self.knowledge.languages.derive(lang, re.sub(r"\n{3,}", "\n\n", text).strip())

    def names(self, lang: str) -> set[str]:
        return {p.stem for p in (self.directory / lang).glob("*.html")}


def check_templates(knowledge: Knowledge, directory: Path = TEMPLATES_DIR) -> tuple[list[str], list[str]]:
    """(problems, warnings) of the templates: a page missing in a required language, one that does
    not compile, or a line of text ending in a block tag (its line break would be lost: write `+%}`)
    is a problem; a page missing in a language that falls back is a warning."""
    renderer = Renderer(knowledge, directory)
    problems: list[str] = []
    warnings: list[str] = []
    langs = knowledge.languages
    names = {lang: renderer.names(lang) for lang in langs.codes}
    every = set().union(*names.values()) if names else set()
    for lang in langs:
        for name in sorted(every - names[lang.code]):
            if lang.required:
                others = [o for o in langs.codes if name in names[o]]
                problems.append(f"templates/{lang.code}/{name}.html: (file): missing translation of "
                                f"templates/{others[0]}/{name}.html")
            elif lang.derived_from is None:  # (a derived language's pages are converted, never missing)
                shown = renderer.template_path(lang.code, name)
                warnings.append(f"templates/{lang.code}/{name}.html: (file): missing; templates/{shown} is shown")
        for name in sorted(names[lang.code]):
            try:
                renderer.env.get_template(f"{lang.code}/{name}.html")
            except jinja2.TemplateSyntaxError as exc:
                problems.append(f"templates/{lang.code}/{name}.html: line {exc.lineno}: {exc.message}")
            source = (directory / lang.code / f"{name}.html").read_text(encoding="utf-8")
            for number, line in enumerate(source.split("\n"), 1):
                if _GLUED_LINE.search(line) and _BLOCK_TAG.sub("", line).strip():
                    problems.append(f"templates/{lang.code}/{name}.html: line {number}: text followed by a "
                                    f"block tag at the line's end loses the line break; end it with +%}}")
    return problems, warnings
