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
``Mr. Trump's`` comes back in every article). ``span_tokenize`` is Punkt's
own (candidate ends, their contexts, the splits, closing marks realigned)
in one function over the same compiled expressions, without the
generators chained between its steps. The shapes use the same
regex engine and character classes as Punkt (checked when the splitter is
built: another NLTK falls back to Punkt for every context), and
tests/test_punktfast.py compares both on the corpus and on random text.
"""
from __future__ import annotations

import hashlib
from typing import Dict, List, Optional, Tuple

import regex
from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer

# what Punkt's _get_last_whitespace_index looks for (string.whitespace)
_ASCII_SPACES = " \t\n\r\x0b\x0c"

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

MAX_REMEMBERED = 50_000  # contexts, of at most MAX_REMEMBERED_LENGTH characters
MAX_REMEMBERED_LENGTH = 80


# Punkt writes its class of non-word characters with "?!" in set order,
# which changes from run to run
_NON_WORD_PATTERNS = frozenset(
    r"(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb" + ends + "])"
    for ends in (r"\?!", r"!\?"))


# the shapes follow Punkt's word tokenizer as NLTK 3.10 writes it
_WORD_TOKENIZER_SHA256 = "470fbffec7418188f49d03c40955208f508aa41fdfe6da5e58057c2625a04d81"


def _as_expected(lang_vars: PunktLanguageVars) -> bool:
    tokenizer = hashlib.sha256(lang_vars._word_tokenize_fmt.encode("utf-8")).hexdigest()
    return (tokenizer == _WORD_TOKENIZER_SHA256
            and lang_vars._re_non_word_chars in _NON_WORD_PATTERNS
            and lang_vars._re_word_start == _WORD_START
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

    def span_tokenize(self, text: str, realign_boundaries: bool = True):
        if not (self._shapes and realign_boundaries):
            return super().span_tokenize(text, realign_boundaries)
        return iter(self._spans(text))

    def _spans(self, text: str) -> List[Tuple[int, int]]:
        """PunktSentenceTokenizer.span_tokenize(text): _slices_from_text with
        _match_potential_end_contexts, then _realign_boundaries."""
        lang = self._lang_vars
        period_context = getattr(lang.period_context_re(), "_rx", lang.period_context_re())
        realignment = getattr(lang.re_boundary_realignment, "_rx", lang.re_boundary_realignment)
        breaks: List[Tuple[int, int]] = []  # the slices, before realignment
        last_break = 0

        def decide(match, context: str) -> None:
            nonlocal last_break
            if self.text_contains_sentbreak(context):
                breaks.append((last_break, match.end()))
                last_break = match.start("next_tok") if match.group("next_tok") else match.end()

        previous_start, previous_stop, previous_match = 0, 0, None
        for match in period_context.finditer(text):
            start = match.start()
            # the word before: after the last ASCII space since the previous one
            # (a space at its very first character counts as none, as in Punkt)
            space = max(text.rfind(c, previous_stop, start) for c in _ASCII_SPACES)
            word_start = space + 1 if space > previous_stop else previous_start
            if previous_match is not None and previous_stop <= word_start:
                decide(previous_match, text[previous_start:previous_stop]
                       + previous_match.group() + previous_match.group("after_tok"))
            previous_start, previous_stop, previous_match = word_start, start, match
        if previous_match is not None:
            decide(previous_match, text[previous_start:previous_stop]
                   + previous_match.group() + previous_match.group("after_tok"))
        breaks.append((last_break, len(text.rstrip())))
        spans: List[Tuple[int, int]] = []
        realign = 0
        for (start, stop), following in zip(breaks, breaks[1:] + [None]):
            start += realign
            if following is None:
                if start < stop and text[start:stop]:
                    spans.append((start, stop))
                continue
            m = realignment.match(text[following[0]:following[1]])
            if m:
                spans.append((start, following[0] + len(m.group(0).rstrip())))
                realign = m.end()
            else:
                realign = 0
                if text[start:stop]:
                    spans.append((start, stop))
        return spans

    def text_contains_sentbreak(self, text: str) -> bool:
        if self._shapes:
            known = obvious_break(text, self._params.abbrev_types)
            if known is not None:
                return known
        if len(text) > MAX_REMEMBERED_LENGTH:  # a masked quote's run of fill, say
            return super().text_contains_sentbreak(text)
        decided = self._decided.get(text)
        if decided is None:
            if len(self._decided) >= MAX_REMEMBERED:
                self._decided.clear()
            decided = self._decided[text] = super().text_contains_sentbreak(text)
        return decided
