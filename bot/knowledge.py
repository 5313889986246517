"""Load knowledge/*.yaml once into frozen dataclasses, and validate it.

Every problem is reported with its file, its key and what is wrong; `validate` collects them
all so that `quota-doctor check` can list every one at once.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster

LANGS = ("en", "zh")
MODEL_KIND = "model"  # the scam kind of a message only the scam model caught; no pattern may take it
QUESTION_KIND = "question"  # the scam kind of a question about a scheme (safety.yaml `scam_questions`)
# scam_question: a question about a scam scheme itself ("微粒贷能强开吗"): it gets the warning too
SCAM_FAMILIES = ("forced_open", "fake_service", "fake_app_link", "credit_repair", "debt_agents", "other",
                 "scam_question")
INNOCENT_FAMILIES = ("innocent",)
CONFIDENCE_LEVELS = ("confirmed", "reported", "folk")
LEVELS = ("high", "medium", "low")
UNSURE = "unsure"
ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"

# The ids other programs rely on (shared/contract.md). The YAML may add, never drop or rename.
CONTRACT_QUESTIONS: dict[str, tuple[str, ...] | None] = {
    "quota_status": ("reduced", "closed", "unchanged"),
    "limit_before": None,
    "limit_now": None,
    "overdue_microloan": ("never", "past", "current"),
    "overdue_days": ("1_3", "4_30", "31_90", "90_plus"),
    "overdue_other": ("none", "past", "current"),
    "credit_card_overdue": ("none", "past", "current"),
    "credit_card_cuts": ("none", "once", "twice_plus"),
    "risky_friends": ("none", "few", "many"),
    "illegal_groups": ("no", "yes"),
    "account_violations": ("no", "yes"),
    "employment": ("stable", "income_down", "lost_job"),
    "provident_fund": ("paying", "stopped", "none"),
    "other_loans": ("none", "1_2", "3_5", "6_plus"),
    "debt_ratio": ("lt_30", "30_50", "50_70", "gt_70"),
    "loan_usage": ("never", "rarely", "regularly"),
    "wechat_pay_use": ("daily", "weekly", "monthly", "rarely"),
    "life_services": ("yes", "no"),
    "wealth_products": ("yes", "no"),
    "real_name": ("yes", "no"),
    "credit_card_linked": ("yes", "no"),
    "binding_changes": ("none", "once", "twice_plus"),
}
CONTRACT_REASONS = (
    "overdue", "credit_card_trouble", "multi_borrowing", "repayment_ability", "risky_contacts",
    "account_violations", "low_activity", "unstable_profile", "risk_policy",
)
CONTRACT_STEPS = (
    "repay_overdue", "keep_on_time", "reduce_borrowing", "show_repayment_ability",
    "clean_contacts", "follow_platform_rules", "use_wechat_pay", "complete_profile",
    "keep_bindings_stable", "use_loan_responsibly", "wait_for_review", "avoid_scams",
)
CONTRACT_FAQ = (
    "why_reduced", "why_closed", "restore_closed", "raise_limit", "review_timing",
    "manual_increase", "apply_myself", "overdue_effect", "overdue_recovery", "multiple_cards",
    "card_limit_cut", "friends_effect", "other_lenders", "income_change", "wealth_products",
    "wechat_pay_usage", "not_using", "binding_change", "real_name", "pay_later_overdue",
    "credit_report_check", "scam_forced_open", "scam_fake_service", "credit_repair",
    "about_bot", "privacy",
)


class KnowledgeError(Exception):
    """The knowledge base is malformed; `problems` lists each one as 'file: key: problem'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Text:
    """A text in every language the advisor speaks."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Choice:
    id: str
    text: Text


@dataclass(frozen=True)
class Section:
    id: str
    title: Text


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    kind: str  # "choice" or "amount"
    optional: bool
    ask_when: tuple[tuple[str, frozenset[str]], ...]
    label: Text
    text: Text
    why: Text
    choices: tuple[Choice, ...] = ()
    example: Text | None = None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.id == value), None)


@dataclass(frozen=True)
class Reason:
    id: str
    confidence: str
    title: Text
    explanation: Text
    weights: Mapping[str, Mapping[str, float]]
    residual: bool = False


@dataclass(frozen=True)
class Step:
    id: str
    tier: int
    confidence: str
    reasons: tuple[str, ...]
    title: Text
    detail: Text
    when_answers: tuple[tuple[str, frozenset[str]], ...] = ()
    always: bool = False


@dataclass(frozen=True)
class FaqTopic:
    id: str
    question: Text
    answer: Text
    confidence: str | None
    suggest_diagnosis: bool
    examples: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class ScamPattern:
    id: str
    topic: str
    what: Text
    any_of: tuple[str, ...] = ()
    all_of: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ScamExample:
    text: str
    scam: bool
    family: str
    writer: str = ""  # who wrote it: cross-validation leaves out one writer at a time


@dataclass(frozen=True)
class ScamModel:
    """The scam shield's second opinion (scam_model.json, written by tools/train_scam_model.py):
    logistic regression over the features of bot/safety.py `scam_features`."""
    bias: float
    weights: Mapping[str, float]
    trained_on: str          # the digest of its training set (bot/scam_training.py)
    threshold: float         # safety.yaml `model.threshold`

    def probability(self, features: Iterable[str]) -> float:
        # fsum is exact, so the order of the features (a set's) never changes the last bits
        z = math.fsum([self.bias, *(self.weights.get(f, 0.0) for f in features)])
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


@dataclass(frozen=True)
class Knowledge:
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    reasons: tuple[Reason, ...]
    steps: tuple[Step, ...]
    faq: tuple[FaqTopic, ...]
    ui: Mapping[str, Text]
    level_thresholds: Mapping[str, float]
    level_cap: Mapping[str, str]
    min_reason_score: float
    confidence_factor: Mapping[str, float]
    secondary_reason_factor: float
    synonyms: tuple[tuple[str, tuple[str, ...]], ...]
    faq_thresholds: Mapping[str, float]
    faq_anchors: tuple[str, ...]       # every field word: core_anchors and anchors of faq.yaml
    faq_core_anchors: tuple[str, ...]  # words about the loan itself
    scam_patterns: tuple[ScamPattern, ...]
    scam_innocent: tuple[str, ...]
    scam_price_questions: tuple[str, ...]           # regular expressions (safety.yaml)
    scam_lookalikes: tuple[tuple[str, str], ...]    # (regular expression, word)
    scam_groups: tuple[tuple[str, tuple[str, ...]], ...]  # (name, terms): safety.yaml `groups`
    scam_model: ScamModel
    scam_question_topics: tuple[str, ...]  # a confident answer from one of them is a question about a scam
    scam_question_unless: tuple[str, ...]  # ...unless the text has one of these (safety.yaml `scam_questions`)
    out_of_scope: tuple[str, ...]
    question_by_id: Mapping[str, Question] = field(repr=False, default_factory=dict)
    reason_by_id: Mapping[str, Reason] = field(repr=False, default_factory=dict)
    step_by_id: Mapping[str, Step] = field(repr=False, default_factory=dict)
    faq_by_id: Mapping[str, FaqTopic] = field(repr=False, default_factory=dict)
    section_by_id: Mapping[str, Section] = field(repr=False, default_factory=dict)
    scam_by_id: Mapping[str, ScamPattern] = field(repr=False, default_factory=dict)

    def text(self, key: str, lang: str) -> str:
        """A short interface word from ui.yaml."""
        return self.ui[key].get(lang)


class _Checker:
    """Collects problems while reading one file."""

    def __init__(self, file: str, problems: list[str]):
        self.file = file
        self.problems = problems

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
        value = self.mapping(value, key)
        out = {}
        for lang in LANGS:
            s = value.get(lang)
            if not isinstance(s, str) or not s.strip():
                self.problem(f"{key}.{lang}", "missing translation")
                s = ""
            out[lang] = s.strip("\n")
        for extra in set(value) - set(LANGS):
            self.problem(f"{key}.{extra}", f"unknown language (use {', '.join(LANGS)})")
        return Text(**out)

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
                   later: set[str] = frozenset()) -> tuple[tuple[str, frozenset[str]], ...]:
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
                if v not in q.values or v == UNSURE:
                    self.problem(f"{key}.{qid}", f"unknown value {v!r} (allowed: {', '.join(x for x in q.values if x != UNSURE)})")
            out.append((qid, frozenset(map(str, values))))
        return tuple(out)


def _read(path: Path, problems: list[str]) -> dict:
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


def _unique(c: _Checker, ids: list[str], key: str) -> None:
    seen = set()
    for i in ids:
        if i in seen:
            c.problem(f"{key}[{i}]", "duplicate id")
        seen.add(i)


def _missing(c: _Checker, have: set[str], required, key: str) -> None:
    for i in required:
        if i not in have:
            c.problem(f"{key}[{i}]", "missing (the contract requires this id)")


def _questions(data: dict, problems: list[str]) -> tuple[tuple[Section, ...], tuple[Question, ...]]:
    c = _Checker("questions.yaml", problems)
    sections = []
    for i, raw in enumerate(c.items(data.get("sections"), "sections")):
        raw = c.mapping(raw, f"sections[{i}]")
        sid = c.ident(raw, f"sections[{i}]")
        sections.append(Section(sid, c.text(raw.get("title"), f"sections[{sid}].title")))
    section_ids = {s.id for s in sections}
    _unique(c, [s.id for s in sections], "sections")
    questions: dict[str, Question] = {}
    order: list[str] = []
    raw_questions = c.items(data.get("questions"), "questions")
    all_ids = {raw.get("id") for raw in raw_questions if isinstance(raw, dict)}
    for i, raw in enumerate(raw_questions):
        raw = c.mapping(raw, f"questions[{i}]")
        qid = c.ident(raw, f"questions[{i}]")
        key = f"questions[{qid}]"
        kind = raw.get("kind")
        if kind not in ("choice", "amount"):
            c.problem(f"{key}.kind", f"invalid kind {kind!r} (allowed: choice, amount)")
        if raw.get("section") not in section_ids:
            c.problem(f"{key}.section", f"unknown section {raw.get('section')!r}")
        choices = []
        for j, ch in enumerate(c.items(raw.get("choices", []), f"{key}.choices")):
            ch = c.mapping(ch, f"{key}.choices[{j}]")
            cid = c.ident(ch, f"{key}.choices[{j}]")
            choices.append(Choice(cid, c.text(ch.get("text"), f"{key}.choices[{cid}].text")))
        _unique(c, [ch.id for ch in choices], f"{key}.choices")
        if kind == "choice":
            if not choices or choices[-1].id != UNSURE:
                c.problem(f"{key}.choices", "a choice question must end with the choice 'unsure'")
        elif choices:
            c.problem(f"{key}.choices", "an amount question has no choices")
        if not isinstance(raw.get("optional", False), bool):
            c.problem(f"{key}.optional", "must be true or false")
        contract_values = CONTRACT_QUESTIONS.get(qid)
        if contract_values is not None:
            for v in contract_values:
                if v not in {ch.id for ch in choices}:
                    c.problem(f"{key}.choices[{v}]", "missing (the contract requires this value)")
        elif qid in CONTRACT_QUESTIONS and kind != "amount":
            c.problem(f"{key}.kind", "the contract makes this an amount question")
        q = Question(
            id=qid, section=str(raw.get("section")), kind=str(kind),
            optional=bool(raw.get("optional", False)),
            ask_when=c.conditions(raw.get("ask_when"), f"{key}.ask_when", questions, all_ids),
            label=c.text(raw.get("label"), f"{key}.label"),
            text=c.text(raw.get("text"), f"{key}.text"),
            why=c.text(raw.get("why"), f"{key}.why"),
            choices=tuple(choices),
            example=c.text(raw.get("example"), f"{key}.example") if kind == "amount" else None,
        )
        if qid in questions:
            c.problem(key, "duplicate id")
        questions[qid] = q
        order.append(qid)
    _missing(c, set(questions), CONTRACT_QUESTIONS, "questions")
    return tuple(sections), tuple(questions[q] for q in order)


def _reasons(data: dict, questions: Mapping[str, Question], problems: list[str]):
    c = _Checker("reasons.yaml", problems)
    levels = c.mapping(data.get("levels"), "levels")
    high = c.number(levels.get("high"), "levels.high", 0, 1, low_open=True)
    medium = c.number(levels.get("medium"), "levels.medium", 0, 1, low_open=True)
    if medium >= high and high:
        c.problem("levels", "medium must be below high")
    cap = {}
    for conf, level in c.mapping(data.get("level_cap", {}), "level_cap").items():
        c.confidence(conf, f"level_cap.{conf}")
        if level not in LEVELS:
            c.problem(f"level_cap.{conf}", f"invalid level {level!r} (allowed: {', '.join(LEVELS)})")
        cap[conf] = level
    reasons = []
    for i, raw in enumerate(c.items(data.get("reasons"), "reasons")):
        raw = c.mapping(raw, f"reasons[{i}]")
        rid = c.ident(raw, f"reasons[{i}]")
        key = f"reasons[{rid}]"
        weights = {}
        for qid, by_value in c.mapping(raw.get("weights"), f"{key}.weights").items():
            q = questions.get(qid)
            if q is None:
                c.problem(f"{key}.weights.{qid}", "unknown question id")
                continue
            clean = {}
            for value, w in c.mapping(by_value, f"{key}.weights.{qid}").items():
                value = str(value)
                if value == UNSURE:
                    c.problem(f"{key}.weights.{qid}.{value}", "'unsure' is missing evidence and carries no weight")
                elif value not in q.values:
                    c.problem(f"{key}.weights.{qid}.{value}", f"unknown value (allowed: {', '.join(v for v in q.values if v != UNSURE)})")
                clean[value] = c.number(w, f"{key}.weights.{qid}.{value}", 0, 1, low_open=True)
            weights[qid] = MappingProxyType(clean)
        reasons.append(Reason(
            id=rid, confidence=c.confidence(raw.get("confidence"), f"{key}.confidence"),
            title=c.text(raw.get("title"), f"{key}.title"),
            explanation=c.text(raw.get("explanation"), f"{key}.explanation"),
            weights=MappingProxyType(weights), residual=bool(raw.get("residual", False)),
        ))
    _unique(c, [r.id for r in reasons], "reasons")
    _missing(c, {r.id for r in reasons}, CONTRACT_REASONS, "reasons")
    if sum(r.residual for r in reasons) != 1:
        c.problem("reasons", "exactly one reason must be marked residual: true (the bank-side reason)")
    return tuple(reasons), {"high": high, "medium": medium}, cap


def _steps(data: dict, questions: Mapping[str, Question], reason_ids: set[str], problems: list[str]):
    c = _Checker("steps.yaml", problems)
    min_score = c.number(data.get("min_reason_score"), "min_reason_score", 0, 1)
    factors = {}
    raw_factors = c.mapping(data.get("confidence_factor"), "confidence_factor")
    for conf in CONFIDENCE_LEVELS:
        factors[conf] = c.number(raw_factors.get(conf), f"confidence_factor.{conf}", 0, 1, low_open=True)
    secondary = c.number(data.get("secondary_reason_factor"), "secondary_reason_factor", 0, 1)
    steps = []
    for i, raw in enumerate(c.items(data.get("steps"), "steps")):
        raw = c.mapping(raw, f"steps[{i}]")
        sid = c.ident(raw, f"steps[{i}]")
        key = f"steps[{sid}]"
        tier = raw.get("tier")
        if not isinstance(tier, int) or isinstance(tier, bool) or tier < 1:
            c.problem(f"{key}.tier", f"invalid tier {tier!r} (a whole number from 1)")
            tier = 99
        reasons = tuple(str(r) for r in c.items(raw.get("reasons"), f"{key}.reasons"))
        for r in reasons:
            if r not in reason_ids:
                c.problem(f"{key}.reasons", f"unknown reason id {r!r}")
        if not reasons:
            c.problem(f"{key}.reasons", "a step must answer at least one reason")
        steps.append(Step(
            id=sid, tier=tier, confidence=c.confidence(raw.get("confidence"), f"{key}.confidence"),
            reasons=reasons, title=c.text(raw.get("title"), f"{key}.title"),
            detail=c.text(raw.get("detail"), f"{key}.detail"),
            when_answers=c.conditions(raw.get("when_answers"), f"{key}.when_answers", questions),
            always=bool(raw.get("always", False)),
        ))
    _unique(c, [s.id for s in steps], "steps")
    _missing(c, {s.id for s in steps}, CONTRACT_STEPS, "steps")
    return tuple(steps), min_score, factors, secondary


def _terms(c: _Checker, value: Any, key: str) -> tuple[str, ...]:
    """A list of matching terms: non-empty texts, lower-cased."""
    return tuple(term.lower() for term in _texts(c, value, key))


def _faq(data: dict, problems: list[str]):
    c = _Checker("faq.yaml", problems)
    synonyms = []
    for i, raw in enumerate(c.items(data.get("synonyms", []), "synonyms")):
        raw = c.mapping(raw, f"synonyms[{i}]")
        canonical = raw.get("canonical")
        if not isinstance(canonical, str) or not canonical.strip():
            c.problem(f"synonyms[{i}].canonical", "missing")
            continue
        synonyms.append((canonical.strip().lower(), _terms(c, raw.get("variants"), f"synonyms[{canonical}].variants")))
    matching = c.mapping(data.get("matching"), "matching")
    thresholds = {name: c.number(matching.get(name), f"matching.{name}", 0, 1, low_open=True)
                  for name in ("match", "match_core", "confident", "near", "without_core", "without_anchor")}
    if not (thresholds["near"] <= thresholds["match_core"] <= thresholds["match"] <= thresholds["confident"]
            and thresholds["match"] <= thresholds["without_core"] <= thresholds["without_anchor"]):
        c.problem("matching", "thresholds must satisfy near <= match_core <= match <= confident "
                              "and match <= without_core <= without_anchor")
    topics = []
    for i, raw in enumerate(c.items(data.get("topics"), "topics")):
        raw = c.mapping(raw, f"topics[{i}]")
        tid = c.ident(raw, f"topics[{i}]")
        key = f"topics[{tid}]"
        examples = {}
        raw_examples = c.mapping(raw.get("examples"), f"{key}.examples")
        for lang in LANGS:
            items = [e for e in c.items(raw_examples.get(lang), f"{key}.examples.{lang}") if isinstance(e, str) and e.strip()]
            if not items:
                c.problem(f"{key}.examples.{lang}", "missing translation")
            examples[lang] = tuple(items)
        topics.append(FaqTopic(
            id=tid, question=c.text(raw.get("question"), f"{key}.question"),
            answer=c.text(raw.get("answer"), f"{key}.answer"),
            confidence=c.confidence(raw.get("confidence"), f"{key}.confidence", required=False),
            suggest_diagnosis=bool(raw.get("suggest_diagnosis", False)),
            examples=MappingProxyType(examples),
        ))
    _unique(c, [t.id for t in topics], "topics")
    _missing(c, {t.id for t in topics}, CONTRACT_FAQ, "topics")
    core = _terms(c, data.get("core_anchors"), "core_anchors")
    return tuple(topics), tuple(synonyms), thresholds, (core + _terms(c, data.get("anchors"), "anchors"), core)


def _safety(data: dict, problems: list[str]):
    c = _Checker("safety.yaml", problems)
    patterns = []
    for i, raw in enumerate(c.items(data.get("scam_patterns"), "scam_patterns")):
        raw = c.mapping(raw, f"scam_patterns[{i}]")
        pid = c.ident(raw, f"scam_patterns[{i}]")
        key = f"scam_patterns[{pid}]"
        any_of = _terms(c, raw.get("any_of", []), f"{key}.any_of")
        all_of = tuple(_terms(c, group, f"{key}.all_of[{j}]")
                       for j, group in enumerate(c.items(raw.get("all_of", []), f"{key}.all_of")))
        if not any_of and not all_of:
            c.problem(key, "a pattern needs any_of or all_of")
        if pid in (MODEL_KIND, QUESTION_KIND):
            c.problem(key, f"the ids {MODEL_KIND!r} and {QUESTION_KIND!r} are kept for messages no pattern caught")
        patterns.append(ScamPattern(pid, str(raw.get("topic")), c.text(raw.get("what"), f"{key}.what"), any_of, all_of))
    _unique(c, [p.id for p in patterns], "scam_patterns")
    price_questions = tuple(_regex(c, r, f"price_questions[{i}]")
                            for i, r in enumerate(c.items(data.get("price_questions", []), "price_questions")))
    lookalikes = []
    for i, raw in enumerate(c.items(data.get("lookalikes", []), "lookalikes")):
        raw = c.mapping(raw, f"lookalikes[{i}]")
        word = raw.get("word")
        if not isinstance(word, str) or not word.strip():
            c.problem(f"lookalikes[{i}].word", "must be a non-empty text")
        lookalikes.append((_regex(c, raw.get("pattern"), f"lookalikes[{i}].pattern"), str(word)))
    groups = tuple((str(name), _terms(c, terms, f"groups.{name}"))
                   for name, terms in c.mapping(data.get("groups", {}), "groups").items())
    model = c.mapping(data.get("model"), "model")
    threshold = model.get("threshold")
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0 < threshold < 1:
        if model:  # (a missing section is one problem, reported above)
            c.problem("model.threshold", "must be a number between 0 and 1")
        threshold = 0.5
    questions = c.mapping(data.get("scam_questions"), "scam_questions")
    present = isinstance(data.get("scam_questions"), dict)  # (a missing section is one problem)
    question_topics = tuple(_texts(c, questions.get("topics"), "scam_questions.topics")) if present else ()
    question_unless = _terms(c, questions.get("unless", []), "scam_questions.unless") if present else ()
    return (tuple(patterns), _terms(c, data.get("innocent", []), "innocent"), price_questions,
            tuple(lookalikes), groups, float(threshold), question_topics, question_unless)


def scam_examples(directory: Path = KNOWLEDGE_DIR) -> tuple[tuple[ScamExample, ...], list[str]]:
    """The scam model's labelled messages (scam_examples.yaml) and their problems. Only training
    and `quota-doctor check` read them: the bot itself needs the trained model alone."""
    problems: list[str] = []
    data = _read(Path(directory) / "scam_examples.yaml", problems)
    c = _Checker("scam_examples.yaml", problems)
    examples: list[ScamExample] = []
    if problems:  # the file is missing or not YAML: said once
        return (), problems
    for i, raw in enumerate(c.items(data.get("examples"), "examples")):
        raw = c.mapping(raw, f"examples[{i}]")
        text, scam, family = raw.get("text"), raw.get("scam"), raw.get("family")
        if not isinstance(text, str) or not text.strip():
            c.problem(f"examples[{i}].text", "must be a non-empty text")
            continue
        if not isinstance(scam, bool):
            c.problem(f"examples[{i}].scam", "must be true or false")
            continue
        if family not in (SCAM_FAMILIES if scam else INNOCENT_FAMILIES):
            c.problem(f"examples[{i}].family", f"must be one of {', '.join(SCAM_FAMILIES if scam else INNOCENT_FAMILIES)}"
                      f" for scam: {str(scam).lower()}")
            continue
        writer = raw.get("writer", "")
        if not isinstance(writer, str):
            c.problem(f"examples[{i}].writer", "must be a text")
            writer = ""
        examples.append(ScamExample(text.strip(), scam, str(family), writer))
    return tuple(examples), problems


def _scam_model(path: Path, threshold: float, problems: list[str]) -> ScamModel:
    """The trained model (JSON, written by tools/train_scam_model.py). A broken one is a problem
    and is replaced by one that never flags anything."""
    where = f"knowledge/{path.name}: (file)"
    never = ScamModel(-math.inf, MappingProxyType({}), "", threshold)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{where}: missing file (python tools/train_scam_model.py writes it)")
        return never
    except ValueError as exc:
        problems.append(f"{where}: not valid JSON: {exc}")
        return never

    def number(x: Any) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
    if not (isinstance(data, dict) and number(data.get("bias")) and isinstance(data.get("weights"), dict)
            and data["weights"] and all(number(w) for w in data["weights"].values())
            and isinstance(data.get("trained_on"), str) and data["trained_on"]):
        problems.append(f"{where}: expected trained_on (a text), bias (a number) and weights "
                        "(feature: number, finite, at least one)")
        return never
    return ScamModel(float(data["bias"]), MappingProxyType({str(f): float(w) for f, w in data["weights"].items()}),
                     data["trained_on"], threshold)


def _regex(c: _Checker, value: Any, key: str) -> str:
    """A regular expression that compiles; otherwise a problem, and one that matches nothing."""
    if not isinstance(value, str) or not value:
        c.problem(key, "must be a regular expression")
        return "(?!)"
    try:
        re.compile(value)
    except re.error as exc:
        c.problem(key, f"not a valid regular expression: {exc}")
        return "(?!)"
    return value


def _out_of_scope(data: dict, problems: list[str]) -> tuple[str, ...]:
    c = _Checker("out_of_scope.yaml", problems)
    examples = c.mapping(data.get("examples"), "examples")
    out = []
    for lang in LANGS:
        items = [e for e in c.items(examples.get(lang), f"examples.{lang}") if isinstance(e, str) and e.strip()]
        if not items:
            c.problem(f"examples.{lang}", "missing translation")
        out.extend(items)
    return tuple(out)


def _phrasings(data: dict, topic_ids: set[str], problems: list[str]) -> dict[str, dict[str, tuple[str, ...]]]:
    """More example phrasings (faq_phrasings.yaml): topic id, or `out_of_scope`, → language →
    phrasings. They only feed the matcher, so a topic may have none in a language."""
    c = _Checker("faq_phrasings.yaml", problems)
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for topic, langs in c.mapping(data.get("phrasings"), "phrasings").items():
        if topic != "out_of_scope" and topic not in topic_ids:
            if topic not in CONTRACT_FAQ:  # a contract topic missing from faq.yaml is reported there
                c.problem(f"phrasings.{topic}", "unknown FAQ topic")
            continue
        langs = c.mapping(langs, f"phrasings.{topic}")
        for lang in langs:
            if lang not in LANGS:
                c.problem(f"phrasings.{topic}.{lang}", f"unknown language (use {', '.join(LANGS)})")
        out[topic] = {lang: tuple(_texts(c, langs.get(lang, []), f"phrasings.{topic}.{lang}")) for lang in LANGS}
    return out


def _texts(c: _Checker, value: Any, key: str) -> list[str]:
    texts = []
    for i, text in enumerate(c.items(value, key)):
        if not isinstance(text, str) or not text.strip():
            c.problem(f"{key}[{i}]", "must be a non-empty text")
        else:
            texts.append(text.strip())
    return texts


def _ui(data: dict, problems: list[str]) -> dict[str, Text]:
    c = _Checker("ui.yaml", problems)
    return {str(k): c.text(v, k) for k, v in data.items()}


def validate(directory: Path = KNOWLEDGE_DIR) -> tuple[Knowledge | None, list[str]]:
    """Read and check every knowledge file; return the knowledge (None if broken) and every problem."""
    problems: list[str] = []
    directory = Path(directory)
    sections, questions = _questions(_read(directory / "questions.yaml", problems), problems)
    qmap = {q.id: q for q in questions}
    reasons, thresholds, cap = _reasons(_read(directory / "reasons.yaml", problems), qmap, problems)
    steps, min_score, factors, secondary = _steps(_read(directory / "steps.yaml", problems), qmap,
                                       {r.id for r in reasons}, problems)
    faq, synonyms, faq_thresholds, (anchors, core_anchors) = _faq(_read(directory / "faq.yaml", problems), problems)
    scam_patterns, innocent, price_questions, lookalikes, groups, threshold, question_topics, question_unless = _safety(
        _read(directory / "safety.yaml", problems), problems)
    scam_model = _scam_model(directory / "scam_model.json", threshold, problems)
    for pattern in scam_patterns:
        if pattern.topic not in {t.id for t in faq}:
            problems.append(f"knowledge/safety.yaml: scam_patterns[{pattern.id}].topic: unknown FAQ topic {pattern.topic!r}")
    for topic in question_topics:
        if topic not in {t.id for t in faq}:
            problems.append(f"knowledge/safety.yaml: scam_questions.topics: unknown FAQ topic {topic!r}")
    out_of_scope = _out_of_scope(_read(directory / "out_of_scope.yaml", problems), problems)
    more = _phrasings(_read(directory / "faq_phrasings.yaml", problems), {t.id for t in faq}, problems)
    faq = tuple(dataclasses.replace(t, examples=MappingProxyType(
        {lang: t.examples[lang] + more.get(t.id, {}).get(lang, ()) for lang in t.examples})) for t in faq)
    out_of_scope += tuple(e for lang in LANGS for e in more.get("out_of_scope", {}).get(lang, ()))
    ui = _ui(_read(directory / "ui.yaml", problems), problems)
    if problems:
        return None, problems
    knowledge = Knowledge(
        sections=sections, questions=questions, reasons=reasons, steps=steps, faq=faq,
        ui=MappingProxyType(ui), level_thresholds=MappingProxyType(thresholds),
        level_cap=MappingProxyType(cap), min_reason_score=min_score,
        confidence_factor=MappingProxyType(factors), secondary_reason_factor=secondary,
        synonyms=synonyms, faq_thresholds=MappingProxyType(faq_thresholds), faq_anchors=anchors,
        faq_core_anchors=core_anchors,
        scam_patterns=scam_patterns, scam_innocent=innocent, out_of_scope=out_of_scope,
        scam_price_questions=price_questions, scam_lookalikes=lookalikes, scam_groups=groups,
        scam_model=scam_model, scam_question_topics=question_topics, scam_question_unless=question_unless,
        question_by_id=MappingProxyType(qmap),
        reason_by_id=MappingProxyType({r.id: r for r in reasons}),
        step_by_id=MappingProxyType({s.id: s for s in steps}),
        faq_by_id=MappingProxyType({t.id: t for t in faq}),
        section_by_id=MappingProxyType({s.id: s for s in sections}),
        scam_by_id=MappingProxyType({p.id: p for p in scam_patterns}),
    )
    return knowledge, []


def load(directory: Path = KNOWLEDGE_DIR) -> Knowledge:
    """Load and validate the knowledge base; raise KnowledgeError listing every problem."""
    knowledge, problems = validate(directory)
    if knowledge is None:
        raise KnowledgeError(problems)
    return knowledge


@functools.lru_cache(maxsize=1)
def default() -> Knowledge:
    """The knowledge base of this checkout, loaded once."""
    return load(KNOWLEDGE_DIR)
