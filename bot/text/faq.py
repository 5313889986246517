"""Free text → FAQ topic (pure). Method: texts are normalised (`text.normalize`: simplified Chinese,
synonyms), turned into features (Chinese character bigrams and single characters; English
words after spelling correction against the knowledge base's own vocabulary, with rapidfuzz,
their letter triples, and word pairs), weighted by TF-IDF, and compared by cosine with every example phrasing of
every topic; a topic scores as its best example blended with its second best (a question that
resembles two phrasings of a topic beats one that brushes a single phrasing of another).
Thresholds live in knowledge/faq.yaml. The scam shield (`shield.scam.scam_kinds`) runs on the same
normalised text, spelling corrected; when it fires, the first matching pattern's topic is the
answer (the best-ranked scam topic when only the scam model caught it). A question about a scam
scheme that the shield let pass is flagged too when its confident answer is one of safety.yaml's
`scam_questions.topics` (kind `question`)."""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from ..kb.schema import QUESTION_KIND, Knowledge
from ..shield.scam import clauses, has_any, scam_kinds
from .features import TOKENS, text_features
from .normalize import language, normalizer_for

_WORD = re.compile(r"[a-z]{5,}")
SPELLING_CUTOFF = 85  # rapidfuzz ratio above which an unknown word is read as a known one
SECOND_EXAMPLE_WEIGHT = 0.25  # a topic scores as its best example, helped by its second best
MIN_SUBSTANCE = 2  # a single word or character pair is never answered without asking back
OUT_OF_SCOPE = "__out_of_scope__"  # the pseudo-topic of knowledge/out_of_scope.yaml


@dataclass(frozen=True)
class FaqMatch:
    id: str | None                             # the topic, or None when nothing fits
    score: float
    lang: str
    scam: bool
    scam_kinds: tuple[str, ...]
    alternatives: tuple[tuple[str, float], ...]  # the next best topics, best first
    confident: bool                            # sure enough to answer without asking back

    def to_json(self) -> dict:
        return {"id": self.id, "score": round(self.score, 4), "scam": self.scam, "lang": self.lang,
                "alternatives": [{"id": t, "score": round(s, 4)} for t, s in self.alternatives]}


@functools.lru_cache(maxsize=4)
def matcher_for(knowledge: Knowledge) -> "FaqMatcher":
    """The matcher of a knowledge base, built once (building takes a fraction of a second)."""
    return FaqMatcher(knowledge)


class FaqMatcher:
    """Built once per knowledge base; `match` answers one text."""

    def __init__(self, knowledge: Knowledge):
        self.k = knowledge
        self.normalize = normalizer_for(knowledge.faq.synonyms)
        texts = [(topic.id, text) for topic in knowledge.faq.topics
                 for text in (*topic.question.values.values(), *(e for lang in topic.examples
                                                                        for e in topic.examples[lang]))]
        texts += [(OUT_OF_SCOPE, text) for text in knowledge.faq.out_of_scope]
        docs: list[tuple[str, Counter]] = []
        seen: set[tuple[str, str]] = set()  # a phrasing twice in a topic would be its own second best
        self.vocabulary: set[str] = set()   # the words spelling is corrected towards
        for topic_id, text in texts:
            normalized = self.normalize(text)
            if (topic_id, normalized) in seen:
                continue
            seen.add((topic_id, normalized))
            if topic_id != OUT_OF_SCOPE:
                self.vocabulary.update(w for w in TOKENS.findall(normalized) if w.isascii())
            docs.append((topic_id, self._raw_features(normalized, correct=False)))
        self._vocab_list = sorted(w for w in self.vocabulary if len(w) >= 3 and not w.isdigit())
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
        self.scam_topics = list(dict.fromkeys(p.topic for p in knowledge.shield.patterns))  # the answers to scams
        self._needs = {t.id: t.needs_any for t in knowledge.faq.topics if t.needs_any}
        shield_terms = [t for p in knowledge.shield.patterns for t in (*p.any_of, *(t for g in p.all_of for t in g))]
        shield_terms += [t for _, terms in knowledge.shield.groups for t in terms] + list(knowledge.shield.innocent)
        self._shield_words = {w for t in shield_terms for w in _WORD.findall(t)}

    # -- features ----------------------------------------------------------------------------
    @functools.lru_cache(maxsize=4096)
    def _correct(self, word: str) -> str:
        """The knowledge base's own word closest to a misspelt one (or the word itself)."""
        if word in self.vocabulary or len(word) < 4 or word.isdigit():
            return word
        if len(word) < 5:
            return word
        best = process.extractOne(word, self._vocab_list, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
        return best[0] if best else word

    def spelled(self, normalized: str) -> str:
        """The text with its misspelt English words of five letters or more corrected towards the
        FAQ's words ("deposite" → "deposit"); a word of the scam shield's terms is kept as it is
        ("forge" is not "forget", "selling" not "telling")."""
        return _WORD.sub(lambda m: m.group(0) if m.group(0) in self._shield_words else self._correct(m.group(0)),
                         normalized)

    def _raw_features(self, normalized: str, correct: bool = True) -> Counter:
        return text_features(normalized, self._correct if correct else None)

    def _weigh(self, feats: Counter) -> dict[str, float]:
        vec = {f: (1.0 + math.log(c)) * self.idf[f] if c >= 1 else c * self.idf[f]
               for f, c in feats.items() if f in self.idf}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {f: w / norm for f, w in vec.items()}

    # -- matching ----------------------------------------------------------------------------
    def _rank(self, feats: Counter) -> list[tuple[str, float]]:
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
        ranked = [(self.topics[i], float(blended[i])) for i in np.flatnonzero(first > 0)]
        return sorted(ranked, key=lambda item: -item[1])

    def match(self, text: str) -> FaqMatch:
        normalized = self.normalize(text)
        feats = self._raw_features(normalized)
        substance = sum(1 for f in feats if f[0] in "wb")  # content words and character pairs
        ranked = [(t, s) for t, s in self._rank(feats) if t not in self._needs or has_any(self._needs[t], normalized)]
        top_id, top = ranked[0] if ranked else (None, 0.0)
        kinds = scam_kinds(self.spelled(normalized), self.k,
                           lambda: [self.spelled(self.normalize(c)) for c in clauses(text)])
        anchored = has_any(self.k.faq.anchors, normalized)
        core = has_any(self.k.faq.core_anchors, normalized)
        fits = (top_id != OUT_OF_SCOPE
                and ((core and top >= self.thresholds["match_core"])
                     or (anchored and top >= max(self.thresholds["match"], self.thresholds["without_core"]))
                     or top >= max(self.thresholds["match"], self.thresholds["without_anchor"])))
        ranked = [(t, s) for t, s in ranked if t != OUT_OF_SCOPE]
        confident = fits and top >= self.thresholds["confident"] and substance >= MIN_SUBSTANCE
        if kinds:
            # the scam shield knows better which answer fits, and that one must be given: its
            # first pattern's topic, or (the model caught it) the best-ranked scam topic
            scam_topic = (self.k.shield.pattern_by_id[kinds[0]].topic if kinds[0] in self.k.shield.pattern_by_id
                          else next((t for t, _ in ranked if t in self.scam_topics  # (a victim's answer needs its pattern)
                                     and t not in self.k.shield.answer_first),
                                    self.scam_topics[0] if self.scam_topics else None))
            if scam_topic is not None:
                ranked = ([(scam_topic, max(top, self.thresholds["confident"]))]
                          + [(t, s) for t, s in ranked if t != scam_topic])
                top_id, top, fits, confident = scam_topic, ranked[0][1], True, True
        if (not kinds and confident and top_id in self.k.shield.question_topics
                and not has_any(self.k.shield.question_unless, normalized)
                and not has_any(self.k.shield.innocent, normalized)):
            kinds = (QUESTION_KIND,)  # a question about a scam scheme gets the warning too
        if fits:
            alternatives = ranked[1:4]
        elif anchored and top_id != OUT_OF_SCOPE:  # a near miss: "did you mean"
            alternatives = ranked[:3]
        else:  # not about the advisor's field: never guess
            alternatives = []
        return FaqMatch(
            id=top_id if fits else None, score=min(top, 1.0), lang=language(text), scam=bool(kinds),
            scam_kinds=kinds, confident=confident,
            alternatives=tuple((t, s) for t, s in alternatives if s >= self.thresholds["near"]),
        )
