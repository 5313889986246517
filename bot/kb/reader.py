"""Reading one knowledge file: its YAML, and a `Checker` that turns each raw value into what the
schema wants, collecting every problem as 'knowledge/<file>: <key>: <what is wrong>'."""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Mapping

import yaml

from .languages import Languages, Text
from .schema import CONFIDENCE_LEVELS, Conditions, Question

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster


def finite_number(x: Any) -> bool:
    """A JSON or YAML number (not a boolean), neither infinite nor NaN: what model files hold."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_INLINE_COMMENT = re.compile(r"\S\s+#(?:\s|$)")


def lost_words(directory: Path) -> list[str]:
    """Lines of the knowledge files whose comment, after words of a list, ends with a comma: the
    list's words went on after the comment was put in, and YAML reads none of them (twentieth
    session: "…, 宽限期,   # (…) 推迟还款, 推迟几天, …," dropped six of a lead's words, silently).
    `quota-doctor check` reports them; loading does not read the files twice for it."""
    found = []
    for path in sorted(Path(directory).glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ("#" in line and line.rstrip().endswith(",")
                    and _INLINE_COMMENT.search(_QUOTED.sub('""', line))):
                found.append(f"knowledge/{path.name}: line {number}: a comment ends with a comma: "
                             "the words after '#' are not read")
    return found


def read_yaml(path: Path, problems: list[str]) -> dict:
    """A knowledge file's top-level mapping; a missing or broken file is one problem and {}."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except FileNotFoundError:
        problems.append(f"knowledge/{path.name}: (file): missing file")
        return {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        problems.append(f"knowledge/{path.name}: (file): not valid YAML{line}: {getattr(exc, 'problem', exc)}")
        return {}
    if not isinstance(data, dict):
        problems.append(f"knowledge/{path.name}: (file): expected a mapping at the top")
        return {}
    return data


class Checker:
    """Collects problems (and, for languages that fall back, missing texts) while reading one file."""

    def __init__(self, file: str, problems: list[str], languages: Languages | None = None,
                 missing: dict[tuple[str, str], int] | None = None):
        self.file = file
        self.problems = problems
        self.languages = languages
        self.missing = missing if missing is not None else {}  # (file, lang) → texts that fall back

    def problem(self, key: str, what: str) -> None:
        self.problems.append(f"knowledge/{self.file}: {key}: {what}")

    def mapping(self, value: Any, key: str) -> dict:
        if not isinstance(value, dict):
            self.problem(key, f"expected a mapping, got {type(value).__name__}")
            return {}
        return value

    def items(self, value: Any, key: str) -> list:
        if not isinstance(value, list):
            self.problem(key, f"expected a list, got {type(value).__name__}")
            return []
        return value

    def text(self, value: Any, key: str) -> Text:
        """{lang: text}: every required language present; others may fall back (counted)."""
        assert self.languages is not None, "texts need the languages"
        value = self.mapping(value, key)
        out = {}
        for lang in self.languages:
            s = value.get(lang.code)
            if isinstance(s, str) and s.strip():
                out[lang.code] = s.strip("\n")
            elif lang.required:
                self.problem(f"{key}.{lang.code}", "missing translation")
            elif lang.derived_from is None:  # (a derived language's texts are converted, never missing)
                self.missing[(self.file, lang.code)] = self.missing.get((self.file, lang.code), 0) + 1
        for extra in set(value) - set(self.languages.codes):
            self.problem(f"{key}.{extra}", f"unknown language (use {', '.join(self.languages.codes)}, "
                                           "or add it to languages.yaml)")
        return Text(out, self.languages)

    def known_languages(self, value: Mapping, key: str) -> None:
        """A key of a by-language mapping that is no language is a problem `key.<it>`."""
        for extra in set(value) - set(self.languages.codes):
            self.problem(f"{key}.{extra}", f"unknown language (use {', '.join(self.languages.codes)})")

    def known_keys(self, entry: dict, allowed: tuple[str, ...], key: str) -> None:
        """A key the schema does not have is a problem (a typo would otherwise be ignored)."""
        for name in entry:
            if name not in allowed:
                self.problem(f"{key}.{name}", f"unknown key (allowed: {', '.join(allowed)})")

    def ident(self, entry: dict, key: str) -> str:
        ident = entry.get("id")
        if not isinstance(ident, str) or not ident:
            self.problem(key, "missing id")
            return ""
        return ident

    def confidence(self, value: Any, key: str, required: bool = True) -> str | None:
        if value is None and not required:
            return None
        if value not in CONFIDENCE_LEVELS:
            self.problem(key, f"invalid confidence {value!r} (allowed: {', '.join(CONFIDENCE_LEVELS)})")
            return "folk"
        return value

    def number(self, value: Any, key: str, low: float, high: float, low_open: bool = False) -> float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok:
            ok = (low < value if low_open else low <= value) and value <= high
        if not ok:
            bound = f"{'(' if low_open else '['}{low}, {high}]"
            self.problem(key, f"invalid number {value!r} (must be in {bound})")
            return 0.0
        return float(value)

    def conditions(self, value: Any, key: str, questions: Mapping[str, Question],
                   later: set[str] = frozenset()) -> Conditions:
        """{question: [values]} over `questions`; naming one of `later` is out of order."""
        out = []
        for qid, values in self.mapping(value or {}, key).items():
            q = questions.get(qid)
            if q is None:
                if qid in later:
                    self.problem(f"{key}.{qid}", "a condition must refer to an earlier question")
                else:
                    self.problem(f"{key}.{qid}", "unknown question id")
                continue
            values = self.items(values, f"{key}.{qid}")
            for v in values:
                if v not in q.values:
                    self.problem(f"{key}.{qid}", f"unknown value {v!r} (allowed: {', '.join(q.values)})")
            out.append((qid, frozenset(map(str, values))))
        return tuple(out)

    def texts(self, value: Any, key: str) -> list[str]:
        """A list of non-empty texts, stripped."""
        texts = []
        for i, text in enumerate(self.items(value, key)):
            if not isinstance(text, str) or not text.strip():
                self.problem(f"{key}[{i}]", "must be a non-empty text")
            else:
                texts.append(text.strip())
        return texts

    def terms(self, value: Any, key: str) -> tuple[str, ...]:
        """A list of matching terms: non-empty texts, lower-cased."""
        return tuple(term.lower() for term in self.texts(value, key))

    def regex(self, value: Any, key: str) -> str:
        """A regular expression that compiles; otherwise a problem, and one that matches nothing."""
        if not isinstance(value, str) or not value:
            self.problem(key, "must be a regular expression")
            return "(?!)"
        try:
            re.compile(value)
        except re.error as exc:
            self.problem(key, f"not a valid regular expression: {exc}")
            return "(?!)"
        return value

    def unique(self, ids: list[str], key: str) -> None:
        seen = set()
        for i in ids:
            if i in seen:
                self.problem(f"{key}[{i}]", "duplicate id")
            seen.add(i)

    def required_ids(self, have: set[str], required, key: str) -> None:
        for i in required:
            if i not in have:
                self.problem(f"{key}[{i}]", "missing (the contract requires this id)")
