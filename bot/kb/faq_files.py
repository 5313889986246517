"""faq.yaml, faq_phrasings.yaml, out_of_scope.yaml and ui.yaml: what free text is matched
against, the answers, and the short interface words."""
from __future__ import annotations

import base64
import dataclasses
import json
import math
import sys
from array import array
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from .contract import CONTRACT_FAQ
from .reader import Checker, finite_number
from .schema import TROUBLE_WORDS, Dated, Faq, FaqTopic, OtherProducts, Statements, TopicModel, Trouble

THRESHOLDS = ("match", "match_core", "confident", "near", "without_core", "without_anchor")


def read_faq(data: dict, c: Checker, model_path: Path | None = None) -> Faq:
    """The topics with faq.yaml's own examples (`with_phrasings` adds the other files' phrasings),
    and the topic model of `model_path` (topic_model.json)."""
    synonyms = []
    for i, raw in enumerate(c.items(data.get("synonyms", []), "synonyms")):
        raw = c.mapping(raw, f"synonyms[{i}]")
        canonical = raw.get("canonical")
        if not isinstance(canonical, str) or not canonical.strip():
            c.problem(f"synonyms[{i}].canonical", "missing")
            continue
        synonyms.append((canonical.strip().lower(), c.terms(raw.get("variants"), f"synonyms[{canonical}].variants")))
    matching = c.mapping(data.get("matching"), "matching")
    thresholds = {name: c.number(matching.get(name), f"matching.{name}", 0, 1, low_open=True) for name in THRESHOLDS}
    if not (thresholds["near"] <= thresholds["match_core"] <= thresholds["match"] <= thresholds["confident"]
            and thresholds["match"] <= thresholds["without_core"] <= thresholds["without_anchor"]):
        c.problem("matching", "thresholds must satisfy near <= match_core <= match <= confident "
                              "and match <= without_core <= without_anchor")
    model_weight = c.number(matching.get("model_weight", 0.0), "matching.model_weight", 0, 1)
    topics = []
    for i, raw in enumerate(c.items(data.get("topics"), "topics")):
        raw = c.mapping(raw, f"topics[{i}]")
        tid = c.ident(raw, f"topics[{i}]")
        topics.append(FaqTopic(
            id=tid, question=c.text(raw.get("question"), f"topics[{tid}].question"),
            answer=c.text(raw.get("answer"), f"topics[{tid}].answer"),
            confidence=c.confidence(raw.get("confidence"), f"topics[{tid}].confidence", required=False),
            suggest_diagnosis=bool(raw.get("suggest_diagnosis", False)),
            examples=_examples(raw.get("examples"), f"topics[{tid}].examples", c),
            dated=_dated(raw.get("dated", []), f"topics[{tid}].dated", c),
            review_by=_date(raw.get("review_by"), f"topics[{tid}].review_by", c, required=bool(raw.get("dated"))),
            needs_any=c.terms(raw["needs_any"], f"topics[{tid}].needs_any") if "needs_any" in raw else (),
        ))
    c.unique([t.id for t in topics], "topics")
    c.required_ids({t.id for t in topics}, CONTRACT_FAQ, "topics")
    core = c.terms(data.get("core_anchors"), "core_anchors")
    other = None
    if "other_products_first" in data:
        raw = c.mapping(data["other_products_first"], "other_products_first")
        opening = raw.get("opening", 0)
        if not isinstance(opening, int) or isinstance(opening, bool) or opening < 0:
            c.problem("other_products_first.opening", "must be a whole number, 0 or more")
            opening = 0
        other = OtherProducts(str(raw.get("topic")), c.terms(raw.get("names"), "other_products_first.names"),
                              c.terms(raw.get("unless", []), "other_products_first.unless"),
                              subjects=c.terms(raw.get("subjects", []), "other_products_first.subjects"),
                              own_topics=tuple(c.texts(raw.get("own_topics", []), "other_products_first.own_topics")),
                              opening=opening)
        for topic in (other.topic, *other.own_topics):
            if topic not in {t.id for t in topics}:
                c.problem("other_products_first", f"unknown FAQ topic {topic!r}")
    return Faq(topics=tuple(topics), synonyms=tuple(synonyms), thresholds=MappingProxyType(thresholds),
               anchors=core + c.terms(data.get("anchors"), "anchors"), core_anchors=core, out_of_scope=(),
               topic_by_id=MappingProxyType({t.id: t for t in topics}), other_products=other,
               model=read_topic_model(model_path, c.problems) if model_path else None, model_weight=model_weight,
               statements=_statements(data["statements"], c) if "statements" in data else None,
               trouble=_trouble(data["trouble"], {t.id for t in topics}, c) if "trouble" in data else None)


def _trouble(raw, topic_ids: set[str], c: Checker) -> Trouble:
    raw = c.mapping(raw, "trouble")
    c.known_keys(raw, ("topic", "keep", "curious", *TROUBLE_WORDS), "trouble")
    trouble = Trouble(topic=str(raw.get("topic")), keep=tuple(c.texts(raw.get("keep", []), "trouble.keep")),
                      owing=c.terms(raw.get("owing"), "trouble.owing"),
                      distress=c.terms(raw.get("distress"), "trouble.distress"),
                      pleas=c.terms(raw.get("pleas", []), "trouble.pleas"),
                      settled=c.terms(raw.get("settled", []), "trouble.settled"),
                      lent=c.terms(raw.get("lent", []), "trouble.lent"),
                      curious=tuple(c.texts(raw.get("curious", []), "trouble.curious")))
    for topic in (trouble.topic, *trouble.keep, *trouble.curious):
        if topic not in topic_ids:
            c.problem("trouble", f"unknown FAQ topic {topic!r}")
    return trouble


def _statements(raw, c: Checker) -> Statements:
    raw = c.mapping(raw, "statements")
    longer_than = raw.get("longer_than")
    if not isinstance(longer_than, int) or isinstance(longer_than, bool) or longer_than < 0:
        c.problem("statements.longer_than", "must be a whole number, 0 or more")
        longer_than = 0
    languages = tuple(c.texts(raw.get("languages"), "statements.languages"))
    if c.languages is not None:
        c.known_languages(dict.fromkeys(languages), "statements.languages")
    return Statements(languages=languages, longer_than=longer_than,
                      asks=c.terms(raw.get("asks", []), "statements.asks"),
                      names=c.terms(raw.get("names", []), "statements.names"),
                      voices=c.terms(raw.get("voices"), "statements.voices"))


def read_topic_model(path: Path, problems: list[str]) -> TopicModel | None:
    """The topic model (JSON, written by `python -m tools.train_topic_model`), checked whole; its
    weights are left on disk until the FAQ index is built. A missing or broken one is a problem.
    Topics it names that the FAQ no longer has are left to `quota-doctor check` (a stale model is
    a warning: the ranker ignores them)."""
    parsed = _parse_topic_model(path, problems)
    return None if parsed is None else TopicModel(parsed.classes, parsed.bias, parsed.trained_on, path)


def topic_model_weights(model: TopicModel) -> tuple[list[str], array, array] | None:
    """The model's features, its (feature index, class index) pairs and their weights, read from
    its file again; None when the file changed since it was checked into something unreadable or
    with another number of topics (retrained while the bot ran: the next start reads it)."""
    parsed = _parse_topic_model(model.path, [])
    if parsed is None or len(parsed.classes) != len(model.classes):
        return None
    return parsed.features.split("\n"), parsed.cells, parsed.weights


class _TopicFile(NamedTuple):
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    trained_on: str
    features: str  # one a line
    cells: array
    weights: array


def _parse_topic_model(path: Path, problems: list[str]) -> _TopicFile | None:
    where = f"knowledge/{path.name}: (file)"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{where}: missing file (python -m tools.train_topic_model writes it)")
        return None
    except (OSError, ValueError) as exc:
        problems.append(f"{where}: not valid JSON: {exc}")
        return None
    data = data if isinstance(data, dict) else {}
    classes, bias, features = data.get("classes"), data.get("bias"), data.get("features")
    cells, weights = _packed(data.get("cells"), "i"), _packed(data.get("weights"), "f")
    ok = (isinstance(classes, list) and classes and all(isinstance(t, str) for t in classes)
          and isinstance(bias, list) and len(bias) == len(classes) and all(finite_number(b) for b in bias)
          and isinstance(features, str) and features
          and isinstance(data.get("trained_on"), str) and cells is not None and weights is not None
          and len(cells) == 2 * len(weights) and all(math.isfinite(w) for w in weights)
          and (not cells or (0 <= min(cells[0::2]) and max(cells[0::2]) < features.count("\n") + 1
                             and 0 <= min(cells[1::2]) and max(cells[1::2]) < len(classes))))
    if not ok:
        problems.append(f"{where}: expected trained_on (a text), classes (topic ids), bias (a number per class), "
                        "features (one a line), and cells and weights (base64 of little-endian int32 (feature index, "
                        "class index) pairs and of a finite float32 weight per pair)")
        return None
    return _TopicFile(tuple(classes), tuple(float(b) for b in bias), data["trained_on"], features, cells, weights)


def _packed(text, typecode: str) -> array | None:
    """An array from base64 of its little-endian bytes, or None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    values = array(typecode)
    if len(raw) % values.itemsize:
        return None
    values.frombytes(raw)
    if sys.byteorder != "little":
        values.byteswap()
    return values


def _date(value, key: str, c: Checker, required: bool = False) -> date | None:
    """A date written as 2026-03-31 (YAML reads it as a date)."""
    if value is None and not required:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        c.problem(key, f"expected a date such as 2026-03-31, got {value!r}"
                  + (" (a dated answer needs a date to review it by)" if value is None else ""))
        return None
    return value


def _dated(value, key: str, c: Checker) -> tuple[Dated, ...]:
    """Answers that hold between dates: [{from: date, until: date, answer: {en, zh}}], either bound open."""
    out = []
    for i, raw in enumerate(c.items(value, key)):
        raw = c.mapping(raw, f"{key}[{i}]")
        start, end = _date(raw.get("from"), f"{key}[{i}].from", c), _date(raw.get("until"), f"{key}[{i}].until", c)
        if start is None and end is None:
            c.problem(f"{key}[{i}]", "needs `from`, `until` or both")
        elif start and end and start > end:
            c.problem(f"{key}[{i}]", "`from` is after `until`")
        out.append(Dated(start, end, c.text(raw.get("answer"), f"{key}[{i}].answer")))
    return tuple(out)


def _examples(value, key: str, c: Checker) -> MappingProxyType:
    """{lang: [phrasing]}: every required language has some; a language that falls back may have none."""
    raw = c.mapping(value, key)
    examples = {}
    for lang in c.languages:
        items = [e for e in c.items(raw.get(lang.code, []), f"{key}.{lang.code}") if isinstance(e, str) and e.strip()]
        if not items and lang.required:
            c.problem(f"{key}.{lang.code}", "missing translation")
        examples[lang.code] = tuple(items)
    c.known_languages(raw, key)
    return MappingProxyType(examples)


def read_out_of_scope(data: dict, c: Checker) -> tuple[str, ...]:
    examples = _examples(data.get("examples"), "examples", c)
    return tuple(e for lang in c.languages.codes for e in examples[lang])


Phrasings = dict[str, dict[str, tuple[str, ...]]]  # topic id, or `out_of_scope`, → language → phrasings


def read_phrasings(data: dict, topic_ids: set[str], c: Checker) -> Phrasings:
    """More example phrasings (faq_phrasings.yaml): topic id, or `out_of_scope`, → language →
    phrasings. A topic may have none in a language: faq.yaml's own examples cover each."""
    out: Phrasings = {}
    for topic, langs in c.mapping(data.get("phrasings"), "phrasings").items():
        if topic != "out_of_scope" and topic not in topic_ids:
            if topic not in CONTRACT_FAQ:  # a contract topic missing from faq.yaml is reported there
                c.problem(f"phrasings.{topic}", "unknown FAQ topic")
            continue
        langs = c.mapping(langs, f"phrasings.{topic}")
        c.known_languages(langs, f"phrasings.{topic}")
        out[topic] = {lang: tuple(c.texts(langs.get(lang, []), f"phrasings.{topic}.{lang}")) for lang in c.languages.codes}
    return out


def _texts(phrasings: Phrasings):
    return (e for langs in phrasings.values() for texts in langs.values() for e in texts)


def with_phrasings(faq: Faq, out_of_scope: tuple[str, ...], files: list[tuple[bool, Phrasings]]) -> Faq:
    """The FAQ with the phrasings files' phrasings added to the topics and to out of scope, in the
    files' order. `files`: (matcher_only, phrasings) each. A `matcher_only` file's phrasings teach
    the topic model alone (`Faq.matcher_only`: the scam and crisis models skip them); one that
    faq.yaml, out_of_scope.yaml or an ordinary file already has adds nothing, so that adding to
    such a file never changes what those two models learn."""
    learnt = {e for t in faq.topics for texts in t.examples.values() for e in texts} | set(out_of_scope)
    learnt.update(e for only, phrasings in files if not only for e in _texts(phrasings))
    more: dict[str, dict[str, tuple[str, ...]]] = {}
    for only, phrasings in files:
        for topic, langs in phrasings.items():
            mine = more.setdefault(topic, {})
            for lang, texts in langs.items():
                mine[lang] = mine.get(lang, ()) + (tuple(e for e in texts if e not in learnt) if only else texts)
    matcher_only = frozenset(e for only, phrasings in files if only for e in _texts(phrasings)) - learnt
    topics = tuple(dataclasses.replace(t, examples=MappingProxyType(
        {lang: t.examples[lang] + more.get(t.id, {}).get(lang, ()) for lang in t.examples})) for t in faq.topics)
    extra = tuple(e for lang_items in more.get("out_of_scope", {}).values() for e in lang_items)
    return dataclasses.replace(faq, topics=topics, out_of_scope=out_of_scope + extra, matcher_only=matcher_only,
                               topic_by_id=MappingProxyType({t.id: t for t in topics}))


def read_ui(data: dict, c: Checker) -> MappingProxyType:
    return MappingProxyType({str(k): c.text(v, k) for k, v in data.items()})
