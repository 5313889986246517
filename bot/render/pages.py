"""Pages from templates/<lang>/<name>.html (jinja2, HTML autoescape), in the user's language,
or along its fallback chain for a page the language does not have."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from ..kb.schema import Knowledge
from ..paths import TEMPLATES_DIR


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
        return re.sub(r"\n{3,}", "\n\n", text).strip()

    def names(self, lang: str) -> set[str]:
        return {p.stem for p in (self.directory / lang).glob("*.html")}


def check_templates(knowledge: Knowledge, directory: Path = TEMPLATES_DIR) -> tuple[list[str], list[str]]:
    """(problems, warnings) of the templates: a page missing in a required language, or one that
    does not compile, is a problem; a page missing in a language that falls back is a warning."""
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
            else:
                shown = renderer.template_path(lang.code, name)
                warnings.append(f"templates/{lang.code}/{name}.html: (file): missing; templates/{shown} is shown")
        for name in sorted(names[lang.code]):
            try:
                renderer.env.get_template(f"{lang.code}/{name}.html")
            except jinja2.TemplateSyntaxError as exc:
                problems.append(f"templates/{lang.code}/{name}.html: line {exc.lineno}: {exc.message}")
    return problems, warnings
