"""Is a message a scam? One verdict, decided in one order (pure).

`verdict(prepared, answer)` reads a text prepared by `pipeline.prepare`. The first of these that
holds decides, on the text without what an authority's voice says in it (safety.yaml `warnings`:
"凡是…的，都是诈骗", "不要轻信"; never a sentence that asks, or tells the writer's own story or one
case's), which names a scheme only to refuse it: a sentence up to its last warning phrase, the list
that phrase began and the clauses after it that still refuse; what follows is read (`_told`):

1. A term that is a scam by itself (a pattern's `any_of` in safety.yaml: 内部渠道, 包下款,
   安全账户...) anywhere in the text. Every pattern matched by rule 1 or 2 is named, in the order
   of safety.yaml (the first one's topic is the answer).
2. A pattern's combination (`all_of`: one term of each group, e.g. 强开 and money asked for, all
   in one sentence: `_in_one_sentence`), in a text with no innocent phrase (`innocent`); a
   question about a price is no price (`price_questions`). A text with an innocent phrase is
   read again without the clauses that have one: one innocent clause does not make the rest of a
   message innocent. A warning phrase is an innocent phrase too, unless a clause speaks in a
   scheme's voice after it (`_borrowed`).
3. The scam model (scam_model.json, `model.threshold`), on a text with no innocent phrase that
   names something of the advisor's field (faq.yaml `core_anchors`: a loan, a limit, credit,
   customer service, a scam...), money asked for (the `money` group) or a word of the schemes
   (safety.yaml `model.field`: an account, a verification code, a screen share...): everyday
   chat is never the model's to judge.
4. A question about a scam scheme: `answer`, the FAQ's confident answer, is one of
   `scam_questions.topics`, the text asks (or tells the writer's own story, or is as short as a
   search), and it has none of `scam_questions.unless` and no innocent phrase.

A text that is nothing but such sentences is no scam and no question: `warning`, and the FAQ
gives it no topic. Nothing else decides. A crisis is answered before any of this
(core.free_text), and the FAQ's ranking never changes a verdict; it only chooses which answer
comes with the warning."""
from __future__ import annotations

from dataclasses import dataclass

from ..kb.schema import MODEL_KIND, QUESTION_KIND, Knowledge
from .pipeline import Prepared, Sentence, shield_terms, unmask, without_price_questions
from .scam import scam_features
from .terms import Search, has_any


@dataclass(frozen=True)
class Verdict:
    kinds: tuple[str, ...]  # the patterns matched, MODEL_KIND or QUESTION_KIND; none: not a scam
    step: int = 0           # which rule above decided (0: none)
    warning: bool = False   # every sentence is an authority's warning: someone else's text, no question

    @property
    def scam(self) -> bool:
        return bool(self.kinds)


def verdict(prepared: Prepared, answer: str | None = None) -> Verdict:
    k = prepared.knowledge
    terms = shield_terms(k)
    shield, asked, clauses = prepared.shield, prepared.asked, None
    innocent = terms.innocent
    if has_any(terms.warnings, shield):  # an authority's warning is set aside, whatever it names
        if _borrowed(prepared):
            innocent = terms.plain_innocent
        told = [c for i, s in enumerate(prepared.sentences) if not _rhetorical(prepared.sentences, i) for c in _told(s, k)]
        if not told:
            return Verdict((), warning=True)
        if len(told) < len(prepared.clauses):
            clauses = told
            shield = unmask(" ".join(clauses), k)
            asked = without_price_questions(shield, k)
    found = _read(prepared, shield, asked, innocent)
    if not found.kinds and has_any(innocent, shield):
        clauses = prepared.clauses if clauses is None else clauses
        kept = [c for c in clauses if not has_any(innocent, unmask(c, k))]
        if kept and len(kept) < len(clauses):
            rest = unmask(" ".join(kept), k)  # what one clause spelled out, with its neighbour
            found = _read(prepared, rest, without_price_questions(rest, k), innocent)
    if found.kinds:
        return found
    if (answer is not None and answer in k.shield.question_topics and _asks(prepared)
            and not has_any(terms.question_unless, prepared.shield) and not has_any(innocent, prepared.shield)):
        return Verdict((QUESTION_KIND,), 4)
    return Verdict(())


SEARCH_BOX = 16  # characters: "微粒贷强开", "强开额度靠谱" are asked as a search box is, with no question word


def _asks(prepared: Prepared) -> bool:
    """Whether a text is a question, or the writer's own story, or as short as a search: a guide's
    or a bank's statement about a scheme ("强开微粒贷的说法并不存在，额度只由系统评估") asks nothing."""
    return len(prepared.text.strip()) <= SEARCH_BOX or any(
        (s.asks and not _rhetorical(prepared.sentences, i)) or s.story for i, s in enumerate(prepared.sentences))


def _rhetorical(sentences: tuple[Sentence, ...], i: int) -> bool:
    """Whether sentence `i` is a question the text answers at once with a warning, as a notice's
    headline does ("陌生“客服”来电要你开屏幕共享？谨防上当！"): asked of the reader, not by the writer.
    Never one that tells a story or demands, nor one followed by a question or a story."""
    s = sentences[i]
    if not s.asks or s.story or any(s.demands) or i + 1 >= len(sentences):
        return False
    after = sentences[i + 1]
    return any(after.warns) and not after.asks and not after.story


def _told(sentence: Sentence, k: Knowledge) -> tuple[str, ...]:
    """The clauses of a sentence that are read: all of them, unless the sentence is in an
    authority's voice (a warning phrase of safety.yaml `warnings` in a clause, and neither a
    question nor a story); then those after its last phrase, the list that phrase's clause began
    and the clauses that still refuse. A warning names the scheme before its verdict ("凡是…的，
    都是诈骗") or right after its own words ("不要轻信陌生来电"); a scheme that borrows the words
    puts its demand after them ("网上那些都是骗子，你的账户被冻结，须缴纳解冻金3000元至指定账户"),
    in the phrase's own clause ("…纯属骗局所以请把资金转到…": `_borrowed`; read from there), or
    before the verdict (`_demands`: all but the warning's clauses are read)."""
    warned = _warned(sentence)
    if not warned:
        return sentence.clauses
    last, s = warned[-1], sentence
    if s.lures[last]:  # a lure or a price after its last phrase, in its clause
        return s.clauses[last:]
    if _demands(s, warned, k):
        return tuple(c for i, c in enumerate(s.clauses) if i not in warned)
    first = last + 1
    # the warning goes on through its own list and through clauses that still refuse ("也不存在…的名目")
    while first < len(s.clauses) and (s.listed[first] or s.refuses[first]):
        first += 1
    return s.clauses[first:]


def _warned(sentence: Sentence) -> list[int]:
    """The clauses with a warning phrase, in a sentence that neither asks nor tells a story."""
    return [] if sentence.asks or sentence.story else [i for i, w in enumerate(sentence.warns) if w]


def _demands(s: Sentence, warned: list[int], k: Knowledge) -> bool:
    """Whether a clause that is neither the warning's nor names a category of scheme demands
    (safety.yaml `warnings.demands`, `destinations`) or holds a term that is a scam by itself
    (`any_of`): "…今日内存入两千元即可停催，代理停催均为骗局", "内部名额还剩三个，…纯属骗局". Never
    "要你先付3000块押金的，一律是诈骗": its price is in the category it refuses."""
    alone, named = shield_terms(k).alone, _naming(s, warned)
    return any((s.demands[i] and not (i in warned or s.categories[i]))  # a demand is the list's own item
               or (has_any(alone, r) and not named[i]) for i, r in enumerate(s.read))


def _naming(s: Sentence, warned: list[int]) -> list[bool]:
    """For each clause, whether it is the warning's or names the scheme it refuses: a warning
    phrase or a category (safety.yaml `warnings.categories`) in it, or in the list it belongs to
    ("凡是宣称“无抵押、秒下款、先交费后放款”的广告都是诈骗": 、 joins the items)."""
    naming = [i in warned or s.categories[i] for i in range(len(s.clauses))]
    start = 0
    for i in range(1, len(s.clauses) + 1):
        if i == len(s.clauses) or not s.listed[i]:  # a list ends before a clause that goes on no list
            if any(naming[start:i]):
                naming[start:i] = [True] * (i - start)
            start = i
    return naming


def _borrowed(prepared: Prepared) -> bool:
    """Whether a warning phrase stands in a clause in a scheme's own voice (safety.yaml
    `warnings.lures`: "陌生来电要您转账是骗局所以请把资金转到我给的安全账户"): there it is the
    scheme's borrowed word, and makes no clause innocent. Only a lure after the warning's last
    phrase: "凡是说只需交钱就能提额的都是骗子" names the lure it refuses. (A lure in a clause of its
    own is read anyway: a warning sets aside only its own clauses.)"""
    return any(lure and warns and not s.asks
               for s in prepared.sentences for lure, warns in zip(s.lures, s.warns))


def _read(prepared: Prepared, shield: str, asked: str, innocent_terms: tuple[str, ...]) -> Verdict:
    """Rules 1 to 3 on one text (the whole message, or its clauses without an innocent phrase)."""
    k = prepared.knowledge
    terms = shield_terms(k)
    search = Search(shield)
    innocent = search(innocent_terms)
    search_asked = search if asked == shield else Search(asked)
    alone = {p.id for p in k.shield.patterns if search(terms.any_of[p.id])}
    combined = set() if innocent else {p.id for p in k.shield.patterns if terms.all_of[p.id]
                                       and all(search_asked(group) for group in terms.all_of[p.id])
                                       and _in_one_sentence(prepared, terms.all_of[p.id])}
    if alone or combined:  # in the order of safety.yaml: the first names the answer
        return Verdict(tuple(p.id for p in k.shield.patterns if p.id in alone or p.id in combined), 1 if alone else 2)
    if innocent:
        return Verdict(())
    model = k.shield.model
    if search(terms.field) and model.probability(scam_features(asked, k, search_asked)) >= model.threshold:
        return Verdict((MODEL_KIND,), 3)
    return Verdict(())


def _in_one_sentence(prepared: Prepared, groups: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one sentence of the text holds a term of every group of a pattern's combination (rule
    2): who called, what they told the writer and what they wanted are said together in an
    impostor's script or its retelling, while a notice or an answer names customer service in one
    sentence and a transfer in another (`Prepared.runs`: a sentence ended by ! or ; alone, or by
    quoted speech, goes on into the next). Twenty-first session: on the written examples, 13
    innocent texts spared and none of their scams lost. The sentences are the whole text's, also
    when its clauses with an innocent phrase are left out and the rest read again."""
    return any(all(search(group) for group in groups) for search in map(Search, prepared.runs))
