"""Find the passage of a source collection that best matches a quote.

Two steps, so that checking scales to large collections:

1. **Index** (:class:`PassageIndex`): every document's words are normalised
   (:func:`normal_words`) and each run of :data:`SHINGLE` consecutive words
   (a *shingle*) is put in an inverted index, shingle → documents. A quote's
   shingles pick a handful of candidate documents without reading the others.
2. **Align** (:meth:`PassageIndex.align`): inside a candidate, the shingle hits
   give a region a little wider than the quote; a word-level longest common
   subsequence (rapidfuzz ``Indel``) aligns the quote with it, and the matched
   span runs from the first to the last word in common (widened over words
   that were changed at the quote's edges).

Words are compared after normalisation: Unicode NFKC, case-folded, accents
removed, curly apostrophes made straight and spelling variants from the rules
(``spelling_variants``: colour/color) mapped to one spelling. Punctuation,
quote marks and whitespace are not words, so they never count as differences.

Limits: quotes under :data:`SHINGLE` words cannot use the index and are only
compared with the documents they are explicitly given (see
:meth:`PassageIndex.search`); a quote split over two source documents is found
only in the one holding more of it.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from attrs import frozen
from rapidfuzz.distance import Indel

from .records import Document

SHINGLE = 3
#: a shingle found in more documents than this (and more than 2% of them)
#: says nothing about where a quote comes from ("one of the")
COMMON_SHINGLE = 1000
CANDIDATES = 5
WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.translate(_APOSTROPHES).casefold())
    return "".join(c for c in word if not unicodedata.combining(c))


@frozen
class Words:
    """A text's words: normalised forms and their character offsets."""

    norms: Tuple[str, ...]
    starts: Tuple[int, ...]
    ends: Tuple[int, ...]

    def __len__(self) -> int:
        return len(self.norms)


def normal_words(text: str, spelling: Mapping[str, str], start: int = 0,
                 end: Optional[int] = None) -> Words:
    """The words of ``text[start:end]``, normalised, with offsets into ``text``."""
    norms, starts, ends = [], [], []
    end = len(text) if end is None else end
    for m in WORD.finditer(text, start, end):
        folded = _fold(m.group())
        norms.append(spelling.get(folded, folded))
        starts.append(m.start())
        ends.append(m.end())
    return Words(tuple(norms), tuple(starts), tuple(ends))


@frozen
class Alignment:
    """Where a quote's words were found in one document.

    ``first``/``last`` are word indices into the document's :class:`Words`
    (``last`` exclusive); ``common`` counts the quote words matched in order.
    """

    doc: int
    first: int
    last: int
    common: int
    similarity: float


def _common(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two word lists."""
    return (len(a) + len(b) - Indel.distance(a, list(b))) // 2


class PassageIndex:
    """Documents with their shingles indexed, ready for :meth:`search`."""

    def __init__(self, documents: Iterable[Document], spelling: Mapping[str, str],
                 body_start: Optional[Sequence[int]] = None) -> None:
        self.documents: List[Document] = list(documents)
        self.spelling = spelling
        self.body_start = list(body_start) if body_start is not None else [0] * len(
            self.documents)
        self.vocabulary: Dict[str, int] = {}
        self.postings: Dict[int, object] = {}
        self._words: Dict[int, Words] = {}
        for number, doc in enumerate(self.documents):
            self._index(number, self._ids(self.words(number)))
        self.common = max(COMMON_SHINGLE, len(self.documents) // 50)

    # ------------------------------------------------------------------ building
    def _ids(self, words: Words) -> Tuple[int, ...]:
        vocab = self.vocabulary
        return tuple(vocab.setdefault(w, len(vocab)) for w in words.norms)

    @staticmethod
    def _keys(ids: Sequence[int]) -> List[int]:
        # three word ids packed in one int, 21 bits each: past 2 million distinct
        # words keys can collide, which only adds candidates (alignment checks them)
        return [(ids[i] << 42) | (ids[i + 1] << 21) | ids[i + 2]
                for i in range(len(ids) - SHINGLE + 1)]

    def _index(self, number: int, ids: Sequence[int]) -> None:
        postings = self.postings
        for key in set(self._keys(ids)):
            # one document per shingle is the usual case: an int, not a list
            held = postings.get(key)
            if held is None:
                postings[key] = number
            elif isinstance(held, list):
                held.append(number)
            else:
                postings[key] = [held, number]

    def words(self, number: int) -> Words:
        """The words of one document (cached for the last few asked for)."""
        hit = self._words.get(number)
        if hit is not None:
            return hit
        doc = self.documents[number]
        words = normal_words(doc.text, self.spelling, self.body_start[number])
        if len(self._words) > 256:
            self._words.clear()
        self._words[number] = words
        return words

    def query_ids(self, norms: Sequence[str]) -> Tuple[int, ...]:
        """Word ids for a query; words in no document get ids of their own (-1 - n)."""
        return tuple(self.vocabulary.get(w, -1 - n) for n, w in enumerate(norms))

    # ------------------------------------------------------------------ searching
    def candidates(self, ids: Sequence[int], within: Optional[set] = None,
                   limit: int = CANDIDATES) -> List[int]:
        """Documents sharing the most shingles with ``ids`` (best first)."""
        # a shingle with a word no document has (negative id) cannot hit
        keys = {k for i, k in enumerate(self._keys(ids)) if min(ids[i:i + SHINGLE]) >= 0}
        lists = []
        for key in keys:
            held = self.postings.get(key)
            if held is None:
                continue
            lists.append(held if isinstance(held, list) else [held])
        rare = [held for held in lists if len(held) <= self.common]
        if not rare and lists:  # only common shingles: the rarest few still tell something
            rare = sorted(lists, key=len)[:3]
        hits: Counter = Counter()
        for held in rare:
            if within is None:
                hits.update(held)
            else:
                hits.update(d for d in held if d in within)
        return [doc for doc, _ in hits.most_common(limit)]

    def align(self, norms: Sequence[str], number: int) -> Optional[Alignment]:
        """The best span of document ``number`` for the quote words ``norms``."""
        words = self.words(number)
        if not norms or not words.norms:
            return None
        doc = words.norms
        size = len(norms)
        lo, hi = self._region(norms, doc)
        region = doc[lo:hi]
        quote = list(norms)
        ops = [op for op in Indel.opcodes(quote, list(region)) if op.tag == "equal"]
        if not ops:
            return None
        common = sum(op.src_end - op.src_start for op in ops)
        first, last = ops[0].dest_start, ops[-1].dest_end
        # the alignment may take a quote's first word from an earlier repeat of
        # it ("Every ... Every air defence"): keep the shortest span that still
        # holds every word in common
        while first + 1 < last and _common(quote, region[first + 1:last]) == common:
            first += 1
        while last - 1 > first and _common(quote, region[first:last - 1]) == common:
            last -= 1
        ops = [op for op in Indel.opcodes(quote, list(region[first:last])) if op.tag == "equal"]
        # a changed first or last word is still part of the passage
        lead, trail = ops[0].src_start, size - ops[-1].src_end
        first, last = first - min(lead, first), last + min(trail, len(region) - last)
        span = region[first:last]
        similarity = Indel.normalized_similarity(quote, list(span))
        return Alignment(number, lo + first, lo + last, common, similarity)

    @staticmethod
    def _region(norms: Sequence[str], doc: Sequence[str]) -> Tuple[int, int]:
        """Word range of ``doc`` around the densest run of the quote's shingles."""
        size = len(norms)
        if len(doc) <= size * 3 + 20:
            return 0, len(doc)
        if size < SHINGLE:
            grams = {tuple(norms): 0}
            width = size
        else:
            grams = {}
            for i in range(size - SHINGLE + 1):
                grams.setdefault(tuple(norms[i:i + SHINGLE]), i)
            width = SHINGLE
        hits = []  # (doc position, quote position)
        for p in range(len(doc) - width + 1):
            i = grams.get(tuple(doc[p:p + width]))
            if i is not None:
                hits.append((p, i))
        if not hits:
            return 0, 0
        window = size * 2 + 10
        best, best_count, j = (0, 0), -1, 0
        for k, (p, _) in enumerate(hits):
            while hits[j][0] < p - window:
                j += 1
            count = len({i for _, i in hits[j:k + 1]})
            if count > best_count:
                best, best_count = (j, k), count
        chosen = hits[best[0]:best[1] + 1]
        lo = max(0, min(p - i for p, i in chosen) - 2)
        hi = min(len(doc), max(p - i for p, i in chosen) + size + 2)
        return lo, hi

    def search(self, norms: Sequence[str], within: Optional[set] = None,
               scan: Optional[Iterable[int]] = None) -> List[Alignment]:
        """Alignments in the best candidate documents, best first.

        ``within`` limits the indexed search to those documents; ``scan``
        names documents to align whatever the index says (for quotes too short
        to have shingles).
        """
        numbers: List[int] = []
        if len(norms) >= SHINGLE:
            numbers = self.candidates(self.query_ids(norms), within)
        for number in scan or ():
            if number not in numbers:
                numbers.append(number)
        found = [a for a in (self.align(norms, n) for n in numbers) if a is not None]
        return sorted(found, key=lambda a: (-a.common, -a.similarity, a.doc))
