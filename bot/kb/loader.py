"""Load knowledge/*.yaml once into frozen dataclasses. A broken knowledge base never loads:
every problem is reported with its file, its key and what is wrong, all of them at once, so
that `quota-doctor check` can list every one."""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import KNOWLEDGE_DIR
from .faq_files import read_faq, read_out_of_scope, read_phrasings, read_ui, with_phrasings
from .interview_files import read_interview, read_rules
from .languages import Language, Languages
from .lead_files import read_leads
from .reader import Checker, read_yaml
from .schema import Knowledge, KnowledgeError
from .shield_files import read_crisis, read_shield


@dataclass
class Report:
    """What reading the knowledge base found: the knowledge (None when broken), its problems, and
    the texts that languages which fall back lack ((file, language) → how many)."""
    knowledge: Knowledge | None
    problems: list[str]
    missing: dict[tuple[str, str], int] = field(default_factory=dict)


def read_languages(data: dict, problems: list[str]) -> Languages:
    c = Checker("languages.yaml", problems)
    languages = []
    for i, raw in enumerate(c.items(data.get("languages"), "languages")):
        raw = c.mapping(raw, f"languages[{i}]")
        code = c.ident({"id": raw.get("code")}, f"languages[{i}].code")
        codes = tuple(c.texts(raw.get("client_codes", [code]), f"languages[{code}].client_codes"))
        fallback = tuple(c.texts(raw.get("fallback", []), f"languages[{code}].fallback"))
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            c.problem(f"languages[{code}].name", "must be a non-empty text")
        derived = c.mapping(raw.get("derived", {}), f"languages[{code}].derived")
        if derived and (not fallback or derived.get("from") != fallback[0] or not derived.get("opencc")):
            c.problem(f"languages[{code}].derived", "needs `from` (its first fallback) and `opencc`")
        languages.append(Language(code, str(name), codes, bool(raw.get("required", False)), fallback,
                                  derived.get("from"), derived.get("opencc")))
    codes = [lang.code for lang in languages]
    c.unique(codes, "languages")
    for lang in languages:
        for other in lang.fallback:
            if other not in codes:
                c.problem(f"languages[{lang.code}].fallback", f"unknown language {other!r}")
    default = data.get("default")
    if default not in codes:
        c.problem("default", f"must be one of the languages ({', '.join(codes) or 'none'})")
        default = codes[0] if codes else "en"
    elif not languages[codes.index(default)].required:
        c.problem("default", "the default language must be required: true")
    return Languages.of(str(default), tuple(languages))


def read(directory: Path = KNOWLEDGE_DIR) -> Report:
    """Read and check every knowledge file."""
    problems: list[str] = []
    missing: dict[tuple[str, str], int] = {}
    directory = Path(directory)

    def checker(name: str) -> Checker:
        return Checker(name, problems, languages, missing)

    def data(name: str) -> dict:
        return read_yaml(directory / name, problems)

    languages = read_languages(data("languages.yaml"), problems)
    if problems:  # without the languages no text can be read
        return Report(None, problems)
    interview = read_interview(data("questions.yaml"), checker("questions.yaml"))
    rules = read_rules(data("steps.yaml"), data("reasons.yaml"), interview,
                       checker("steps.yaml"), checker("reasons.yaml"))
    faq = read_faq(data("faq.yaml"), checker("faq.yaml"), directory / "topic_model.json")
    topic_ids = set(faq.topic_by_id)
    shield = read_shield(data("safety.yaml"), directory / "scam_model.json", checker("safety.yaml"), topic_ids)
    out_of_scope = read_out_of_scope(data("out_of_scope.yaml"), checker("out_of_scope.yaml"))
    files = []  # (matcher_only, phrasings) of faq_phrasings.yaml, then of the other faq_phrasings_*.yaml
    for path in sorted(directory.glob("faq_phrasings*.yaml")):
        raw, c = data(path.name), checker(path.name)
        for key in set(raw) - {"phrasings", "matcher_only"}:
            c.problem(str(key), "unknown key (allowed: phrasings, matcher_only)")
        only = raw.get("matcher_only", False)
        if not isinstance(only, bool):
            c.problem("matcher_only", "must be true or false")
        files.append((only is True, read_phrasings(raw, topic_ids, c)))
    leads = read_leads(data("faq_leads.yaml"), topic_ids, checker("faq_leads.yaml"))
    crisis = read_crisis(data("crisis.yaml"), directory / "crisis_model.json", checker("crisis.yaml"), topic_ids)
    ui = read_ui(data("ui.yaml"), checker("ui.yaml"))
    if problems:
        return Report(None, problems, missing)
    knowledge = Knowledge(languages=languages, interview=interview, diagnosis=rules,
                          faq=dataclasses.replace(with_phrasings(faq, out_of_scope, files), leads=leads),
                          shield=shield, crisis=crisis, ui=ui)
    return Report(knowledge, [], missing)


def validate(directory: Path = KNOWLEDGE_DIR) -> tuple[Knowledge | None, list[str]]:
    """Read and check every knowledge file; return the knowledge (None if broken) and every problem."""
    report = read(directory)
    return report.knowledge, report.problems


def load(directory: Path = KNOWLEDGE_DIR) -> Knowledge:
    """Load and validate the knowledge base; raise KnowledgeError listing every problem."""
    knowledge, problems = validate(directory)
    if knowledge is None:
        raise KnowledgeError(problems)
    return knowledge


@functools.lru_cache(maxsize=1)
def default() -> Knowledge:
    """The knowledge base the package ships with, loaded once."""
    return load(KNOWLEDGE_DIR)
