"""safety.yaml, scam_model.json and scam_examples.yaml: the scam shield's data."""
from __future__ import annotations

import json
import math
from pathlib import Path
from types import MappingProxyType

from .linear_model import PackedWeights
from .reader import Checker, finite_number, read_yaml
from .schema import INNOCENT_FAMILIES, Crisis, MODEL_KIND, QUESTION_KIND, SCAM_FAMILIES, ScamExample, ScamModel, ScamPattern, Shield


def read_shield(data: dict, model_path: Path, c: Checker, topic_ids: set[str]) -> Shield:
    patterns = []
    for i, raw in enumerate(c.items(data.get("scam_patterns"), "scam_patterns")):
        raw = c.mapping(raw, f"scam_patterns[{i}]")
        pid = c.ident(raw, f"scam_patterns[{i}]")
        key = f"scam_patterns[{pid}]"
        any_of = c.terms(raw.get("any_of", []), f"{key}.any_of")
        all_of = tuple(c.terms(group, f"{key}.all_of[{j}]")
                       for j, group in enumerate(c.items(raw.get("all_of", []), f"{key}.all_of")))
        if not any_of and not all_of:
            c.problem(key, "a pattern needs any_of or all_of")
        if pid in (MODEL_KIND, QUESTION_KIND):
            c.problem(key, f"the ids {MODEL_KIND!r} and {QUESTION_KIND!r} are kept for messages no pattern caught")
        topic = None if raw.get("topic") is None else str(raw.get("topic"))  # none: the warning alone answers
        if topic is not None and topic not in topic_ids:
            c.problem(f"{key}.topic", f"unknown FAQ topic {topic!r}")
        patterns.append(ScamPattern(pid, topic, c.text(raw.get("what"), f"{key}.what"), any_of, all_of))
    c.unique([p.id for p in patterns], "scam_patterns")
    price_questions = _regexes(data.get("price_questions", []), "price_questions", c)
    lookalikes = _lookalikes(data, c)
    groups = tuple((str(name), c.terms(terms, f"groups.{name}"))
                   for name, terms in c.mapping(data.get("groups", {}), "groups").items())
    model = c.mapping(data.get("model"), "model")
    threshold = model.get("threshold")
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0 < threshold < 1:
        if model:  # (a missing section is one problem, reported above)
            c.problem("model.threshold", "must be a number between 0 and 1")
        threshold = 0.5
    warnings = c.mapping(data.get("warnings", {}), "warnings")
    questions = c.mapping(data.get("scam_questions"), "scam_questions")
    present = isinstance(data.get("scam_questions"), dict)  # (a missing section is one problem)
    question_topics = tuple(c.texts(questions.get("topics"), "scam_questions.topics")) if present else ()
    for topic in question_topics:
        if topic not in topic_ids:
            c.problem("scam_questions.topics", f"unknown FAQ topic {topic!r}")
    question_unless = c.terms(questions.get("unless", []), "scam_questions.unless") if present else ()
    not_innocent = tuple(c.texts(model.get("not_innocent", []), "model.not_innocent"))
    model_answers = tuple(c.texts(model.get("answers", []), "model.answers"))
    answer_first = tuple(c.texts(questions.get("answer_first", []), "scam_questions.answer_first")) if present else ()
    for key, topics in (("model.not_innocent", not_innocent), ("model.answers", model_answers),
                        ("scam_questions.answer_first", answer_first)):
        for topic in topics:
            if topic not in topic_ids:
                c.problem(key, f"unknown FAQ topic {topic!r}")
    return Shield(
        patterns=tuple(patterns), innocent=c.terms(data.get("innocent", []), "innocent"),
        price_questions=price_questions, lookalikes=tuple(lookalikes), groups=groups,
        model=read_model(model_path, float(threshold), c.problems),
        question_topics=question_topics, question_unless=question_unless, not_innocent=not_innocent,
        model_answers=model_answers, answer_first=answer_first,
        paid=c.terms(questions.get("paid", []), "scam_questions.paid") if present else (),
        hotlines=tuple(str(h) for h in c.items(data.get("hotlines", []), "hotlines")),
        clause_words=c.terms(data.get("clause_words", []), "clause_words"),
        model_field=c.terms(model.get("field", []), "model.field"),
        warnings=c.terms(warnings.get("phrases", []), "warnings.phrases"),
        warning_asks=_regexes(warnings.get("asks", []), "warnings.asks", c),
        warning_stories=_regexes(warnings.get("stories", []), "warnings.stories", c),
        warning_lures=_regexes(warnings.get("lures", []), "warnings.lures", c),
        warning_demands=_regexes(warnings.get("demands", []), "warnings.demands", c),
        warning_categories=_regexes(warnings.get("categories", []), "warnings.categories", c),
        warning_destinations=_regexes(warnings.get("destinations", []), "warnings.destinations", c),
        warning_refusals=_regexes(warnings.get("refusals", []), "warnings.refusals", c),
        warning_pretexts=_regexes(warnings.get("pretexts", []), "warnings.pretexts", c),
        pattern_by_id=MappingProxyType({p.id: p for p in patterns}),
    )


def _regexes(value, key: str, c: Checker) -> tuple[str, ...]:
    """A list of regular expressions; each one that does not compile is a problem `key[i]`."""
    return tuple(c.regex(r, f"{key}[{i}]") for i, r in enumerate(c.items(value, key)))


def read_model(path: Path, threshold: float, problems: list[str], tool: str = "tools.train_scam_model") -> ScamModel:
    """A trained logistic model (JSON, written by `python -m <tool>`). A broken one is a problem
    and is replaced by one that never flags anything."""
    where = f"knowledge/{path.name}: (file)"
    never = ScamModel(-math.inf, MappingProxyType({}), "", threshold)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{where}: missing file (python -m {tool} writes it)")
        return never
    except ValueError as exc:
        problems.append(f"{where}: not valid JSON: {exc}")
        return never
    if not (isinstance(data, dict) and finite_number(data.get("bias")) and isinstance(data.get("weights"), dict)
            and data["weights"] and all(finite_number(w) for w in data["weights"].values())
            and isinstance(data.get("trained_on"), str) and data["trained_on"]):
        problems.append(f"{where}: expected trained_on (a text), bias (a number) and weights "
                        "(feature: number, finite, at least one)")
        return never
    try:
        weights = PackedWeights(data["weights"])  # (JSON keys are texts; the values were checked as numbers)
    except ValueError as exc:
        problems.append(f"{where}: {exc}: retrain it")
        return never
    return ScamModel(float(data["bias"]), weights, data["trained_on"], threshold)


def read_examples(directory: Path) -> tuple[tuple[ScamExample, ...], list[str]]:
    """The scam model's labelled messages (scam_examples.yaml) and their problems. Only training
    and `quota-doctor check` read them: the bot itself needs the trained model alone."""
    problems: list[str] = []
    data = read_yaml(Path(directory) / "scam_examples.yaml", problems)
    if problems:  # the file is missing or not YAML: said once
        return (), problems
    c = Checker("scam_examples.yaml", problems)
    examples: list[ScamExample] = []
    for i, raw in enumerate(c.items(data.get("examples"), "examples")):
        raw = c.mapping(raw, f"examples[{i}]")
        text, scam, family = raw.get("text"), raw.get("scam"), raw.get("family")
        if not isinstance(text, str) or not text.strip():
            c.problem(f"examples[{i}].text", "must be a non-empty text")
            continue
        if not isinstance(scam, bool):
            c.problem(f"examples[{i}].scam", "must be true or false")
            continue
        families = SCAM_FAMILIES if scam else INNOCENT_FAMILIES
        if family not in families:
            c.problem(f"examples[{i}].family", f"must be one of {', '.join(families)} for scam: {str(scam).lower()}")
            continue
        writer = raw.get("writer", "")
        if not isinstance(writer, str):
            c.problem(f"examples[{i}].writer", "must be a text")
            writer = ""
        examples.append(ScamExample(text.strip(), scam, str(family), writer))
    return tuple(examples), problems


def read_crisis(data: dict, model_path: Path, c: Checker, topic_ids: set[str] | frozenset[str] = frozenset()) -> Crisis:
    """crisis.yaml: the words of someone in crisis, in every language, and their look-alikes."""
    def by_language(key: str) -> tuple[str, ...]:
        raw = c.mapping(data.get(key), key)
        c.known_languages(raw, key)
        terms = tuple(t for lang in c.languages.codes for t in c.terms(raw.get(lang, []), f"{key}.{lang}"))
        if not terms:
            c.problem(key, "needs at least one term")
        return terms
    lookalikes = _lookalikes(data, c)
    settings = c.mapping(data.get("model"), "model")
    threshold = settings.get("threshold")
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0 < threshold < 1:
        c.problem("model.threshold", "must be a number between 0 and 1")
        threshold = 0.5
    gentle = settings.get("gentle", threshold)
    if not isinstance(gentle, (int, float)) or isinstance(gentle, bool) or not 0 < gentle <= threshold:
        c.problem("model.gentle", "must be a number above 0 and at most the threshold")
        gentle = threshold

    def per_language(key: str, default) -> dict[str, float]:  # a probability, or one for each language
        raw = settings.get(key, default)
        raw = dict.fromkeys(c.languages.codes, raw) if isinstance(raw, (int, float)) else c.mapping(raw, f"model.{key}")
        c.known_languages(raw, f"model.{key}")
        return {lang: c.number(raw[lang], f"model.{key}.{lang}", 0, 1, low_open=True)
                for lang in c.languages.codes if lang in raw}
    context, unsaid = per_language("context", 1.0), per_language("unsaid", {})
    debt_topics = tuple(c.texts(data.get("debt_topics", []), "debt_topics"))
    for topic in debt_topics:
        if topic not in topic_ids:
            c.problem("debt_topics", f"unknown FAQ topic {topic!r}")
    return Crisis(by_language("terms"), by_language("gentle"), c.terms(data.get("not_crisis", []), "not_crisis"),
                  tuple(lookalikes), by_language("cues"),
                  read_model(model_path, float(threshold), c.problems, "tools.train_crisis_model"), debt_topics,
                  float(gentle), by_language("context") if "context" in data else (), context, unsaid,
                  c.terms(data.get("not_cues", []), "not_cues"))


def _lookalikes(data: dict, c: Checker) -> tuple[tuple[str, str], ...]:
    """`lookalikes`: (regular expression, the word it stands for), for disguised spellings."""
    found = []
    for i, raw in enumerate(c.items(data.get("lookalikes", []), "lookalikes")):
        raw = c.mapping(raw, f"lookalikes[{i}]")
        word = raw.get("word")
        if not isinstance(word, str) or not word.strip():
            c.problem(f"lookalikes[{i}].word", "must be a non-empty text")
        found.append((c.regex(raw.get("pattern"), f"lookalikes[{i}].pattern"), str(word)))
    return tuple(found)
