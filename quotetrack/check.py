"""Check claims against their original sources, and quotes against each other.

**Against sources** (:func:`check_claims`). Each quoted part of a direct or
mixed claim is looked up in the sources (see :mod:`quotetrack.passages`):
first in those whose author is the claim's speaker and whose platform is the
claim's channel, then in those by the speaker (or by nobody named), then in
all. The best passage gives the verdict:

``verbatim``      the same words, character for character (only the quote's
                  outer punctuation may differ: news turns a final period into
                  a comma before "he said");
``normalized``    the same words once case, punctuation, quote marks,
                  whitespace and spelling variants (rules ``spelling_variants``)
                  are set aside;
``elided``        every quoted word is in the passage, in order, with words
                  left out between them (marked by an ellipsis or not);
``altered``       words changed, added or reordered; ``diff`` shows how, word
                  by word: ``[-source words-]{+article words+}``;
``misattributed`` a verbatim, normalized or elided match found only in a
                  source whose author is someone else;
``not_found``     no passage shares at least 60% of the quote's words.

Indirect claims get the weaker content check (``check: content``):
``supported`` when one passage of a source by the speaker (or by nobody
named) holds at least 60% of the claim's content words (stemmed, stop words
from the ``check_stopword`` lexicon left out), else ``not_found``.

Speakers are compared by name (:func:`same_speaker`): case, accents, titles
(the ``title`` lexicon) and transliteration variants set aside; a surname
alone matches a full name with that surname.

**Without sources** (:func:`compare_quotes`). Every quote is compared with
the longer quotes of the same and other articles: a fragment that is not
inside the fuller quote it comes from, the same quote given to two speakers,
and the same quote worded differently by two documents are inconsistencies.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

from attrs import frozen
from nltk.stem.porter import PorterStemmer
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .originals import body_start, source_author, source_platform
from .passages import SHINGLE, Alignment, PassageIndex, Words, normal_words
from .quotes import find_quotes
from .records import Claim, Document, Extraction, Span
from .ruleset import RuleSet, load_rules
from .segment import segment_paragraphs

QUOTE_VERDICTS = ("verbatim", "normalized", "elided", "altered", "misattributed", "not_found")
CONTENT_VERDICTS = ("supported", "not_found")
FAILING = ("altered", "misattributed", "not_found")
#: share of a quote's words a passage must hold, in order, to count as found
FOUND_SHARE = 0.6
#: word-level similarity an altered passage needs (elided ones are longer by nature)
ALTERED_SIMILARITY = 0.5
#: share of an indirect claim's content words one passage must hold
SUPPORT_SHARE = 0.6
#: people and organisations can be compared with authors; "officials" cannot
NAMED_SPEAKERS = ("person", "organization")
_EXACT = ("verbatim", "normalized", "elided")


# ---------------------------------------------------------------------- records
@frozen
class QuotePart:
    """A quoted stretch of an article: all of a direct claim, a quote inside a mixed one."""

    claim: Claim
    part: int  # 0 for the first quoted stretch of the claim
    span: Span  # in the article
    text: str

    def to_dict(self) -> dict:
        spk = self.claim.speaker
        return {"doc_id": self.claim.doc_id, "claim_id": self.claim.claim_id,
                "part": self.part, "text": self.text, "start": self.span.start,
                "end": self.span.end, "speaker": spk.name if spk else None}


@frozen
class Verdict:
    """How one quoted part (or indirect claim) compares with the sources."""

    claim: Claim
    part: int
    span: Span
    text: str
    check: str  # "quote" (direct, mixed) | "content" (indirect: a weaker check)
    verdict: str
    score: float  # 0..1: character similarity of quote and passage (content: share of words)
    source_id: Optional[str] = None
    source_span: Optional[Span] = None
    source_text: Optional[str] = None
    source_author: Optional[str] = None
    diff: Optional[str] = None
    note: str = ""

    @property
    def failed(self) -> bool:
        """Altered, misattributed or not found: what ``--strict`` fails on."""
        return self.check == "quote" and self.verdict in FAILING

    def to_dict(self) -> dict:
        spk = self.claim.speaker
        return {
            "doc_id": self.claim.doc_id,
            "claim_id": self.claim.claim_id,
            "kind": self.claim.kind,
            "part": self.part,
            "text": self.text,
            "start": self.span.start,
            "end": self.span.end,
            "speaker": spk.name if spk else None,
            "check": self.check,
            "verdict": self.verdict,
            "score": self.score,
            "source_id": self.source_id,
            "source_span": self.source_span.as_list() if self.source_span else None,
            "source_text": self.source_text,
            "source_author": self.source_author,
            "diff": self.diff,
            "note": self.note,
        }


@frozen
class QuoteRelation:
    """Two quotes that share words: the shorter (``first``) against the longer."""

    kind: str  # contained | fragment_not_in_quote | different_wording | different_speakers
    first: QuotePart
    second: QuotePart
    text_verdict: str  # the first quote's verdict against the second as its "source"
    score: float
    diff: Optional[str] = None

    @property
    def consistent(self) -> bool:
        return self.kind == "contained"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text_verdict": self.text_verdict, "score": self.score,
                "first": self.first.to_dict(), "second": self.second.to_dict(),
                "diff": self.diff}


# ---------------------------------------------------------------------- speakers
def _title_phrases(rules: RuleSet) -> Set[Tuple[str, ...]]:
    def build():
        spelling = rules.spelling_map()
        phrases = {normal_words(t, spelling).norms for t in rules.words("title")}
        phrases |= {("the",), ("mr",), ("mrs",), ("ms",), ("dr",)}
        return {p for p in phrases if p}
    return rules.memo("check_title_phrases", build)


def name_words(name: str, rules: RuleSet) -> Tuple[str, ...]:
    """A name as compared: normalised words, leading titles removed."""
    cache = rules.memo("check_name_words", dict)
    if name in cache:
        return cache[name]
    words = normal_words(name, rules.spelling_map()).norms
    titles = _title_phrases(rules)
    longest = max(map(len, titles), default=0)
    stripped = True
    while stripped and len(words) > 1:
        stripped = False
        for size in range(min(longest, len(words) - 1), 0, -1):
            if words[:size] in titles:
                words, stripped = words[size:], True
                break
    if len(cache) < 100_000:
        cache[name] = words
    return words


def _same_words(x: Sequence[str], y: Sequence[str]) -> bool:
    if not x or not y:
        return False
    if x == y:
        return True
    if x[-1] != y[-1]:
        return False
    if len(x) == 1 or len(y) == 1:
        return True
    # first names agree, or one is the other's initial
    return x[0] == y[0] or (min(len(x[0]), len(y[0])) == 1 and x[0][0] == y[0][0])


def same_speaker(a: Optional[str], b: Optional[str], rules: Optional[RuleSet] = None) -> bool:
    """Do two names name the same speaker? ``President Macron`` = ``Emmanuel Macron``.

    Case, accents, leading titles and transliteration variants are set aside;
    a surname alone matches any name with that surname.
    """
    if not a or not b:
        return False
    rules = rules or load_rules()
    return _same_words(name_words(a, rules), name_words(b, rules))


# ---------------------------------------------------------------------- sources
class SourceIndex:
    """Source documents indexed for :func:`check_claims` (build once, check many)."""

    def __init__(self, documents: Iterable[Document], rules: Optional[RuleSet] = None) -> None:
        self.rules = rules or load_rules()
        docs = list(documents)
        self.passages = PassageIndex(docs, self.rules.spelling_map(),
                                     [body_start(d) for d in docs])
        self.documents = self.passages.documents
        self.authors = [source_author(d) for d in docs]
        self.platforms = [(source_platform(d) or "").casefold() for d in docs]
        self.by_author: Dict[str, List[int]] = defaultdict(list)
        self.anonymous: Set[int] = set()
        for number, author in enumerate(self.authors):
            if author and name_words(author, self.rules):
                self.by_author[author].append(number)
            else:
                self.anonymous.add(number)
        self.by_surname: Dict[str, List[str]] = defaultdict(list)
        for author in self.by_author:
            self.by_surname[name_words(author, self.rules)[-1]].append(author)
        self._own: Dict[str, Set[int]] = {}
        self._content: Optional[Dict[str, List[int]]] = None

    def __len__(self) -> int:
        return len(self.documents)

    def by(self, speaker: str) -> Set[int]:
        """Documents whose author is ``speaker``."""
        if speaker not in self._own:
            words = name_words(speaker, self.rules)
            self._own[speaker] = {
                n for author in self.by_surname.get(words[-1] if words else "", ())
                if _same_words(words, name_words(author, self.rules))
                for n in self.by_author[author]}
        return self._own[speaker]

    def pool(self, speaker: str) -> Optional[Set[int]]:
        """Documents by ``speaker`` or by nobody named; None when that is every document."""
        key = "\0pool\0" + speaker
        if key not in self._own:
            self._own[key] = self.by(speaker) | self.anonymous
        found = self._own[key]
        return None if len(found) == len(self.documents) else found

    def content_index(self) -> Dict[str, List[int]]:
        """Stemmed content word → documents (built on first use: indirect claims only)."""
        if self._content is None:
            index: Dict[str, List[int]] = defaultdict(list)
            for number in range(len(self.documents)):
                for stem in set(self.stems(number)):
                    index[stem].append(number)
            self._content = index
        return self._content

    def stems(self, number: int) -> List[Optional[str]]:
        return _stems(self.passages.words(number).norms, self.rules)


_STEMMER = PorterStemmer()


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return _STEMMER.stem(word)


def _stems(norms: Sequence[str], rules: RuleSet) -> List[Optional[str]]:
    """Stems of content words; None in place of a stop word."""
    stop = rules.words("check_stopword")
    # "Russia's" is about Russia
    norms = [w[:-2] if w.endswith("'s") else w for w in norms]
    return [None if w in stop or w.isdigit() and len(w) < 2 else _stem(w) for w in norms]


# ---------------------------------------------------------------------- quoted parts
def quote_parts(extraction: Extraction, rules: Optional[RuleSet] = None) -> List[QuotePart]:
    """The quoted stretches of every direct and mixed claim of one article.

    Claims carry them (``Claim.quoted``); those read from a database written
    before they did have them found again in the text.
    """
    text = extraction.document.text
    quotes = None
    result = []
    for claim in extraction.claims:
        if claim.kind not in ("direct", "mixed"):
            continue
        if claim.quoted is not None:
            result.extend(QuotePart(claim, n, span, span.of(text))
                          for n, span in enumerate(claim.quoted))
            continue
        rules = rules or load_rules()
        if quotes is None:
            paragraphs = segment_paragraphs(text, extraction.meta.body_start)
            quotes = [q.content for q in find_quotes(text, paragraphs, rules.quote_marks)]
        inside = [q for q in quotes if claim.span.contains(q) and len(q)]
        # a quote inside a quote (an inner 'scare quote') is part of the outer one
        inside = [q for q in inside if not any(o != q and o.contains(q) for o in inside)]
        if claim.kind == "direct" and (not inside or inside == [claim.span]):
            inside = [claim.span]
        for n, span in enumerate(inside):
            result.append(QuotePart(claim, n, span, span.of(text)))
    return result


# ---------------------------------------------------------------------- comparing
def _core(words: Words, first: int, last: int) -> Optional[Span]:
    """From the first word's start to the last word's end."""
    if last <= first:
        return None
    return Span(words.starts[first], words.ends[last - 1])


def _raw(text: str, words: Words, first: int, last: int) -> List[str]:
    return [text[words.starts[i]:words.ends[i]] for i in range(first, last)]


def word_diff(article_words: List[str], article_norms: Sequence[str],
              source_words: List[str], source_norms: Sequence[str]) -> str:
    """``kept words [-source-]{+article+} kept``; long unchanged runs shortened."""
    pieces = []
    for op in Levenshtein.opcodes(list(source_norms), list(article_norms)):
        src = " ".join(source_words[op.src_start:op.src_end])
        art = " ".join(article_words[op.dest_start:op.dest_end])
        if op.tag == "equal":
            kept = article_words[op.dest_start:op.dest_end]
            pieces.append(" ".join(kept) if len(kept) <= 8
                          else " ".join(kept[:3] + ["…"] + kept[-3:]))
        elif op.tag == "replace":
            pieces.append(f"[-{src}-]{{+{art}+}}")
        elif op.tag == "delete":
            pieces.append(f"[-{src}-]")
        else:
            pieces.append(f"{{+{art}+}}")
    return " ".join(pieces)


@frozen
class _Match:
    verdict: str  # verbatim | normalized | elided | altered | not_found
    alignment: Alignment
    score: float
    span: Optional[Span]
    diff: Optional[str]


def _classify(quote_text: str, quote: Words, source_text: str, source: Words,
              alignment: Alignment) -> _Match:
    size = len(quote)
    first, last = alignment.first, alignment.last
    span = _core(source, first, last)
    norms = source.norms[first:last]
    found = alignment.common >= FOUND_SHARE * size and alignment.common >= min(SHINGLE, size)
    if span is None:
        return _Match("not_found", alignment, 0.0, span, None)
    core_text = _core(quote, 0, size).of(quote_text)
    score = round(fuzz.ratio(core_text, span.of(source_text)) / 100, 3)
    if not found:
        return _Match("not_found", alignment, score, span, None)
    if tuple(quote.norms) == tuple(norms):
        verdict = "verbatim" if core_text == span.of(source_text) else "normalized"
        return _Match(verdict, alignment, score, span, None)
    diff = word_diff(_raw(quote_text, quote, 0, size), quote.norms,
                     _raw(source_text, source, first, last), norms)
    if alignment.common == size:
        return _Match("elided", alignment, score, span, diff)
    if alignment.similarity < ALTERED_SIMILARITY:
        return _Match("not_found", alignment, score, span, None)
    return _Match("altered", alignment, score, span, diff)


_RANK = {"verbatim": 0, "normalized": 1, "elided": 2, "altered": 3, "not_found": 4}


def _best(matches: Iterable[_Match]) -> Optional[_Match]:
    ranked = sorted(matches, key=lambda m: (_RANK[m.verdict], -m.alignment.common,
                                            -m.score, m.alignment.doc))
    return ranked[0] if ranked else None


def _named(claim: Claim) -> Optional[str]:
    spk = claim.speaker
    return spk.name if spk is not None and spk.type in NAMED_SPEAKERS else None


def _check_part(part: QuotePart, article: str, index: SourceIndex) -> Verdict:
    rules = index.rules
    quote = normal_words(article, rules.spelling_map(), part.span.start, part.span.end)
    speaker = _named(part.claim)
    base = dict(claim=part.claim, part=part.part, span=part.span, text=part.text, check="quote")
    if not len(quote):
        return Verdict(verdict="not_found", score=0.0, note="no words to look up", **base)
    own = index.by(speaker) if speaker else set()
    # where to look, in order: None means every source
    stages: List[Optional[Set[int]]] = []
    channel = part.claim.source
    if own and channel is not None and channel.name:
        on_channel = {n for n in own if index.platforms[n] == channel.name.casefold()}
        if on_channel:
            stages.append(on_channel)
    pool = index.pool(speaker) if speaker else None
    if pool is not None:
        stages.append(pool)
    short = len(quote) < SHINGLE
    if not short:
        stages.append(None)
    elif speaker and pool is None:
        stages.append(set(range(len(index))))
    fallback: Optional[_Match] = None
    chosen: Optional[_Match] = None
    for within in stages:
        scan = sorted(within)[:200] if short and within is not None else None
        found = [_classify(article, quote, index.documents[a.doc].text,
                           index.passages.words(a.doc), a)
                 for a in index.passages.search(quote.norms, within, scan)]
        best = _best(found)
        if best is None or best.verdict == "not_found":
            fallback = fallback or best
            continue
        if best.verdict in _EXACT:
            chosen = best
            break
        if fallback is None or fallback.verdict == "not_found" or (
                best.alignment.common > fallback.alignment.common):
            fallback = best
    if chosen is not None and fallback is not None and fallback.verdict == "altered" and (
            chosen.alignment.common <= fallback.alignment.common):
        chosen = fallback  # an exact match elsewhere must beat the speaker's own near-match
    chosen = chosen or fallback
    if chosen is None or chosen.verdict == "not_found":
        note = (f"{len(quote)} word(s): too short to look up in every source"
                if short and not speaker else "no passage holds 60% of the quoted words")
        return Verdict(verdict="not_found", score=chosen.score if chosen else 0.0, note=note,
                       source_id=index.documents[chosen.alignment.doc].id if chosen else None,
                       **base)
    doc_number = chosen.alignment.doc
    doc = index.documents[doc_number]
    author = index.authors[doc_number]
    verdict, note = chosen.verdict, ""
    if speaker and author and doc_number not in own:
        note = f"{chosen.verdict} in a source by {author}, not {speaker}"
        verdict = "misattributed" if chosen.verdict in _EXACT else "altered"
        if verdict == "altered":
            note = f"altered, and the nearest source is by {author}, not {speaker}"
    return Verdict(verdict=verdict, score=chosen.score, source_id=doc.id,
                   source_span=chosen.span, source_text=chosen.span.of(doc.text),
                   source_author=author, diff=chosen.diff, note=note, **base)


def _check_indirect(claim: Claim, article: str, index: SourceIndex) -> Verdict:
    rules = index.rules
    words = normal_words(article, rules.spelling_map(), claim.span.start, claim.span.end)
    wanted = {s for s in _stems(words.norms, rules) if s is not None}
    base = dict(claim=claim, part=0, span=claim.span, text=claim.text, check="content")
    if not wanted:
        return Verdict(verdict="not_found", score=0.0, note="no content words to look up",
                       **base)
    speaker = _named(claim)
    within = index.pool(speaker) if speaker else None
    content = index.content_index()
    hits: Dict[int, int] = defaultdict(int)
    for stem in wanted:
        for number in content.get(stem, ()):
            if within is None or number in within:
                hits[number] += 1
    best = (0.0, None, None)
    for number in sorted(hits, key=lambda n: (-hits[n], n))[:5]:
        stems = index.stems(number)
        width = max(2 * len(words), 20)
        positions = [i for i, s in enumerate(stems) if s in wanted]
        j = 0
        for k, p in enumerate(positions):
            while positions[j] < p - width:
                j += 1
            share = len({stems[i] for i in positions[j:k + 1]}) / len(wanted)
            if share > best[0]:
                best = (share, number, (positions[j], p + 1))
    share, number, (first, last) = best if best[1] is not None else (0.0, None, (0, 0))
    needed = min(2, len(wanted))
    matched = round(share * len(wanted))
    if number is None or share < SUPPORT_SHARE or matched < needed:
        note = "weaker check: content-word overlap only"
        if speaker and within is not None and not (index.by(speaker)):
            note += f"; no source by {speaker}"
        return Verdict(verdict="not_found", score=round(share, 3), note=note, **base)
    doc = index.documents[number]
    span = _core(index.passages.words(number), first, last)
    return Verdict(verdict="supported", score=round(share, 3), source_id=doc.id,
                   source_span=span, source_text=span.of(doc.text),
                   source_author=index.authors[number],
                   note="weaker check: content-word overlap only", **base)


def check_claims(extractions: Iterable[Extraction],
                 sources: Union[SourceIndex, Iterable[Document]],
                 rules: Optional[RuleSet] = None) -> List[Verdict]:
    """A verdict for every quoted part and indirect claim of ``extractions``."""
    index = sources if isinstance(sources, SourceIndex) else SourceIndex(sources, rules)
    rules = index.rules
    verdicts = []
    for extraction in extractions:
        text = extraction.document.text
        parts = defaultdict(list)
        for part in quote_parts(extraction, rules):
            parts[part.claim.claim_id].append(part)
        for claim in extraction.claims:
            if claim.kind == "indirect":
                verdicts.append(_check_indirect(claim, text, index))
            else:
                verdicts.extend(_check_part(p, text, index) for p in parts[claim.claim_id])
    return verdicts


# ---------------------------------------------------------------------- consistency
def compare_quotes(extractions: Iterable[Extraction], rules: Optional[RuleSet] = None
                   ) -> List[QuoteRelation]:
    """Every pair of quotes (within and across articles) that share wording."""
    rules = rules or load_rules()
    spelling = rules.spelling_map()
    parts: List[QuotePart] = []
    words: List[Words] = []
    for extraction in extractions:
        for part in quote_parts(extraction, rules):
            w = normal_words(extraction.document.text, spelling, part.span.start, part.span.end)
            if len(w) >= SHINGLE:
                parts.append(part)
                words.append(w)
    docs = [Document(f"{p.claim.claim_id}/{p.part}", p.text) for p in parts]
    index = PassageIndex(docs, spelling)
    relations = []
    for i, part in enumerate(parts):
        longer = {j for j in range(len(parts)) if j != i and (
            len(words[j]) > len(words[i]) or (len(words[j]) == len(words[i]) and j > i))}
        local = normal_words(part.text, spelling)
        matches = []
        for a in index.search(local.norms, longer):
            match = _classify(part.text, local, parts[a.doc].text, index.words(a.doc), a)
            if match.verdict != "not_found":
                matches.append(match)
        exact = [m for m in matches if m.verdict in _EXACT]
        for match in exact or matches:
            other = parts[match.alignment.doc]
            kind = "contained"
            if match.verdict == "altered":
                ratio = len(words[i]) / len(words[match.alignment.doc])
                kind = "different_wording" if ratio >= 0.8 else "fragment_not_in_quote"
            elif _named(part.claim) and _named(other.claim) and not same_speaker(
                    _named(part.claim), _named(other.claim), rules):
                kind = "different_speakers"
            relations.append(QuoteRelation(kind, part, other, match.verdict, match.score,
                                           match.diff))
    return relations


def find_inconsistencies(extractions: Iterable[Extraction], rules: Optional[RuleSet] = None
                         ) -> List[QuoteRelation]:
    """The quote relations that are not consistent (see :func:`compare_quotes`)."""
    return [r for r in compare_quotes(extractions, rules) if not r.consistent]
