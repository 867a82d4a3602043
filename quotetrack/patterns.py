"""The rule pattern mini-language, compiled to Python regular expressions.

Syntax reference
----------------
A pattern is a Python regular expression over one sentence of text in which
quotations have been masked (their words replaced by a placeholder, so a
name inside a quote is never taken for a speaker), plus:

``a space``
    one or more spaces (no line breaks). Write ``[ ]`` for exactly one.
``~``
    optional spaces.
``{speaker}``
    a speaker phrase, captured: a name with titles and roles in front
    (``Ukrainian President Jane Doe``), a role phrase (``the
    Ukrainian President``, ``a senior official``), a group (``Ukrainian
    officials``), an organisation (``the White House``), a document (``the
    post``) or a pronoun (``he``), optionally followed by an appositive
    between commas (``Jack Smith, a spokesman for the agency,``) or dashes
    (``Jack Smith — after a pause —``).
    ``{speaker:loose}`` also lets any lower-case noun head a description
    after a determiner (``the gambling tycoon``) or before a name
    (``screenwriter Cole Haddon``): safe next to a quote, too loose for
    reported speech ("her challenger's bold promises do"). Built from the lexicons ``title``, ``role``, ``group_noun``,
    ``organization_noun``, ``document_noun``, ``modifier``, ``pronoun``,
    ``determiner``, ``name_particle``, ``not_name``, ``function_word``,
    ``quantifier``, ``auxiliary``, ``post_modifier`` (``a source familiar with
    ...``) and ``not_appositive`` (``, but`` opens no appositive).
``{cue:LEXICON}``
    an entry of LEXICON, captured as the claim's cue (``{cue}`` alone means
    ``{cue:speech_verb}``). ``{cue:LEXICON|OTHER}``: an entry of either, so
    one rule serves several lexicons.
``{source:LEXICON}``
    an entry of LEXICON, captured as the claim's source name; the lexicon's
    ``type`` and ``mode`` describe the source.
``{quote}``
    one masked quotation with its marks, captured.
``{content}``
    the reported content, captured. At the end of a pattern it runs to where
    the clause stops (the end of the sentence, or a comma before a
    ``content_stop`` phrase such as ``, adding`` or ``, according to``);
    elsewhere the rest of the pattern decides where it ends.
``{lead}``
    words before a mid-sentence attribution ("Mrs. Clinton, analysts said,
    has ..."), captured; when longer than ``{content}`` they are the claim.
``{name}``
    a proper name (capitalised words), captured as the speaker.
``{LEXICON}``
    an entry of LEXICON, not captured.

Lexicon entries match whole words; spaces inside entries match any spaces.
Entries are case-insensitive unless the lexicon says ``case_sensitive:
true``; a lexicon may also list ``patterns`` (regular expressions) next to
its ``entries``. Patterns are searched, not anchored: use ``^`` and ``$`` for
the sentence's start and end.
"""
from __future__ import annotations

import difflib
import functools
import re
from typing import Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Tuple

import attrs

from .backtracking import find_hazard
from .prefilter import (leading_words, literals_regex, lowered_literals_regex,
                        required_literals)
from .regexsplice import (BACKREFERENCE, class_end, compile_parsed, compile_pieces,
                          compile_sharing, splice_tree)

try:  # the parser moved in Python 3.11
    from re import _constants as _c, _parser as _parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]

QUOTE_FILL = "\ue000"
# Bounded: text converted from PDF or HTML has long runs of spaces, and an
# unbounded run inside nested patterns makes matching quadratic on them.
# Spaces include the invisible marks scraped text leaves between words
# (zero-width space, left-to-right and right-to-left marks).
WS = r"[ \t\u00a0\u2009\u202f\u200b\u200e\u200f]{1,8}"
OPT_WS = r"[ \t\u00a0\u2009\u202f\u200b\u200e\u200f]{0,8}"
CAPTURED_SLOTS = ("speaker", "cue", "source", "quote", "content", "name", "lead")
SPEAKER_LEXICONS = ("title", "role", "group_noun", "organization_noun", "document_noun",
                    "modifier", "pronoun", "determiner", "name_particle", "not_name",
                    "function_word", "quantifier", "auxiliary", "not_appositive",
                    "post_modifier")

# Capital letters as compact ranges (Latin, Latin-1, Latin Extended, Greek,
# Cyrillic): an exhaustive class of every upper-case code point made each
# rule several times slower to compile. Latin Extended mixes cases; a name
# starting with a lower-case letter from it is rare enough to accept.
UPPER_CLASS = "[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0386-\u03ab\u0400-\u042f]"
OPEN_MARKS = "\"“„«»‘‚'‹›「『"
CLOSE_MARKS = "\"”“»«’‘'›‹」』"


class PatternError(ValueError):
    """A pattern that cannot be compiled; ``offset`` is within the pattern."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.offset = offset


@attrs.frozen
class LexiconView:
    """What the compiler needs to know of a lexicon."""

    name: str
    entries: Tuple[str, ...]
    patterns: Tuple[str, ...] = ()
    case_sensitive: bool = False


def phrase_regex(entries: Iterable[str], patterns: Iterable[str] = (),
                 case_sensitive: bool = False) -> str:
    """Whole-word alternation of phrases, compiled as a character trie.

    A trie tries only the entries that share the text's next letters, where
    a flat alternation of hundreds of words would try each one at every
    position; longer entries are preferred ("Prime Minister" over "Prime").
    """
    # the same lexicons are asked for by every rule and by the grammar
    return _phrase_regex(tuple(entries), tuple(patterns), case_sensitive)


@functools.lru_cache(maxsize=128)
def _phrase_regex(entries: Tuple[str, ...], patterns: Tuple[str, ...],
                  case_sensitive: bool) -> str:
    phrases = {" ".join(e.split()) for e in entries if e.strip()}
    if not case_sensitive:
        phrases = {p.casefold() for p in phrases}
    parts = [_trie(phrases)] if phrases else []
    parts.extend(f"(?:{p})" for p in patterns)
    if not parts:
        return r"(?!)"
    body = "|".join(parts)
    if not case_sensitive:
        body = f"(?i:{body})"
    return rf"(?<![\w])(?:{body})(?![\w])"


def phrase_search(entries: Iterable[str], patterns: Iterable[str] = (),
                  case_sensitive: bool = False) -> Callable[[str], bool]:
    """Whether a text holds a match of ``phrase_regex(entries, patterns,
    case_sensitive)``, as a function of the text.

    That regex opens with a lookbehind (a phrase starts a word), which keeps
    re from skipping to the phrases' first letters: it tries the lookbehind
    and the trie at every position. For a case-sensitive lexicon of phrases
    only, the trie alone (no lookbehind, no first-character check: it opens
    with a branch of letters, which re scans for) is searched instead and each
    place it is found checked for a word start, going on from the next
    position when it is not one.
    """
    entries, patterns = tuple(entries), tuple(patterns)
    phrases = {" ".join(e.split()) for e in entries if e.strip()}
    if patterns or not case_sensitive or not phrases:
        regex = re.compile(phrase_regex(entries, patterns, case_sensitive))
        return lambda text: regex.search(text) is not None
    search = re.compile(rf"(?:{_trie(phrases, first_check=False)})(?![\w])").search
    word_char = _WORD_CHAR.match

    def holds(text: str) -> bool:
        found = search(text)
        while found is not None:
            at = found.start()
            if at == 0 or not word_char(text, at - 1):
                return True
            found = search(text, at + 1)
        return False

    return holds


_WORD_CHAR = re.compile(r"[\w]")


def _trie(phrases: Iterable[str], first_check: bool = True) -> str:
    """A character trie of ``phrases``; ``first_check`` puts a lookahead for
    the phrases' first characters in front (see below), which a plain search
    is slower with: re scans for the characters a pattern can start with
    only when it starts with them, not with a lookahead."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        alternatives = [(WS if k == " " else re.escape(k)) + build(node[k]) for k in keys]
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" in node:
            return ("(?:" + body + ")?") if len(alternatives) == 1 else body + "?"
        return body

    body = build(root)
    # the phrases' first characters, checked once: re tries a case-blind
    # branch's alternatives one by one (it skips only case-sensitive ones on
    # their first character), and the speaker grammar tries a dozen lexicons
    # at every word; a first character none of them has fails them at once
    # (the grammar matches about a fifth faster, and finds the same)
    firsts = sorted(k for k in root if k)
    if first_check and len(firsts) > 1 and " " not in firsts:
        body = "(?=[" + "".join(map(re.escape, firsts)) + "])" + body
    return body


# a party in the label after a politician's name: "(D)", "(R-Texas)", "(I-Vt.)"
PARTY = r"(?:[DRI]|Dem|Rep|GOP)"


class SpeakerGrammar:
    """The ``{speaker}`` and ``{name}`` sub-patterns, built from lexicons."""

    def __init__(self, lexicons: Dict[str, LexiconView]):
        def lex(name: str) -> str:
            view = lexicons[name]
            return phrase_regex(view.entries, view.patterns, view.case_sensitive)

        not_name = lex("not_name")
        particle = lex("name_particle")
        # combining accents count as letters: "José" may come decomposed (NFD)
        word = (rf"(?!{not_name}){UPPER_CLASS}[\w\-\u0300-\u036f]*"
                r"(?:['’](?![sS]\b)[\w\u0300-\u036f]+)*(?<![-])")
        initials = rf"(?:{UPPER_CLASS}\.){{1,3}}"
        name_part = rf"(?:{word}|{initials})"
        # "John Smith Jr.", "Sen. Bernie Sanders (I-Vt.)", "state Sen. Jane Roe (D)"
        suffix = (rf"(?:,?[ ](?:Jr\.|Sr\.|II|III|IV)(?![\w])|[ \u00a0]\({PARTY}"
                  r"(?:-[A-Z][\w. ]{0,14})?\))")
        self.name = (rf"{name_part}(?:{WS}(?:{particle}{WS})?{name_part}){{0,4}}{suffix}?")
        title = lex("title")
        role = lex("role")
        group = lex("group_noun")
        org = lex("organization_noun")
        doc = lex("document_noun")
        modifier = lex("modifier")
        determiner = lex("determiner")
        pronoun = lex("pronoun")
        head_noun = f"(?:{role}|{group}|{org}|{doc})"
        # a capitalised word modifies the head, unless it opens a subordinate clause
        # ("Since Clinton's op-ed ..., she has", "While critics argue ..."; lexicon
        # fronted_subordinator) or a sentence ("But Alphabet's founders said"; lexicon
        # sentence_connective): the phrase after it is the subject
        fronted = "".join(rf"(?!{lex(name)})" for name in ("fronted_subordinator",
                                                             "sentence_connective")
                          if name in lexicons)
        mod = rf"(?:{modifier}|{fronted}{UPPER_CLASS}[\w\-/]*(?:['’]s)?|[\w\-]+['’]s)"
        # "some of the women", "most of his advisers", "22 percent of voters"
        quantity = (rf"(?:(?:{lex('quantifier')}|\d[\d,.]*(?:{WS}percent|%)?){WS}of{WS}"
                    rf"(?:(?:the|these|those|his|her|their|its|our){WS})?)")
        # any lower-case noun heads a description after a determiner ("the
        # gambling tycoon") or before a name ("screenwriter Cole Haddon"),
        # and nouns may modify a group ("gay rights groups", "hacking specialists")
        noun = rf"(?!{lex('function_word')}|{determiner})[a-z][a-z\-]+"
        # and nouns may modify a role too ("a school spokesman", "an airport official")
        # but an indefinite pronoun among the groups takes none ("everyone", "most"):
        # a word before it is a verb ("rushed everyone inside", "make damn sure everyone")
        indefinite = (rf"(?!{lex('indefinite_group')}(?![\w\-]))" if "indefinite_group" in lexicons
                      else "")
        head = rf"(?:{head_noun}|(?:{noun}{WS}){{1,2}}{indefinite}(?:{group}|{role}))"
        # "the Ukrainian President", "Ukrainian presidential adviser Taras
        # Melnyk", "a senior administration official", "Trump's spokesman"
        role_phrase = (rf"(?:{quantity}|{determiner}{WS})?(?:{mod}{WS}){{0,4}}{head}"
                       rf"(?:{WS}(?:{title}{WS})?{self.name})?")
        described = rf"{determiner}{WS}(?:{mod}{WS}){{0,3}}{noun}"
        # "the news site RTL Info": two nouns may come before the name
        named_role = rf"(?:{determiner}{WS})?(?:{mod}{WS}){{0,3}}(?:{noun}{WS})?{noun}{WS}{self.name}"
        # "American Action Forum’s Douglas Holtz-Eakin", "the party’s chief whip, Jo Lee"
        possessive_name = (rf"(?:[Tt]he{WS})?{self.name}['’]s{WS}(?:(?:{mod}|{noun}){WS}){{0,3}}"
                           rf"{self.name}")
        titled_name = rf"(?:(?:{title}){WS}){{0,3}}{self.name}"
        the_name = rf"(?:[Tt]he{WS}){self.name}"
        # post-modifier kept short: "officials in Kyiv", "a source familiar
        # with the talks"; bounded so a long sentence cannot make it crawl.
        # it never runs into the verb phrase ({auxiliary}), nor into a second verb
        # phrase ("Carson took the stage at the Grand Hotel in Baltimore and called")
        second_verb = (rf"\band{WS}(?:[a-z]+ly{WS})?(?:[a-z]+ed\b|{lex('clause_verb')})"
                       if "clause_verb" in lexicons else r"(?!)")
        personal = r"(?<![\w'’])(?:he|she|they|we|I)(?![\w'’])"
        # nor into a clause of its own: a subject pronoun is no part of a noun phrase
        # ("Obama at a debate Sunday as she sought": she seeks); nor across a parenthesis,
        # which closes an aside the phrase sits in ("(... declared La Stampa in Italy)"),
        # nor into a relative clause ("messages in which the terrorist group urged")
        post = (rf"(?:{WS}{lex('post_modifier')}{WS}"
                rf"(?:(?!to\b|which\b|{second_verb}|{lex('auxiliary')}|{personal})"
                rf"[^,;:.()\n{QUOTE_FILL}\"“”]){{1,60}}?)")
        core = (rf"(?:{pronoun}|{role_phrase}{post}?|{possessive_name}|{the_name}|"
                rf"{titled_name}{post}?)")
        loose = rf"(?:{core}|{named_role}|{described}{post}?)"
        # an appositive describes the speaker; one that opens with a conjunction
        # or a pronoun (lexicon not_appositive) is another clause ("the report, but
        # officials said")
        not_appositive = rf"(?!{lex('not_appositive')})"
        # up to three comma-separated parts: "Yin May, 60, a doctor,"
        # or one between dashes: "Murphy — after a knock on wood — told me",
        appositive = (rf"(?:(?:,{WS}{not_appositive}[^,;:\n{QUOTE_FILL}\"“”]{{1,140}}?){{1,3}}"
                      rf"(?:,{WS}(?:who|which){WS}[^,;\n{QUOTE_FILL}]{{1,140}}?)?,"
                      rf"|{WS}(?:—|–|--){WS}[^—–\n{QUOTE_FILL}\"“”]{{1,140}}?{WS}(?:—|–|--)"
                      # or one in parentheses: "Sen. Chris Murphy (a Connecticut Democrat) says"
                      rf"|{WS}\({not_appositive}[^()\n{QUOTE_FILL}\"“”]{{3,140}}\))")
        # a speaker starts a word: failing fast elsewhere keeps the search cheap
        self.speaker = rf"(?<![\w'’\-])(?:{core}{appositive}?)"
        self.loose_speaker = rf"(?<![\w'’\-])(?:{loose}{appositive}?)"
        self.core = core

    def compile(self, pattern: str) -> re.Pattern:
        """``re.compile(pattern)`` for a regex built around this grammar's
        phrases, its core (48 kB) parsed once for all such regexes (see
        ``regexsplice.compile_sharing``)."""
        return compile_sharing(pattern, (self.core,))


def _slot_regex(slot: str, arg: Optional[str], lexicons: Dict[str, LexiconView],
                grammar: Optional[SpeakerGrammar], content_stop: str,
                offset: int, last: bool = True) -> str:
    def need(name: str) -> LexiconView:
        if name not in lexicons:
            # the bundled rules alone have some 150 lexicons: name the likeliest
            close = difflib.get_close_matches(name, sorted(lexicons), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise PatternError(f"unknown lexicon '{name}'; {hint}"
                               "(`quotetrack rules list` lists the lexicons)", offset)
        return lexicons[name]

    if slot == "speaker":
        if arg not in (None, "loose"):
            raise PatternError("{speaker} takes no argument but 'loose'", offset)
        if grammar is None:
            raise PatternError("{speaker} needs the lexicons " + ", ".join(SPEAKER_LEXICONS), offset)
        return f"(?P<speaker>{grammar.loose_speaker if arg else grammar.speaker})"
    if slot == "name":
        if grammar is None:
            raise PatternError("{name} needs the speaker lexicons", offset)
        return f"(?P<name>{grammar.name})"
    if slot == "quote":
        # start only at the first placeholder: a quote is never rescanned from
        # each of its characters
        return (rf"(?P<quote>[{re.escape(OPEN_MARKS)}]{{0,2}}(?<!{QUOTE_FILL}){QUOTE_FILL}+"
                rf"[.,!?;:…\-–—]*[{re.escape(CLOSE_MARKS)}]{{0,2}})")
    if slot == "lead":
        # a comma inside a number ("50,000 feet") does not end the lead
        return r"(?P<lead>[^\s,\ue000](?:[^,\ue000]|,(?=\d{3}\b)){1,200}?)"
    if slot == "content":
        if last:
            # the pattern ends here: the clause decides where the content stops
            return rf"(?P<content>[^\s,].*?)(?={content_stop})"
        return r"(?P<content>[^\s,].*?)"
    if slot in ("cue", "source"):
        names = (arg or "speech_verb").split("|")
        if len(names) > 1 and slot == "source":
            # a source's lexicon describes it (type, mode): it must be one
            raise PatternError("{source} takes one lexicon", offset)
        views = [need(name) for name in names]
        return f"(?P<{slot}>{_lexicons_regex(views)})"
    view = need(slot)
    if arg:
        raise PatternError(f"{{{slot}}} takes no argument", offset)
    return f"(?:{phrase_regex(view.entries, view.patterns, view.case_sensitive)})"


def _lexicons_regex(views: List[LexiconView]) -> str:
    """An entry of any of the lexicons: one trie for those alike in case."""
    parts = []
    for case_sensitive in (True, False):
        alike = [v for v in views if v.case_sensitive == case_sensitive]
        if alike:
            parts.append(phrase_regex([e for v in alike for e in v.entries],
                                      [p for v in alike for p in v.patterns], case_sensitive))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


REST_TRIES = 8  # cues, from the last back, after which start_bound tries a rule's rest

# where a {speaker} can start: the grammar's own lookbehind, then a word
# character (every alternative of the grammar begins with one, or a hyphen)
_SPEAKER_START = re.compile(r"(?<![\w'’\-])[\w\-]")
# a slot: {name}, {name:lexicon} or {name:lexicon|lexicon}
SLOT = re.compile(r"\{([A-Za-z_][\w]*)(?::([A-Za-z_][\w]*(?:\|[A-Za-z_][\w]*)*))?\}")


@attrs.frozen
class CompiledPattern:
    source: str
    regex: re.Pattern
    slots: Tuple[Tuple[str, str], ...]  # (slot, lexicon) pairs in order
    # a cheap regex that must match somewhere for the pattern to match
    # (its cue lexicon); sentences without it are skipped
    gate: Optional[re.Pattern] = None
    # every match starts with a {speaker} and the pattern has a gate: every
    # match starts at a word start before the last cue, so only those starts
    # are tried (see ``finditer``)
    speaker_first: bool = False
    # for patterns with no gate: words one of which every match holds (see prefilter.py)
    required: Optional[FrozenSet[str]] = None
    prefilter: Optional[re.Pattern] = None
    # for speaker-first patterns: the pattern from its cue up to its {content}
    # or {lead} (see ``start_bound``)
    rest: Optional[re.Pattern] = None
    # the gate as a lookahead, which finds overlapping cues too
    cue_at: Optional[re.Pattern] = None
    # lower-cased words one of which opens every match of the gate (see
    # prefilter.leading_words); None when the gate does not say
    gate_words: Optional[FrozenSet[str]] = None
    # every match of the gate takes at least one character, so a match's cue
    # starting inside text an earlier claim took overlaps it (see attribution.run)
    cue_takes_text: bool = False
    # for patterns with no gate that open with a {speaker}: the pattern after
    # it, which every match holds (see ``may_match``)
    tail: Optional[re.Pattern] = None
    # for gated patterns that are not speaker-first: the pattern from its cue
    # up to its {content} or {lead}, which every match's cue is followed by
    # (see ``cue_followed``)
    follows: Optional[re.Pattern] = None
    # ``prefilter`` as a plain search of the text's lower case (see prefilter.lowered)
    prefilter_lowered: Optional[re.Pattern] = None
    # every match holds a {quote}: a sentence without a quotation cannot match
    # (False for "(?:, {quote}| {content})", where the quote is one choice)
    quote_required: bool = False

    def may_match(self, text: str, lowered: Optional[str] = None) -> bool:
        """False when the text cannot match: it lacks the gate or the required
        words. ``lowered`` is ``prefilter.lowered(text)``, which callers may
        share between patterns."""
        if self.gate is not None:
            return self.gate.search(text) is not None
        if not self.holds_required(text, lowered):
            return False
        return self.tail is None or self.tail.search(text) is not None

    def holds_required(self, text: str, lowered: Optional[str] = None) -> bool:
        """False when the text lacks all the required words (``prefilter``)."""
        if self.prefilter is None:
            return True
        if lowered is not None and self.prefilter_lowered is not None:
            return self.prefilter_lowered.search(lowered) is not None
        return self.prefilter.search(text) is not None

    def cue_bound(self, text: str) -> int:
        """Where the gate's last match in ``text`` ends; -1 when it has none."""
        bound = -1
        for cue in self.gate.finditer(text):
            bound = cue.end()
        return bound

    def cue_starts(self, text: str) -> List[int]:
        """Every offset in ``text`` where the gate matches, overlapping ones too."""
        return [m.start() for m in self.cue_at.finditer(text)]

    def cues_at(self, text: str, candidates: Iterable[int]) -> Tuple[int, List[int]]:
        """:meth:`cue_bound` and :meth:`cue_starts` of ``text``, trying the gate
        only at ``candidates``: increasing offsets among which is every offset
        where the gate matches (where a sentence holds one of ``gate_words``)."""
        bound, starts, pos, match = -1, [], 0, self.gate.match
        for at in candidates:
            m = match(text, at)
            if m:
                starts.append(at)
                if at >= pos:  # the next match ``finditer`` reports
                    bound = pos = m.end()
        return bound, starts

    def start_bound(self, text: str, cue_bound: Optional[int] = None,
                    cue_starts: Optional[List[int]] = None) -> int:
        """An offset every match of this speaker-first pattern starts before; -1
        when it cannot match. ``cue_bound`` and ``cue_starts`` are what
        :meth:`cue_bound` and :meth:`cue_starts` return, which callers may
        share between patterns with the same gate.

        A speaker precedes its cue, so a match starts before the last cue; and
        before the last cue after which the rest of the pattern (up to its
        content) matches,
        which is often much earlier: most cues lack the quote or the "that" a
        rule needs, and each start tried before them backtracked through the
        whole speaker grammar to fail. The rest is tried from the last cue
        back, at most ``REST_TRIES`` cues: it may run to the sentence end, and
        a long run of cues must not make that quadratic.
        """
        bound = self.cue_bound(text) if cue_bound is None else cue_bound
        if bound < 0 or self.rest is None:
            return bound
        if cue_starts is None:
            cue_starts = self.cue_starts(text)
        for tried, at in enumerate(reversed(cue_starts)):
            if tried == REST_TRIES or self.rest.match(text, at):
                return at + 1  # no match has its cue after ``at``
        return -1

    def cue_followed(self, text: str, cue_starts: List[int]) -> bool:
        """False when no match can have its cue at any of ``cue_starts``: what
        follows a match's cue in the pattern (``follows``) is found after none
        of them. Most sentences that hold a cue lack what a rule needs after it
        (the comma of "..., she said, ...", the sentence end of "..., she
        said."), and the pattern, tried at each position up to the cue,
        spent most of its time on them. Tried from the last cue back, at most
        ``REST_TRIES`` cues, like ``start_bound``."""
        if self.follows is None:
            return True
        for tried, at in enumerate(reversed(cue_starts)):
            if tried == REST_TRIES or self.follows.match(text, at):
                return True
        return False

    def finditer(self, text: str, bound: Optional[int] = None) -> Iterator[re.Match]:
        """The same matches as ``regex.finditer(text)``, found faster.

        A speaker-first pattern tried at every position of a sentence spent
        most of its time on the words after its cue, where no match can
        start; :meth:`start_bound` (``bound``) bounds the starts worth trying.
        """
        if not self.speaker_first or self.gate is None:
            yield from self.regex.finditer(text)
            return
        if bound is None:
            bound = self.start_bound(text)
        pos, match = 0, self.regex.match
        for start in _SPEAKER_START.finditer(text, 0, max(bound, 0)):
            at = start.start()
            if at < pos:
                continue
            m = match(text, at)
            if m:
                yield m
                pos = m.end() if m.end() > at else at + 1

    def lexicon_of(self, slot: str) -> Optional[str]:
        for name, lexicon in self.slots:
            if name == slot:
                return lexicon
        return None


def content_stop_regex(lexicons: Dict[str, LexiconView]) -> str:
    """Where reported content ends: the sentence end, a comma before a
    ``content_stop`` phrase, a semicolon or dash, or "and" before a second
    verb of saying or stance ("condemned the bill and said ...", "praised the
    workers and denounced the rules": ``speech_verb``, ``second_verb`` and
    ``second_verb_past``)."""
    stops = lexicons.get("content_stop")
    phrases = phrase_regex(stops.entries, stops.patterns) if stops else r"(?!)"
    second = "|".join(
        phrase_regex(view.entries, view.patterns, view.case_sensitive)
        for view in (lexicons.get(name) for name in ("speech_verb", "second_verb",
                                                     "second_verb_past")) if view
    ) or r"(?!)"
    # no leading optional spaces before the sentence end: tried at each step of
    # a lazy content, they made a run of spaces cubic (the content is trimmed)
    # the comma may sit inside a quotation's closing mark ('... "a disgrace," adding')
    # after a closing quotation mark, "and" with a verb in -ed or -s goes on with the
    # speaker ('called her "third-rate" and boycotted one of the debates')
    after_quote = rf"(?<=[\"”]){WS}(?:and|but){WS}(?:[a-z]+ly{WS})?[a-z]{{2,}}(?:ed|s)\b"
    return (rf"[.!?…]*[\"”’]?{OPT_WS}$|,(?:[\"”]|'')?{WS}{phrases}|{OPT_WS}[;—–]|{WS}--|{after_quote}|"
            rf",?{WS}(?:and|but){WS}(?:also{WS}|then{WS}|later{WS})?"
            rf"(?:(?:has|have|had){WS}(?:also{WS}|since{WS})?|(?:did|does|would){WS}(?:not{WS})?"
            rf"|(?:didn't|didn’t|doesn't|doesn’t|wouldn't|wouldn’t|declined to|refused to){WS})?"
            rf"(?:{second})")


def compile_pattern(pattern: str, lexicons: Dict[str, LexiconView],
                    grammar: Optional[SpeakerGrammar] = None) -> CompiledPattern:
    """Compile one rule pattern; raises PatternError with an offset into it."""
    out: List[str] = []
    slot_pieces: set = set()  # indices in ``out`` of the slots' regexes
    # the pattern as the user wrote it, each slot standing for the words it
    # matches, for the backtracking check (the grammar's own repeats are ours)
    skeleton = _Skeleton()
    slots: List[Tuple[str, str]] = []
    gate: Optional[str] = None
    # lookarounds may come first: "(?<![\w-]){speaker} backs ..."
    opens_with_speaker = pattern.startswith("{speaker", _after_lookarounds(pattern))
    gate_at = -1  # the gate's index in ``out``
    content_stop = content_stop_regex(lexicons)
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "{":
            m = SLOT.match(pattern, i)
            if not m:
                # a regex repetition like x{2,3} stays as it is
                if re.match(r"\{\d+(,\d*)?\}", pattern[i:]):
                    end = pattern.index("}", i) + 1
                    out.append(pattern[i:end])
                    skeleton.copy(pattern, i, end)
                    i = end
                    continue
                raise PatternError("'{' starts neither a slot nor a repetition", i)
            slot, arg = m.group(1), m.group(2)
            if slot in CAPTURED_SLOTS and any(s == slot for s, _ in slots):
                raise PatternError(f"slot {{{slot}}} used twice; each captured slot may "
                                   "appear once", i)
            last = not pattern[m.end():].strip(" ~$")
            piece = _slot_regex(slot, arg, lexicons, grammar, content_stop, i, last)
            slot_pieces.add(len(out))
            out.append(piece)
            skeleton.add(_SKELETON_SLOT.get(slot, _SKELETON_WORDS), i)
            if slot == "cue" and not _optional_after(pattern, m.end()):
                gate, gate_at = piece, len(out) - 1
            if slot in CAPTURED_SLOTS:
                slots.append((slot, arg or ("speech_verb" if slot == "cue" else "")))
            i = m.end()
        elif ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            skeleton.copy(pattern, i, i + 2)
            i += 2
        elif ch == "[":
            # a character class is copied as written: its spaces are literal
            j = class_end(pattern, i)
            out.append(pattern[i:j + 1])
            skeleton.copy(pattern, i, j + 1)
            i = j + 1
        elif ch == " ":
            skeleton.add("[ ]{1,8}", i)
            while i < len(pattern) and pattern[i] == " ":
                i += 1
            out.append(WS)
        elif ch == "~":
            out.append(OPT_WS)
            skeleton.add("[ ]{0,8}", i)
            i += 1
        else:
            out.append(ch)
            skeleton.copy(pattern, i, i + 1)
            i += 1
    try:
        # the speaker grammar, in most rules, is parsed once for them all
        regex, parsed, bodies = compile_parsed(out)
    except re.error as err:
        raise PatternError(f"not a valid regular expression: {err.msg}", 0) from None
    hazard = skeleton.hazard()
    if hazard is not None:
        raise PatternError(backtracking_message(hazard.message), skeleton.origin(hazard.offset))
    # a gated pattern's cue is already searched for; its own fixed words (", which",
    # "that") are found from the pattern with its slots blanked, which parses fast
    blanked = "".join("(?:.)" if i in slot_pieces else piece for i, piece in enumerate(out))
    if gate is not None and not _always_matched(
            "".join(("(?P<cue>.)" if i == gate_at else "(?:.)") if i in slot_pieces else piece
                    for i, piece in enumerate(out)), "cue"):
        # "(?:{cue:participle_cue}|that said)": a cue one alternative may skip
        # gates nothing; the rule visits every sentence
        gate, gate_at = None, -1
    # an ungated pattern's words are read from the tree it was compiled from
    required = (required_literals(blanked) if gate else
                required_literals(regex.pattern, parsed, bodies))
    opens_with_speaker = opens_with_speaker and _opens_with_speaker(
        "".join(("(?P<speaker>.)" if piece.startswith("(?P<speaker>") else "(?:.)")
                if i in slot_pieces else piece for i, piece in enumerate(out)))
    speaker_first = gate is not None and opens_with_speaker
    tail = None
    if gate is None and opens_with_speaker:
        # what follows the speaker is searched for first: a sentence it is not
        # in cannot match, and the speaker grammar, tried at every word, is
        # most of the time a pattern takes
        after = 1 + min(i for i in slot_pieces if out[i].startswith("(?P<speaker>"))
        tail = _rest_regex(out[after:])
    gate = gate.replace("(?P<cue>", "(?:", 1) if gate else None
    # the rest stops before the content, which runs to the clause's end testing
    # at each character whether the clause stops there: without it the rest is
    # as selective (train: 3 bounds of 28,224 differ) and three times cheaper
    upto = min([i for i in slot_pieces if i > gate_at and
                out[i].startswith(("(?P<content>", "(?P<lead>"))], default=len(out))
    rest = _rest_regex(out[gate_at:upto]) if speaker_first else None
    follows = None
    if gate and not speaker_first and not any(
            out[i].startswith(("(?P<speaker>", "(?P<name>"))
            for i in slot_pieces if gate_at < i < upto):
        # cheap to try at each cue, unless it holds the speaker grammar (then
        # trying it costs what it saves)
        follows = _rest_regex(out[gate_at:upto])
    return CompiledPattern(pattern, regex, tuple(slots), _compile_gate(gate) if gate else None,
                           speaker_first, required, literals_regex(required), rest,
                           _compile_gate("(?=", gate, ")") if gate else None,
                           _gate_words(gate) if gate else None,
                           _takes_text(gate) if gate else False, tail, follows,
                           lowered_literals_regex(required),
                           _always_matched("".join(
                               ("(?P<quote>.)" if piece.startswith("(?P<quote>") else "(?:.)")
                               if i in slot_pieces else piece for i, piece in enumerate(out)),
                               "quote"))


def _rest_regex(pieces: List[str]) -> Optional[re.Pattern]:
    """A pattern from one of its top-level pieces on, or up to a later one (a
    speaker-first pattern's cue, what follows a leading speaker): wherever that
    piece is in a match, this matches, since the same pieces match the same
    text there (a lookaround still sees the text around). None when that may
    not hold: a piece sits inside a group (then the rest does not compile: a
    ')' closes a group it never opened, or one opened is not closed) or the
    rest refers back to a group."""
    rest = "".join(pieces)
    if BACKREFERENCE.search(rest):
        return None
    try:
        return compile_pieces(pieces)  # the cue lexicon's body is parsed already
    except re.error:
        return None


_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


def _after_lookarounds(pattern: str) -> int:
    """Where a pattern's leading lookarounds (a word-start check) end."""
    i = 0
    while pattern.startswith(_LOOKAROUNDS, i):
        depth, j = 0, i
        while j < len(pattern):
            ch = pattern[j]
            if ch == "\\":
                j += 2
                continue
            if ch == "[":  # a class, as compile_pattern reads it
                j = class_end(pattern, j)
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        else:
            return i  # unbalanced: the regex compiler will say so
        i = j + 1
    return i


def _always_matched(blanked: str, group: str) -> bool:
    """Whether every match of the pattern (slots blanked, ``group`` kept) goes
    through ``group``: it is not optional, nor on one side of an alternation,
    nor only inside a lookaround."""
    try:
        parsed = _parse.parse(blanked)
    except (re.error, RecursionError):
        return False
    wanted = parsed.state.groupdict.get(group)
    if wanted is None:  # no such group (a non-capturing group's number is None too)
        return False
    repeats = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None))

    def sequence(items) -> bool:
        return any(item(op, av) for op, av in items)

    def item(op, av) -> bool:
        if op is _c.SUBPATTERN:
            return av[0] == wanted or sequence(av[-1])
        if op is _c.BRANCH:
            return all(sequence(alternative) for alternative in av[1])
        if op in repeats:
            return av[0] >= 1 and sequence(av[2])
        if op is getattr(_c, "ATOMIC_GROUP", None):
            return sequence(av)
        return False

    return sequence(list(parsed))


def _opens_with_speaker(blanked: str) -> bool:
    """Whether every match of the pattern (slots blanked, the speaker kept as a
    group) starts with the speaker: it comes first (after lookarounds, which
    take no text), not optional, not one side of an alternation ("{speaker}?
    said", "{speaker} said|..." do not)."""
    try:
        parsed = _parse.parse(blanked)
    except (re.error, RecursionError):
        return False
    items = list(parsed)
    while items and items[0][0] in (_c.ASSERT, _c.ASSERT_NOT):
        items = items[1:]
    if not items or items[0][0] is not _c.SUBPATTERN:
        return False
    return items[0][1][0] == parsed.state.groupdict.get("speaker")


# what a slot matches, for the backtracking check: words separated by
# spaces, any text, or a run of quote placeholders
_SKELETON_WORDS = r"(?:\w+(?:[ ]\w+)*)"
_SKELETON_SLOT = {"content": "(?:.+)", "lead": "(?:.+)", "quote": f"(?:{QUOTE_FILL}+)"}


def backtracking_message(why: str) -> str:
    return (f"pattern may backtrack catastrophically: {why}; bound the outer repeat "
            "({1,10}) or make its parts unable to match the same text")


class _Skeleton:
    """The user's part of a compiled pattern, with a map back to the pattern's offsets."""

    def __init__(self) -> None:
        self.parts: List[str] = []
        self.origins: List[int] = []

    def add(self, piece: str, origin: int) -> None:
        self.parts.append(piece)
        self.origins.extend([origin] * len(piece))

    def copy(self, pattern: str, start: int, end: int) -> None:
        self.parts.append(pattern[start:end])
        self.origins.extend(range(start, end))

    def origin(self, offset: int) -> int:
        return self.origins[offset] if 0 <= offset < len(self.origins) else 0

    def hazard(self):
        source = "".join(self.parts)
        try:
            return find_hazard(source)
        except (re.error, RecursionError):  # the real regex compiled; be lenient
            return None


@functools.lru_cache(maxsize=64)
def _compile_gate(*pieces: str) -> re.Pattern:
    """One compiled object per gate, so matchers can share its result between
    the rules that use the same cue lexicon. The gate is its cue slot's body,
    parsed already for the slot (see regexsplice)."""
    return compile_pieces(pieces)


def _gate_tree(source: str):
    """The parse tree of a gate, its body spliced in when it may be."""
    tree = splice_tree([source])
    return tree if tree is not None else _parse.parse(source)


@functools.lru_cache(maxsize=64)
def _gate_words(source: str) -> Optional[FrozenSet[str]]:
    try:
        tree = _gate_tree(source)
    except (re.error, RecursionError):
        return None
    return leading_words(source, tree)


@functools.lru_cache(maxsize=64)
def _takes_text(source: str) -> bool:
    """Whether every match of ``source`` is at least one character long
    (a lexicon's own ``patterns`` might match the empty string)."""
    try:
        return _gate_tree(source).getwidth()[0] > 0
    except (re.error, RecursionError):
        return False


def _optional_after(pattern: str, end: int) -> bool:
    """Whether the slot ending at ``end`` is followed by a quantifier that allows zero."""
    return pattern[end:end + 1] in ("?", "*") or pattern.startswith("{0", end)
