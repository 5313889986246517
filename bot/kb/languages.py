"""The languages the advisor speaks (knowledge/languages.yaml) and texts keyed by language.

A `Text` holds a text in each language that has one and answers `get(lang)` along that
language's fallback chain, so a new language is data: an entry in languages.yaml, texts in the
YAML files and templates/<code>/. Nothing in Python names a language.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterator, Mapping


@dataclass(frozen=True)
class Language:
    code: str
    name: str                        # how the language calls itself (the /language buttons)
    client_codes: tuple[str, ...]    # client language codes that choose it, as prefixes
    required: bool                   # every text and template must exist in it
    fallback: tuple[str, ...] = ()   # where a missing text is taken from, in order
    derived_from: str | None = None  # its texts are another language's, converted (zh-hant from zh)
    opencc: str | None = None        # the OpenCC conversion that derives them (s2twp: Taiwan wording)


@dataclass(frozen=True)
class Languages:
    default: str
    all: tuple[Language, ...]
    chains: Mapping[str, tuple[str, ...]] = field(repr=False, default_factory=dict)

    @classmethod
    def of(cls, default: str, languages: tuple[Language, ...]) -> "Languages":
        chains = {}
        for lang in languages:
            chain = [lang.code, *lang.fallback, default]
            chains[lang.code] = tuple(dict.fromkeys(chain))
        return cls(default, languages, MappingProxyType(chains))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.all)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.all if lang.required)

    def __iter__(self) -> Iterator[Language]:
        return iter(self.all)

    def __contains__(self, code: object) -> bool:
        return code in self.chains

    def get(self, code: str) -> Language:
        return next(lang for lang in self.all if lang.code == code)

    def derive(self, code: str, text: str) -> str:
        """`text` in language `code`: converted when `code` is derived from another language."""
        lang = next((lang for lang in self.all if lang.code == code), None)
        if lang is None or lang.opencc is None or not text:
            return text
        return _converter(lang.opencc).convert(text)

    def for_text(self, code: str, written: str | None) -> str:
        """The language to answer a text `written` in (a language code, or None when unclear) for a
        user whose language is `code` by their client's setting only: the text's, when the advisor
        speaks it and `code` is neither it nor derived from it (zh-hant stays for Chinese text)."""
        if written is None or written not in self or written == code or self.get(code).derived_from == written:
            return code
        return written

    def chain(self, code: str) -> tuple[str, ...]:
        """Where a text in `code` is looked for, in order (an unknown code: the default's)."""
        return self.chains.get(code) or self.chains[self.default]

    def resolve(self, client_code: str | None) -> str:
        """The advisor's language for a client language code: the longest `client_codes`
        prefix that matches ('zh-hans', 'zh-CN' → zh), else the default."""
        hint = (client_code or "").strip().lower().replace("_", "-")
        best, best_len = self.default, -1
        for lang in self.all:
            for prefix in lang.client_codes:
                p = prefix.lower()
                if (hint == p or hint.startswith(p + "-")) and len(p) > best_len:
                    best, best_len = lang.code, len(p)
        return best


class Text:
    """A text in every language that has one; `get(lang)` follows the language's fallback chain."""

    __slots__ = ("values", "_languages")

    def __init__(self, values: Mapping[str, str], languages: Languages):
        self.values = MappingProxyType(dict(values))
        self._languages = languages

    def get(self, lang: str) -> str:
        for code in self._languages.chain(lang):
            text = self.values.get(code)
            if text:
                return text if code == lang else self._languages.derive(lang, text)
        return ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and dict(self.values) == dict(other.values)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))

    def __repr__(self) -> str:
        return f"Text({dict(self.values)!r})"


@functools.lru_cache(maxsize=4)
def _converter(config: str):
    """An OpenCC converter (s2twp: Simplified to Traditional with Taiwan's words), built once."""
    import opencc
    return opencc.OpenCC(config)
