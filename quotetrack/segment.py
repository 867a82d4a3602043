"""Split a text into paragraphs and sentences, keeping character offsets.

Paragraphs are runs of text between line breaks. Sentences come from NLTK's
Punkt splitter built from ``PunktParameters`` whose abbreviations are the
``abbreviation`` lexicon (no trained model, so nothing is downloaded). It
runs on the text with quotations masked, so a quotation of several
sentences stays inside the sentence that reports it; a split before a
lower-case word (``(R-Ky.) said``) is undone.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List

import attrs
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from .metadata import DATELINE
from .patterns import QUOTE_FILL
from .punktfast import FastPunkt
from .records import Segment, Span

_PARAGRAPH = re.compile(r"[^\r\n]+")
# a split before a lower-case word, or before closing punctuation ("(D-R.I.), said"), or
# inside a run of end marks ('"Go, go!!!," X wrote', split as "!!" and "!,"), is undone:
# no sentence starts there
_LOWER_START = re.compile(r"[\s\"“”'‘’(\[]*[a-z]|[\s]*[)\],;:]|[!?]")
_QUESTION_QUOTE_END = re.compile(r"[?!][\"”’']{1,2}\s*$")
# a sentence that is a quotation and nothing before it: only then does the next one
# attribute it ('yelling "eminent domain!" A campaign ad accuses ...' has its speaker)
_QUOTE_FIRST = re.compile(r"[\s(]*(?:[\"“‘«]|'')")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.?!]")  # Punkt's sentence-ending characters
_CLOSERS = " \t\"”’')]»…"
# a sentence end with no space after it, where scraped text lost one: after a
# closing quote mark before a capital ('I love Hispanics!”Former Republican ...') or
# before an opening one ('... the authorities."We basically ...'); Punkt splits
# only at a space
_GLUED_END = re.compile(r"[.?!][\"”’]{1,2}(?=[A-Z])|[.?!](?=[\"“]%s)" % QUOTE_FILL)
_LEADING_CLOSER = re.compile(r"[\"”’]{1,2}(?=[A-Z])")
# how far into the next sentence a speech verb still attributes the quote
# before it ("...?" another fraternity brother, Stuart Oltchick, recalled)
ATTRIBUTION_WORDS = 10
ATTRIBUTION_REACH = 120


def _attributes_quote(text: str, start: int, end: int, pronouns: frozenset,
                      speech_verbs: frozenset) -> bool:
    """Whether the sentence at ``start`` opens like the attribution of a quote
    before it: a pronoun first, or a lower-case speech verb in its first words."""
    words = _WORD.findall(text, start, min(end, start + ATTRIBUTION_REACH))
    if words and words[0].casefold() in pronouns:
        return True
    return any(w in speech_verbs for w in words[:ATTRIBUTION_WORDS] if w.islower())


def segment_paragraphs(text: str, body_start: int = 0) -> List[Segment]:
    """Non-blank lines as paragraphs, trimmed of surrounding spaces."""
    result = []
    for m in _PARAGRAPH.finditer(text, body_start):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            result.append(Segment("paragraph", Span(start, end), len(result), len(result)))
    return result


@lru_cache(maxsize=8)
def sentence_splitter(abbreviations: frozenset) -> PunktSentenceTokenizer:
    params = PunktParameters()
    abbrevs = {a.lower().rstrip(".") for a in abbreviations}
    abbrevs.update("abcdefghijklmnopqrstuvwxyz")  # initials: "J. Doe"
    params.abbrev_types = abbrevs
    return FastPunkt(params)


def _split_glued(chunk: str, spans: List) -> List:
    """``spans`` split where a sentence ends with no space after it (``_GLUED_END``)."""
    if _GLUED_END.search(chunk) is None:
        return spans
    result = []
    for start, end in spans:
        # Punkt split before the glued closing mark: it ends the sentence before
        lead = _LEADING_CLOSER.match(chunk, start, end)
        if lead and result and result[-1][1] == start:
            result[-1] = (result[-1][0], lead.end())
            start = lead.end()
        for m in _GLUED_END.finditer(chunk, start, end):
            if m.end() < end:
                result.append((start, m.end()))
                start = m.end()
        result.append((start, end))
    return result


def _after_dateline(masked: str, para: Segment) -> Segment:
    """The paragraph past a dateline that opens it ("BUENA PARK, Calif. - Rallying ...",
    "PARIS, Aug 31 (Reuters) - France's ..."): a place in capitals and a dash, as
    ``metadata`` reads the document's first one. No sentence's subject or speaker starts
    in it. A colon does not count here: "SANDERS: ..." names a speaker."""
    found = DATELINE.match(masked, para.span.start, para.span.end)
    if (found is None or not found.group("place").isupper() or len(found.group("place")) < 3
            or ":" in masked[found.end("line"):found.end()] or found.end() >= para.span.end):
        return para
    return attrs.evolve(para, span=Span(found.end(), para.span.end))


def segment_sentences(masked: str, paragraphs: List[Segment],
                      abbreviations: frozenset, pronouns: frozenset = frozenset(),
                      speech_verbs: frozenset = frozenset()) -> List[Segment]:
    """Sentences of each paragraph, found in the quote-masked text.

    A split after a sentence that is a quote ending in ``?`` or ``!`` is undone when the next
    sentence opens with a pronoun, or has a speech verb among its first
    words: ``"Too forced?" He tweeted ...`` and ``"How big?" Mike Pence
    said in response.`` are each one sentence that attributes the quote.
    """
    splitter = sentence_splitter(abbreviations)
    result: List[Segment] = []
    for para in paragraphs:
        para = _after_dateline(masked, para)
        chunk = masked[para.span.start:para.span.end]
        # half of news paragraphs are one sentence with its end mark last:
        # Punkt has nowhere to split them, so it is not asked
        body = len(chunk.rstrip(_CLOSERS))
        if _SENTENCE_END.search(chunk, 0, max(body - 1, 0)) is None:
            spans = [(0, len(chunk))]
        else:
            spans = _split_glued(chunk, list(splitter.span_tokenize(chunk)))
        merged: List[List[int]] = []
        for start, end in spans:
            if merged and (_LOWER_START.match(chunk, start) or (
                    _QUESTION_QUOTE_END.search(chunk, merged[-1][0], merged[-1][1])
                    and _QUOTE_FIRST.match(chunk, merged[-1][0])
                    and _attributes_quote(chunk, start, end, pronouns, speech_verbs))):
                merged[-1][1] = end
            else:
                merged.append([start, end])
        for start, end in merged:
            result.append(Segment("sentence", Span(para.span.start + start, para.span.start + end),
                                  len(result), para.index))
    return result
