"""NLTK's Punkt splitter, deciding the common sentence ends without its tokenizer.

Punkt finds each candidate end (``.``, ``?``, ``!`` before a space or a
punctuation mark), takes its context (the word before, the mark, the next
token) and asks ``text_contains_sentbreak``: it splits the context into
tokens with a regex, annotates them in two passes and says whether a token
other than the last is a sentence break. That was most of the time spent
splitting sentences. With parameters that hold only abbreviations (ours: no
collocations, sentence starters or orthographic statistics, see
``segment.sentence_splitter``) most contexts are decided by their shape:

* a ``?`` or ``!`` followed by a space or a punctuation mark is a token of
  its own, a break in the first pass that the second never undoes (it
  revisits only tokens ending in a period): a break, since a token follows;
* a word of two or more characters (no digit, period, hyphen, comma or
  punctuation inside) ending in a period before a space or a punctuation mark
  is a token, a break in the first pass unless it is an abbreviation, and
  the second pass revisits only abbreviations, initials and numbers: a
  break (``said. He``, ``“…”.”``);
* an abbreviation or an initial followed by one plain word (``Mr. Trump's``,
  ``J. Smith``, ``Sept. 11,``) is never a break with empty orthographic
  statistics, and the word after it, being last, does not count.

Anything else goes to Punkt, whose answers are remembered (the same
``Mr. Trump's`` comes back in every article). The shapes use the same
regex engine and character classes as Punkt (checked when the splitter is
built: another NLTK falls back to Punkt for every context), and
tests/test_punktfast.py compares both on the corpus and on random text.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, FrozenSet, Optional

import regex
from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer

# Punkt's classes (nltk.tokenize.punkt.PunktLanguageVars), as this module reads them
_WORD_START = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,]"
_NON_WORD_CHARS = ")\";}]*:@'({[\u2018\u2019\u201c\u201d\xab\xbb?!"
_PUNCT = "[" + regex.escape(_NON_WORD_CHARS) + "]"
# a character inside a word token: none of Punkt's token boundaries or
# excluded word starts, no period (ellipses, "U.S."), hyphen ("--",
# "R-Ky."), comma or digit (numbers are revisited)
_INNER = "[^\\s.,\\-\\d`&#\x1c-\x1f" + regex.escape(_NON_WORD_CHARS) + "]"
# a punctuation mark that is a token of its own: a boundary before it, and
# no word may start with it
_ALONE = "[" + regex.escape(")\";}]*:@({[") + "]"
# a punctuation mark that ends the token before it and starts the next one
_OPENS = "[" + regex.escape("'\u2018\u2019\u201c\u201d\xab\xbb?!") + "]"
# then a token: Punkt skips a line that str.strip() empties, and that strips
# \x1c-\x1f, which are no spaces to the regex engine
_AFTER = rf"(?=\s+[^\s.\x1c-\x1f]|{_PUNCT})"

_QUESTION = regex.compile(rf"[?!]{_AFTER}")
_WORD_PERIOD = regex.compile(rf"(?:(?<=^|\s|{_ALONE})|({_OPENS}))({_INNER}+)\.{_AFTER}")
_ABBREVIATION_WORD = regex.compile(r"([A-Za-z]+)\.[ ]+[A-Za-z0-9]+(?:['’][A-Za-z]+)?[.,]?")

MAX_REMEMBERED = 50_000


@lru_cache(maxsize=4)
def _matched_chars(pattern: str) -> FrozenSet[str]:
    """The characters of the Basic Multilingual Plane a one-character class matches."""
    compiled = regex.compile(pattern)
    return frozenset(ch for ch in map(chr, range(0x10000)) if compiled.fullmatch(ch))


def _as_expected(lang_vars: PunktLanguageVars) -> bool:
    # Punkt writes "?!" in set order, which changes from run to run: compare what it matches
    return (_matched_chars(lang_vars._re_non_word_chars) == frozenset(_NON_WORD_CHARS)
            and _matched_chars(lang_vars._re_word_start) == _matched_chars(_WORD_START)
            and tuple(lang_vars.sent_end_chars) == (".", "?", "!")
            and lang_vars.internal_punctuation == ",:;"
            and lang_vars._re_multi_char_punct == r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)")


def obvious_break(context: str, abbreviations) -> Optional[bool]:
    """Punkt's ``text_contains_sentbreak(context)`` when the context's shape
    decides it (with parameters holding only ``abbreviations``), else None."""
    if _QUESTION.search(context):
        return True
    for m in _WORD_PERIOD.finditer(context):
        word = (m.group(1) or "") + m.group(2)
        if len(word) < 2:
            continue  # "J." may be an initial
        typ = word.lower()
        if typ not in abbreviations and typ.split("-")[-1] not in abbreviations:
            return True
    m = _ABBREVIATION_WORD.fullmatch(context)
    if m and m.group(1).lower() in abbreviations:
        return False
    return None


class FastPunkt(PunktSentenceTokenizer):
    """PunktSentenceTokenizer with the same spans, found faster."""

    def __init__(self, params) -> None:
        super().__init__(params)
        self._decided: Dict[str, bool] = {}
        self._shapes = (_as_expected(self._lang_vars) and not params.collocations
                        and not params.sent_starters and not params.ortho_context)

    def text_contains_sentbreak(self, text: str) -> bool:
        if self._shapes:
            known = obvious_break(text, self._params.abbrev_types)
            if known is not None:
                return known
        decided = self._decided.get(text)
        if decided is None:
            if len(self._decided) >= MAX_REMEMBERED:
                self._decided.clear()
            decided = self._decided[text] = super().text_contains_sentbreak(text)
        return decided
