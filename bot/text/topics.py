"""Free text → the FAQ topics, ranked (pure). This module ranks and nothing else: whether a text is
a scam is shield.verdict's, and text.faq joins the two into the answer.

Method: texts are prepared (shield.pipeline: simplified Chinese, synonyms, spelling), turned into
features (text.features: Chinese character bigrams and single characters; English words, their
letter triples and word pairs), weighted by TF-IDF, and compared by cosine with every example
phrasing of every topic; a topic scores as its best example blended with its second best (a
question that resembles two phrasings of a topic beats one that brushes a single phrasing of
another). That score is blended with the probability a linear model (knowledge/topic_model.json,
multinomial logistic regression over the same features, learnt from the same phrasings) gives
the topic: the model weighs every word against every topic and generalises to wording no example
has, where the nearest example is sure of itself on wording close to one. A topic the model never
learnt (it is stale: `quota-doctor check` says so) is ranked by its examples alone. The model's
share (`matching.model_weight`) and the thresholds live in knowledge/faq.yaml; the anchors and
`needs_any` words are normalised as texts are."""
from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..kb.faq_files import topic_model_weights
from ..kb.schema import Knowledge
from ..shield.pipeline import Prepared
from ..shield.terms import first_at, has_any, without
from .features import text_features
from .normalize import normalized_phrasings, normalizer_for, to_simplified
from .spelling import speller_for
from .topic_training import OUT_OF_SCOPE

SECOND_EXAMPLE_WEIGHT = 0.25  # a topic scores as its best example, helped by its second best
MIN_SUBSTANCE = 2  # a single word or character pair is never answered without asking back
MIN_LISTED = 0.01  # a topic scoring less is not listed at all


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[tuple[str, float], ...]  # the topics, best first (out of scope left out)
    top_id: str | None                     # the best, which may be OUT_OF_SCOPE
    top: float
    fits: bool                             # the best is good enough to be an answer
    confident: bool                        # sure enough to answer without asking back
    anchored: bool                         # the text names the advisor's field (额度, 微粒贷...)
    core: bool = False                     # ...in one of faq.yaml `core_anchors` (a loan, a limit, credit, a scam...)
    statement: bool = False                # a report, rule or notice pasted that asks nothing: no topic fits


class TopicRanker:
    """Built once per knowledge base; `rank` ranks the topics for one prepared text."""

    def __init__(self, knowledge: Knowledge):
        self.k = knowledge
        self.normalize = normalizer_for(knowledge.faq.synonyms)
        self.correct = speller_for(knowledge).correct
        self.hotlines = knowledge.shield.hotlines
        docs: list[tuple[str, Counter]] = []
        seen: set[tuple[str, str]] = set()  # a phrasing twice in a topic would be its own second best
        for topic, normalized in normalized_phrasings(knowledge):
            topic_id = topic or OUT_OF_SCOPE
            if (topic_id, normalized) in seen:
                continue
            seen.add((topic_id, normalized))
            docs.append((topic_id, self._raw_features(normalized, correct=False)))
        df: Counter = Counter()
        for _, feats in docs:
            df.update(feats.keys())
        n = len(docs)
        self.idf = {f: math.log((n + 1) / (c + 1)) + 1.0 for f, c in df.items()}
        docs.sort(key=lambda doc: doc[0])  # each topic's examples side by side, for reduceat below
        feature_ids: dict[str, int] = {}
        features: list[int] = []
        examples: list[int] = []
        weights: list[float] = []
        for i, (_, feats) in enumerate(docs):
            vec = self._weigh(feats)
            features.extend(feature_ids.setdefault(f, len(feature_ids)) for f in vec)
            examples.extend([i] * len(vec))
            weights.extend(vec.values())
        # feature → the slice of (example, weight) pairs that have it: a question's scores are a
        # few vector additions
        feature_of = np.array(features, dtype=np.int32)
        order = np.argsort(feature_of, kind="stable")
        self._examples = np.array(examples, dtype=np.int32)[order]
        self._weights = np.array(weights, dtype=np.float32)[order]
        bounds = np.searchsorted(feature_of[order], np.arange(len(feature_ids) + 1))
        self.postings = {f: (int(bounds[j]), int(bounds[j + 1])) for f, j in feature_ids.items()}
        self.n_docs = len(docs)
        firsts = [i for i, (topic_id, _) in enumerate(docs) if i == 0 or docs[i - 1][0] != topic_id]
        self.topics = [docs[i][0] for i in firsts]
        self.starts = np.array(firsts, dtype=np.intp)
        self.sizes = np.diff(np.append(self.starts, len(docs)))
        self.thresholds = knowledge.faq.thresholds
        terms = functools.partial(normalized_terms, self.normalize)  # written as users write, read as texts are
        self._needs = {t.id: terms(t.needs_any) for t in knowledge.faq.topics if t.needs_any}
        self.anchors, self.core_anchors = terms(knowledge.faq.anchors), terms(knowledge.faq.core_anchors)
        other = knowledge.faq.other_products
        self.other = (other.topic, terms(other.names), terms(other.unless)) if other else None
        self.subjects = (terms(other.subjects), frozenset(other.own_topics), other.opening) if other else None
        self.statements = knowledge.faq.statements
        self._names = terms(self.statements.names) if self.statements else ()
        model = knowledge.faq.model
        table = topic_model_weights(model) if model else None  # (None: the file broke since it was checked)
        self._model = _LinearTopics(model, table, set(self.topics)) if table else None
        self.model_weight = knowledge.faq.model_weight if self._model else 0.0

    def _raw_features(self, normalized: str, correct: bool = True) -> Counter:
        return text_features(normalized, self.correct if correct else None, self.hotlines)

    def _weigh(self, feats: Counter) -> dict[str, float]:
        vec = {f: (1.0 + math.log(c)) * self.idf[f] if c >= 1 else c * self.idf[f]
               for f, c in feats.items() if f in self.idf}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {f: w / norm for f, w in vec.items()}

    def _scores(self, feats: Counter) -> list[tuple[str, float]]:
        scores = np.zeros(self.n_docs, dtype=np.float32)  # cosine with every example
        for f, w in self._weigh(feats).items():
            if f in self.postings:
                start, end = self.postings[f]
                scores[self._examples[start:end]] += w * self._weights[start:end]
        first = np.maximum.reduceat(scores, self.starts)  # each topic's best example...
        is_first = scores == np.repeat(first, self.sizes)
        rest = np.maximum.reduceat(np.where(is_first, 0.0, scores), self.starts)
        second = np.where(np.add.reduceat(is_first, self.starts) > 1, first, rest)  # ...and second best
        blended = (1.0 - SECOND_EXAMPLE_WEIGHT) * first + SECOND_EXAMPLE_WEIGHT * second
        if self.model_weight:
            w = self.model_weight
            learnt = self._model.probabilities(feats)
            blended = np.array([(1.0 - w) * b + w * learnt[t] if t in learnt else b  # (stale, or no known word)
                                for t, b in zip(self.topics, blended.tolist())])
        ranked = [(self.topics[i], float(blended[i])) for i in np.flatnonzero(blended >= MIN_LISTED)]
        return sorted(ranked, key=lambda item: -item[1])

    def rank(self, prepared: Prepared) -> Ranking:
        normalized = prepared.normalized
        feats = self._raw_features(normalized)
        substance = sum(1 for f in feats if f[0] in "wb")  # content words and character pairs
        ranked = [(t, s) for t, s in self._scores(feats) if t not in self._needs or has_any(self._needs[t], normalized)]
        if self._about_other_product(normalized, ranked):
            # about another lender's product, not Weilidai: that answer first, whatever it asks
            topic, best = self.other[0], max((s for _, s in ranked), default=0.0)
            ranked = [(topic, max(best, self.thresholds["confident"]))] + [(t, s) for t, s in ranked if t != topic]
        top_id, top = ranked[0] if ranked else (None, 0.0)
        anchored = has_any(self.anchors, normalized)
        core = has_any(self.core_anchors, normalized)
        th = self.thresholds
        statement = self._statement(prepared) and not (self.other is not None and top_id == self.other[0])
        fits = (top_id != OUT_OF_SCOPE and not statement
                and ((core and top >= th["match_core"])
                     or (anchored and top >= max(th["match"], th["without_core"]))
                     or top >= max(th["match"], th["without_anchor"])))
        confident = fits and top >= th["confident"] and substance >= MIN_SUBSTANCE
        return Ranking(tuple((t, s) for t, s in ranked if t != OUT_OF_SCOPE), top_id, top, fits, confident, anchored,
                       core, statement)

    def _statement(self, prepared: Prepared) -> bool:
        """Whether a text is a report, a rule or a notice someone pasted, and asks nothing (faq.yaml
        `statements`: "据报道，新规要求催收机构晚上十点以后不得打电话"): no question to answer with a
        topic ("did you mean", at most). A question, the writer's own story told in any words ("额度
        突然没了，之前一直按时还的", "客服说是综合评估"), a search-box phrase, or a text naming Weilidai or
        a limit is answered (and another lender's product still gets its answer)."""
        st = self.statements
        if st is None or prepared.lang not in st.languages or len(prepared.text.strip()) <= st.longer_than:
            return False
        typed = to_simplified(prepared.text).lower()  # voices and asks as typed (normalised, 可以 and 能否 are both "can")
        # the word lists first: the sentences' reading is the costly part, and most texts stop before it
        return (has_any(st.voices, typed) and not has_any(st.asks, typed) and not has_any(self._names, prepared.normalized)
                and not any(s.asks or s.story for s in prepared.sentences))

    def _about_other_product(self, normalized: str, ranked: list[tuple[str, float]]) -> bool:
        """Whether a question is about another lender's product, not Weilidai: it names one (a name
        such as 微信备用金 names no WeChat of its own), or opens with a credit card, a mortgage or a
        bank and asks what Weilidai's own answer would say ("房贷逾期一个月严重吗"); and it names
        no Weilidai."""
        if not self.other or has_any(self.other[2], without(self.other[1], normalized)):
            return False
        if has_any(self.other[1], normalized):
            return True
        subjects, own_topics, opening = self.subjects
        at = first_at(subjects, normalized.lstrip())
        return at is not None and at <= opening and bool(ranked) and ranked[0][0] in own_topics


class _LinearTopics:
    """The topic model, scored: a row of weights per feature, a softmax over its topics."""

    def __init__(self, model, table, topics: set[str]):
        features, cells, weights = table
        self.classes = model.classes
        self.bias = np.array(model.bias, dtype=np.float64)
        self.rows = {f: j for j, f in enumerate(features)}
        self.matrix = np.zeros((len(self.rows), len(self.classes)), dtype=np.float32)
        pairs = np.frombuffer(cells, dtype=np.int32).reshape(-1, 2)
        self.matrix[pairs[:, 0], pairs[:, 1]] = np.frombuffer(weights, dtype=np.float32)
        self.known = [i for i, t in enumerate(self.classes) if t in topics]  # a topic the FAQ no longer has: ignored

    def probabilities(self, feats: Counter) -> dict[str, float]:
        found = [(self.rows[f], x) for f, x in feats.items() if f in self.rows]
        if not found:  # nothing it knows: its prior says nothing about this text
            return {}
        rows, values = zip(*found)
        z = self.bias + np.asarray(values, dtype=np.float32) @ self.matrix[list(rows)]
        p = np.exp(z - z.max())
        p /= p.sum()
        return {self.classes[i]: float(p[i]) for i in self.known}


def normalized_terms(normalize, terms: tuple[str, ...]) -> tuple[str, ...]:
    """Terms written as users write them, in the form normalised texts take."""
    return tuple(t for t in dict.fromkeys(normalize(term) for term in terms) if t)
