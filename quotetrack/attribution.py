"""Match the attribution rules: claim content, cue and speaker position.

Rules run in priority order over every sentence of the quote-masked text;
a match is kept unless its content, cue or speaker overlaps text an earlier
match already took, so "A," he said, "B." gives two claims and a quoted
fragment inside a reported sentence stays part of that one mixed claim.
Reported content that ends a pattern and runs into such text is cut at the
last clause break before it instead (``He said A, but added, "B."``). A
report whose speaker follows a free verb of saying ("Aides say Ivanka Trump
advises her father") is the content of that verb, whose subject speaks. A
quote whose attribution goes on "according to Z" ('"...," Sanders said,
according to CNN') stays the speaker's: Z is where it was reported, its source.

After the rules, quotations no rule took are attached by news convention:
a quote that resumes right after an attribution (``"A," he said, "B."``)
belongs to the same speaker; a quote that opens its sentence continues the
speaker of the claim just
before it (within ``CONTINUATION_PARAGRAPHS``), or, when it opens the
article's talk, takes the speaker named in the claim right after it; one that
opens a paragraph after a sentence ending in a colon ("X issued the following
statement:") is the subject's of that sentence, and the quotes after it go on
in that voice; one followed by a verb of saying and a name the rules' speaker
grammar missed (``"...," said undecided voter Jane Doe``), or by a speaker
phrase a few words on and its verb (``"...," the Florida senator and Republican
presidential candidate said``; in the next sentence when the quote ended its
own: ``"...?" Trump went on``), is that speaker's, and so are the quotes after
it; so is one signed below by a dash and a name (``- Sanders.``) and one right
after a sentence that is only a speaker and a verb of saying (``Jane Doe
agreed.``). Quoted
fragments inside running text with no cue (scare quotes, titles of works)
are not claims, and neither is a short paragraph in single quotes in a
document that quotes with double marks: a subhead ('A change warrior.')
made of the story's words.
"""
from __future__ import annotations

import bisect
import re
from typing import List, Optional, Sequence, Tuple

from .patterns import OPT_WS, QUOTE_FILL, WS, phrase_regex
from .prefilter import WordIndex, lowered
from .records import Attribution, QuoteSpan, Segment, Span
from .quotes import quote_at
from .spanindex import SpanIndex

CONTINUATION_PARAGRAPHS = 2
_EDGE = " \t\u00a0,;:"
_QUOTE_MARKS = "\"“”„«»‘’‚'‹›"
_STANDALONE_PREFIX = re.compile(r"^[\s\-–—•*]*$")
_SPLIT_TAIL = re.compile(r"[,:;—–]\W*$|^\W*$")
SUBHEAD_WORDS = 8
# how far a quote may resume after the cue of its first part: the speaker's appositive
# sits between ('"A," said Raffaello Pantucci, director of International Security
# Studies at the Royal United Services Institute in London, "but B."')
SPLIT_REACH = 200
# where a reported clause may be cut short: a comma or colon, "and"/"but", a dash
# "that" before one noun and the end of the phrase points at a thing ("embrace that
# idea", "withdrew that bill."), it does not open a clause: it stays in the claim
_THAT_DETERMINER = re.compile(
    r"[Tt]hat\s+(?!(?:he|she|it|they|we|I|you|there|this|these|those)\b)[a-z][\w’'-]*"
    r"(?=\s*[,.;:!?]|\s*$|\s+(?:and|or)\b)")
_CLAUSE_BREAK = re.compile(r"[,:]\s+|\s+(?:and|but)\s+|\s+[-–—]+\s+|—")
# a sentence that opens with a subordinate clause, up to a claim's match with no comma
# between: the clause ends at its first comma, and the main clause follows
_FRONTED_CLAUSE = re.compile(r"(?:(?:But|And|Yet|So),? )?(?:While|Although|Though|Because|If|When|"
                             r"Whereas|Since|Once|Unless|Until|Even as|Even though|Even if|"
                             r"Even when)\b[^,;:]*$")
# the comma that ends such a clause: not one before a participle or a name in
# apposition ("for its governor, John Kasich, a chorus ...")
_MAIN_CLAUSE_COMMA = re.compile(r", (?![a-z]+ing\b)(?![A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)*,)")


def _strip(text: str, start: int, end: int, chars: str = _EDGE) -> Tuple[int, int]:
    while start < end and (text[start] in chars or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in chars or text[end - 1].isspace()):
        end -= 1
    return start, end


class _Matcher:
    def __init__(self, text: str, masked: str, sentences: Sequence[Segment],
                 quotes: Sequence[QuoteSpan], rules) -> None:
        self.text, self.masked, self.sentences, self.quotes = text, masked, sentences, quotes
        self.rules = rules
        self.taken = SpanIndex()  # contents, cues and speaker mentions in use
        self.speakers_taken: set = set()
        self.quote_taken = [False] * len(quotes)
        self.found: List[Attribution] = []
        self.in_sentence: dict = {}  # sentence start -> attributions found in it
        self.sentence_starts = [s.span.start for s in sentences]
        self.cue_bounds: dict = {}  # gate -> [(sentence index, end of its last cue)]
        self.cue_starts: dict = {}  # (gate, sentence index) -> where its cues start
        # (gate, sentence index) -> (taken.size, its free cues) (see free_cues)
        self.cues_free: dict = {}
        self.quote_starts = [q.outer.start for q in quotes]
        self.gate_index, self.gate_slots = rules.memo("gate_index", lambda: _gate_index(rules))
        self._gate_words: Optional[dict] = None  # see gate_words
        self.subject = rules.memo("subject", lambda: _subject_regex(rules))
        self.clause_subject = rules.memo("clause_subject", lambda: _clause_subject_regex(rules))
        self.after_quote = rules.memo("after_quote", lambda: _after_quote_regex(rules))
        self.signature = rules.memo("signature", lambda: _signature_regex(rules))
        self.outer_verb = rules.memo("outer_verb", lambda: _outer_verb_regex(rules))
        self.subject_before = rules.memo("subject_before", lambda: _subject_before_regex(rules))
        self.bare_attribution = rules.memo("bare_attribution",
                                           lambda: _bare_attribution_regex(rules))
        self.adverbial = rules.memo("adverbial", lambda: _adverbial_regex(rules))
        self.other_sense = rules.memo("other_sense", lambda: _other_sense_regex(rules))
        self.works = rules.memo("works", lambda: rules.words("programme") | rules.words("outlet"))
        self.around_title = rules.memo("around_title", lambda: _around_title_regexes(rules))
        singles = sum(q.style == "single" for q in quotes)
        self.quotes_double = len(quotes) - singles > singles

    # ------------------------------------------------------------------ content
    def quotes_in(self, span: Span) -> List[int]:
        first = quote_at(self.quotes, span.start)
        i = first if first is not None else bisect.bisect_left(self.quote_starts, span.start)
        result = []
        while i < len(self.quotes) and self.quotes[i].outer.start < span.end:
            if self.quotes[i].outer.overlaps(span):
                result.append(i)
            i += 1
        return result

    def content(self, start: int, end: int) -> Optional[Tuple[str, Span, tuple]]:
        """(kind, span, quote indices) of a {content} match, or None."""
        start, end = _strip(self.text, start, end)
        if (self.text.startswith(("that ", "That "), start)
                and not _THAT_DETERMINER.match(self.text, start, end)):
            start += 5
        if end <= start:
            return None
        inside = self.quotes_in(Span(start, end))
        if any(self.quote_taken[i] for i in inside):
            return None
        if inside:
            start = min(start, self.quotes[inside[0]].outer.start)
            end = max(end, self.quotes[inside[-1]].outer.end)
            only = self.quotes[inside[0]]
            rest = (self.text[start:only.outer.start] + self.text[only.outer.end:end])
            if len(inside) == 1 and not rest.strip(_EDGE + ".!?…" + _QUOTE_MARKS):
                return "direct", only.content, tuple(inside)
            if start == only.outer.start and _QUOTE_THEN_CLAUSE.match(
                    self.text, only.content.end - 1, end):
                # 'Kasich cautioned "let's not get ahead of ourselves," before predicting
                # ...': a quote ended by its comma, then a clause of the reporter's
                return "direct", only.content, (inside[0],)
            start, end = _strip(self.text, start, end, _EDGE + _QUOTE_MARKS)
            return "mixed", Span(start, end), tuple(inside)
        if not any(ch.isalnum() for ch in self.text[start:end]):
            return None
        if self.adverbial.fullmatch(self.text, start, end):
            return None  # '"...?" Trump said Friday': a time, not what was said
        return "indirect", Span(start, end), ()

    def cut_before_taken(self, start: int, end: int) -> int:
        """Where reported content that runs into an earlier claim ends.

        "She said that experts backed her plan, to which O'Malley replied:
        "..."": the quote and its speaker were taken first, and the content
        after "said" stops at the last clause break before them instead of
        being dropped whole. Content with fewer than three words before the
        break is left to fail as before.
        """
        hits = self.taken.overlapping(Span(start, end))
        if not hits or hits[0].start <= start:
            return end
        breaks = list(_CLAUSE_BREAK.finditer(self.text, start, hits[0].start))
        if not breaks or len(self.text[start:breaks[-1].start()].split()) < 3:
            return end
        return breaks[-1].start()

    def cut_at_main_clause(self, sent: Segment, match_start: int, start: int, end: int) -> int:
        """Where reported content inside a fronted subordinate clause ends: at the
        comma that closes the clause. "While only 7 percent said they are undecided,
        27 percent of those ... said ...": the main clause is not what was said."""
        if not _FRONTED_CLAUSE.match(self.masked, sent.span.start, match_start):
            return end
        found = _MAIN_CLAUSE_COMMA.search(self.masked, start, end)
        if found is None or len(self.text[start:found.start()].split()) < 2:
            return end
        return found.start()

    def is_name_of_work(self, q: int) -> bool:
        """A quoted programme or outlet name (on "Morning Joe,") is not a claim."""
        words = self.text[self.quotes[q].content.start:self.quotes[q].content.end]
        key = " ".join(words.strip(_EDGE + ".!?…" + _QUOTE_MARKS).split()).casefold()
        return key in self.works

    def looks_like_title(self, q: int, period: bool = False) -> bool:
        """''Tales From the Crypt'': short, every long word capitalised, no sentence end
        (with ``period``, a full stop may end it: the sentence's, printed inside the
        marks)."""
        words = self.text[self.quotes[q].content.start:self.quotes[q].content.end].strip()
        if period and words.endswith(".") and not words.endswith(".."):
            words = words[:-1]
        if words.endswith((".", "!", "?", ".”")) or not words:
            return False
        tokens = [t for t in re.findall(r"[^\W\d_][\w'’-]*", words)]
        long = [t for t in tokens if len(t) > 3]
        return 0 < len(tokens) <= 7 and bool(long) and all(t[0].isupper() for t in long)

    def names_a_noun(self, q: int) -> bool:
        """The "Avatar" star, the "Never Trump" movement: a title-like quote with no
        closing comma between a determiner and a lower-case noun is part of a name."""
        quote = self.quotes[q]
        words = self.text[quote.content.start:quote.content.end].strip().strip(_QUOTE_MARKS)
        before = self.text[max(0, quote.outer.start - 12):quote.outer.start]
        determiner_before, noun_after, _, _ = self.around_title
        return (self.looks_like_title(q) and not words.endswith(",")
                and bool(determiner_before.search(before))
                and bool(noun_after.match(self.text, quote.outer.end)))

    def titles_a_work(self, q: int) -> bool:
        """Fiorina told "Fox and Friends," / ''This Kind of War,'' by T.R. Fehrenbach: a
        title-like quote after words that name a programme (lexicon ``work_title_before``)
        or before its maker (``work_title_after``) is a title, not something said."""
        quote = self.quotes[q]
        _, _, work_before, work_after = self.around_title
        before = self.text[max(0, quote.outer.start - 20):quote.outer.start]
        # after a work's noun the title may end the sentence: 'in her memoir, "Tough
        # Choices."'
        return bool((work_before.search(before) and self.looks_like_title(q, period=True))
                    or (work_after.match(self.text, quote.outer.end)
                        and self.looks_like_title(q)))

    def looks_like_subhead(self, q: int) -> bool:
        """'A healthy environment.' alone on its line, where the story quotes with "..." or ''...''."""
        quote = self.quotes[q]
        if quote.style != "single" or not self.quotes_double:
            return False
        line_start = self.text.rfind("\n", 0, quote.outer.start) + 1
        line_end = self.text.find("\n", quote.outer.end)
        line_end = len(self.text) if line_end < 0 else line_end
        around = self.text[line_start:quote.outer.start] + self.text[quote.outer.end:line_end]
        words = self.text[quote.content.start:quote.content.end].split()
        return not any(ch.isalnum() for ch in around) and len(words) <= SUBHEAD_WORDS

    # ------------------------------------------------------------------ matching
    def run(self) -> List[Attribution]:
        chunks = [self.masked[s.span.start:s.span.end] for s in self.sentences]
        quoted = [QUOTE_FILL in chunk for chunk in chunks]
        everywhere = [(i, None) for i in range(len(chunks))]
        lows: list = [False] * len(chunks)  # each sentence's prefilter.lowered, when asked
        for rule in self.rules.attribution_rules:
            pattern = rule.pattern
            needs_quote = pattern.quote_required
            gate = pattern.gate
            # a gated rule visits only the sentences its cue lexicon occurs in
            visits = everywhere if gate is None else self.cued(pattern, chunks)
            for si, bound in visits:
                if needs_quote and not quoted[si]:
                    continue
                chunk = chunks[si]
                if pattern.prefilter is not None:
                    low = lows[si]
                    if low is False:
                        low = lows[si] = lowered(chunk)
                    if not pattern.holds_required(chunk, low):
                        continue
                if gate is None:
                    if pattern.tail is not None and not pattern.tail.search(chunk):
                        continue
                else:
                    key = (id(gate), si)
                    cues = self.cue_starts.get(key)
                    if cues is None:
                        cues = self.cue_starts[key] = pattern.cue_starts(chunk)
                    if pattern.cue_takes_text:
                        # a match's cue starts where the gate does; one starting in
                        # text an earlier claim took is dropped (see consider), so
                        # only the free cues can give a claim, and a speaker-first
                        # match starts by the last of them
                        cues = self.free_cues(key, cues, self.sentences[si])
                        if not cues:
                            continue
                        bound = cues[-1] + 1
                    if pattern.rest is not None:
                        bound = pattern.start_bound(chunk, bound, cues)
                        if bound < 0:
                            continue
                    elif not pattern.cue_followed(chunk, cues):
                        continue
                sent = self.sentences[si]
                for m in pattern.finditer(chunk, bound):
                    self.consider(rule, m, sent)
        self.attach_unclaimed_quotes()
        self.found.sort(key=lambda a: a.content.start)
        return self.found

    def cued(self, pattern, chunks: List[str]) -> List[Tuple[int, int]]:
        """(sentence index, end of its last cue) for the sentences that hold the
        pattern's gate; many rules share a cue lexicon, so each is searched once,
        and only in the sentences that hold one of its first words."""
        gate = pattern.gate
        found = self.cue_bounds.get(id(gate))
        if found is not None:
            return found
        found = self.cue_bounds[id(gate)] = []
        slot = self.gate_slots.get(id(gate))
        visits = enumerate(chunks) if slot is None else self.gate_words().get(slot, ())
        for si, where in visits:
            chunk = chunks[si]
            if slot is None or where is None:
                bound = pattern.cue_bound(chunk)
            else:
                bound, self.cue_starts[(id(gate), si)] = pattern.cues_at(chunk, where)
            if bound >= 0:
                found.append((si, bound))
        return found

    def free_cues(self, key: tuple, cues: List[int], sent: Segment) -> List[int]:
        """The cue offsets (in the sentence) whose first character no claim,
        cue or speaker has taken yet. ``key``: the (gate, sentence index) the
        cues are of; the rules sharing a gate ask in turn, and until a claim
        is taken the answer is the one given before."""
        size = self.taken.size
        known = self.cues_free.get(key)
        if known is not None and known[0] == size:
            return known[1]
        if not self.taken.overlaps(sent.span):
            free = cues
        else:
            base, covers = sent.span.start, self.taken.covers
            free = [at for at in cues if not covers(base + at)]
        self.cues_free[key] = (size, free)
        return free

    def gate_words(self) -> dict:
        """Gate slot -> [(sentence index, where the gate's first words start in
        it)], in sentence order, from one scan of each sentence; where is None
        for a sentence in which any gate may be (see prefilter.WordIndex)."""
        if self._gate_words is None:
            self._gate_words = {}
            every = range(len(self.gate_slots))
            for si, sent in enumerate(self.sentences):
                where = self.gate_index.positions(self.masked[sent.span.start:sent.span.end])
                for slot in (every if where is None else where):
                    self._gate_words.setdefault(slot, []).append(
                        (si, None if where is None else where[slot]))
        return self._gate_words

    def consider(self, rule, m: re.Match, sent: Segment) -> None:
        base = sent.span.start
        groups = m.re.groupindex
        if "quote" in groups and m.start("quote") >= 0:
            fill = m.group("quote").find(QUOTE_FILL)
            q = quote_at(self.quotes, base + m.start("quote") + max(fill, 0))
            if (q is None or self.quote_taken[q] or self.is_name_of_work(q)
                    or self.names_a_noun(q) or self.titles_a_work(q)):
                return
            kind, content, inside = "direct", self.quotes[q].content, (q,)
        else:
            start, end = base + m.start("content"), base + m.end("content")
            if "lead" in groups and m.start("lead") >= 0 and (
                    m.end("lead") - m.start("lead") > end - start):
                start, end = base + m.start("lead"), base + m.end("lead")
            elif m.end("content") == m.end():
                end = self.cut_before_taken(start, end)
                end = self.cut_at_main_clause(sent, base + m.start(), start, end)
                if "speaker" in groups and m.start("speaker") >= 0:
                    end = _end_of_relative_clause(m.group("speaker"), self.text, start, end)
            found = self.content(start, end)
            if found is None:
                return
            kind, content, inside = found
        cue = None
        if "cue" in groups and m.start("cue") >= 0:
            cue = Span(base + m.start("cue"), base + m.end("cue"))
            if kind != "direct" and self.other_sense.match(self.text, cue.start):
                return  # "accepted her award", "assumed office": no claim
        speaker = None
        for slot in ("speaker", "name"):
            if slot in groups and m.start(slot) >= 0:
                s, e = _strip(self.text, base + m.start(slot), base + m.end(slot))
                speaker = Span(s, e) if e > s else None
        speaker_from = rule.speaker_from
        if (speaker_from == "mention" and speaker is not None and cue is not None
                and cue.start >= speaker.end):
            speaker = self.subject_after_intro(speaker, cue) or speaker
            if self.text[speaker.start:speaker.end].casefold() in _FLOATING_QUANTIFIERS:
                # "Trump and Sanders have both argued": "both" stands for the subject
                subject = self.sentence_subject(sent, speaker.start)
                if subject is not None:
                    speaker, speaker_from = subject, "subject"
        if speaker_from == "subject":
            speaker = self.sentence_subject(sent, cue.start if cue else content.start)
            if speaker is None and cue is not None:
                speaker = self.subject_after_opening(sent, cue)
                if speaker is not None and speaker.overlaps(content):
                    speaker = None  # the claim runs into the main clause: its subject is no help
            speaker_from = "subject" if speaker else "previous"
        elif speaker_from == "antecedent":
            speaker_from = "mention"
        elif (speaker_from == "mention" and speaker is not None and cue is not None
              and kind != "direct" and cue.start >= speaker.end):
            reported = self.reported_by_outer_verb(sent, speaker, content)
            if reported is not None:
                kind, content, inside, cue, speaker = reported
                speaker_from = "subject"
        claimed_outer = content
        if kind == "direct":
            claimed_outer = self.quotes[inside[0]].outer
        # one mention may speak through two verbs ("X praised A and said B"): a
        # speaker already taken as a whole is shared; content and cue never are
        shared = speaker is not None and speaker in self.speakers_taken
        for span in (claimed_outer, cue,
                     speaker if speaker_from == "mention" and not shared else None):
            if span is not None and self.taken.overlaps(span):
                return
        if speaker is not None and speaker.overlaps(claimed_outer):
            return
        for span in (claimed_outer, cue, speaker if speaker_from == "mention" else None):
            if span is not None:
                self.taken.add(span)
        if speaker is not None and speaker_from == "mention":
            self.speakers_taken.add(speaker)
        for i in inside:
            self.quote_taken[i] = True
        found = Attribution(rule.id, kind, content, cue, speaker, speaker_from, sent.span, inside)
        self.found.append(found)
        self.in_sentence.setdefault(sent.span.start, []).append(found)

    def subject_after_opening(self, sent: Segment, cue: Span) -> Optional[Span]:
        """The subject of the main clause after a participle that opens the
        sentence ("After talking about security, Mr. Netanyahu suggested ...",
        "Speaking to reporters, she said ..."): the sentence's subject, found
        past its introductory phrases."""
        found = self.subject.match(self.masked[sent.span.start:sent.span.end])
        if found is None:
            return None
        which = "speaker" if found.start("speaker") >= 0 else "prefixed"
        s, e = _strip(self.text, sent.span.start + found.start(which),
                      sent.span.start + found.end(which))
        return Span(s, e) if e > s and s >= cue.end else None

    def subject_after_intro(self, speaker: Span, cue: Span) -> Optional[Span]:
        """The verb's subject inside a speaker phrase that began in an introductory
        phrase, after a preposition or a participle ("In a statement to the
        Observer, her adviser, Jake Sullivan, said", "Of Carson, Levine, who ...,
        said", "Recalling that moment, David Axelrod, ..., said"): the first part
        after one of its commas that opens a speaker phrase reaching the verb and
        whose head holds a proper name ("In Berea, OH, after ..., Gov. John Kasich
        said")."""
        if "," not in self.text[speaker.start:speaker.end] or not _INTRO_OBJECT.search(
                self.text, max(0, speaker.start - 20), speaker.start):
            return None
        commas = [i for i in range(speaker.start, speaker.end) if self.text[i] == ","]
        for comma in commas:
            start = comma + 1
            while start < speaker.end and self.text[start].isspace():
                start += 1
            found = self.subject_before.match(self.masked, start, cue.start)
            if found is not None and _PROPER_NAME.search(found.group("speaker").split(",")[0]):
                s, e = _strip(self.text, *found.span("speaker"))
                return Span(s, e) if e > s else None
        return None

    def reported_by_outer_verb(self, sent: Segment, speaker: Span, content: Span):
        """(kind, content, quotes, cue, speaker) of the claim a verb of saying
        right before ``speaker`` reports, when no claim took that verb: "The
        officials said they think X", "A poll shows 68% of voters say X", "Grayson
        said Murphy's support of X": the whole clause is what the sentence's
        subject said (news annotation gives nested reports to the outer speaker)."""
        found = self.outer_verb.search(self.masked, max(sent.span.start, speaker.start - 40),
                                       speaker.start)
        if found is None:
            return None
        verb = Span(*found.span("verb"))
        if self.taken.overlaps(verb):
            return None
        # the verb's own subject ("Clinton, in Columbus, Ohio, said"), else the
        # subject of its clause ("Clinton has doubts but has said")
        own = self.subject_before.search(self.masked, sent.span.start, verb.start)
        if own is not None:
            subject = Span(*_strip(self.text, *own.span("speaker")))
        else:
            subject = self.sentence_subject(sent, verb.start)
        if subject is None or subject.end > verb.start or subject.end <= subject.start:
            return None
        reported = self.content(speaker.start, content.end)
        if reported is None:
            return None
        return reported + (verb, subject)

    def sentence_subject(self, sent: Segment, before: int) -> Optional[Span]:
        """The speaker of a participle cue: the subject of the nearest clause before
        it, be it the sentence's first (after introductory phrases), one a clause
        opener starts (lexicon ``clause_opener``) or an earlier claim's speaker."""
        earlier = [a.speaker_span for a in self.in_sentence.get(sent.span.start, ())
                   if a.speaker_span is not None and sent.span.contains(a.speaker_span)
                   and a.speaker_span.end <= before]
        chunk = self.masked[sent.span.start:before]
        found = []
        m = self.subject.search(chunk)
        if m:
            found.append(m.span("speaker" if m.start("speaker") >= 0 else "prefixed"))
        # the participle belongs to the nearest clause: "Protest groups say X, and the
        # ACLU has sued the city, saying ..." (the ACLU says it), "Trump tweaked his
        # promise when he announced his running mate, calling ..." (he)
        found.extend((c.start("speaker"), c.end("speaker"))
                     for c in self.clause_subject.finditer(chunk))
        # or the phrase right before it: the subject it follows ("Mr. Biden,
        # recalling ...") or the one of an absolute "with" ("with Trump tweeting")
        adjacent = self.subject_before.search(chunk)
        if adjacent is not None and _ADJACENT_SUBJECT.search(chunk, 0, adjacent.start()) and (
                "," not in chunk[adjacent.end("speaker"):]
                or not chunk[:adjacent.start()].endswith("with ")):
            found.append(adjacent.span("speaker"))
        spans = [Span(s, e) for s, e in (_strip(self.text, sent.span.start + s,
                                                sent.span.start + e) for s, e in found) if e > s]
        spans.extend(earlier)
        if not spans:
            return None
        return max(spans, key=lambda span: span.start)

    # ------------------------------------------------------------------ leftovers
    def attach_unclaimed_quotes(self) -> None:
        """Follow-on quotes continue the previous speaker (see module docstring)."""
        if not self.quotes:
            return
        sentence_starts = self.sentence_starts
        by_position = sorted(self.found, key=lambda a: a.content.start)
        starts = [a.content.start for a in by_position]
        added: List[Attribution] = []
        for qi, q in enumerate(self.quotes):
            if self.quote_taken[qi] or self.taken.overlaps(q.outer):
                continue
            si = bisect.bisect_right(sentence_starts, q.outer.start) - 1
            if si < 0:
                continue
            sent = self.sentences[si]
            prefix = self.masked[sent.span.start:q.outer.start]
            k = bisect.bisect_left(starts, q.outer.start)
            prev = _continued(by_position, k)
            if prev is not None and self._splits(prev, q, sent) and not self.titles_a_work(qi):
                added.append(Attribution("split-quote", "direct", q.content, None, None,
                                         "previous", sent.span, (qi,), continues=prev.content))
                continue
            if not _STANDALONE_PREFIX.match(prefix) or self.looks_like_title(qi) \
                    or self.is_name_of_work(qi) or self.looks_like_subhead(qi):
                continue  # a fragment inside running text with no cue, or a title
            gap = self._paragraph_gap(prev.evidence, sent) if prev is not None else None
            if len(self.text[q.content.start:q.content.end].split()) < 3 and gap != 0:
                continue  # a short quote on its own is a title or a slogan, not a claim
            introduced = self._introduced_by(q, si, prev)
            if introduced is not None:
                intro_sent, speaker = introduced
                found = Attribution("colon-introduced-quote", "direct", q.content, None, speaker,
                                    "mention", intro_sent.span, (qi,))
                added.append(found)
                # the quotes that follow go on in the introduced speaker's voice
                by_position.insert(k, found)
                starts.insert(k, q.content.start)
                continue
            named = self._named_near_quote(q, si)
            if named is not None:
                rule_id, cue, speaker = named
                found = Attribution(rule_id, "direct", q.content, cue,
                                    speaker, "mention", sent.span, (qi,))
                added.append(found)
                # the quotes that follow go on in the named speaker's voice
                by_position.insert(k, found)
                starts.insert(k, q.content.start)
                continue
            if gap is not None and gap <= CONTINUATION_PARAGRAPHS:
                added.append(Attribution("continues-previous-quote", "direct", q.content, None,
                                         None, "previous", sent.span, (qi,),
                                         continues=prev.content))
                continue
            nxt = by_position[k] if k < len(by_position) else None
            if (nxt is not None and nxt.speaker_span is not None
                    and self._paragraph_gap(sent.span, nxt.evidence) <= 1):
                added.append(Attribution("speaker-named-after", "direct", q.content, None,
                                         None, "previous", sent.span, (qi,),
                                         continues=nxt.content))
        for a in added:
            self.quote_taken[a.quotes[0]] = True
        self.found.extend(added)

    def _introduced_by(self, q: QuoteSpan, si: int, prev: Optional[Attribution]
                       ) -> Optional[Tuple[Segment, Span]]:
        """``X issued the following statement:`` then, opening the next sentence or
        paragraph, the quote: (the introducing sentence, its subject), unless a
        claim already took that sentence's colon (its content, or its cue)."""
        before = self.text[:q.outer.start].rstrip()
        if si == 0 or not before.endswith(":"):
            return None
        colon = len(before) - 1
        ci = bisect.bisect_right(self.sentence_starts, colon) - 1
        if ci < 0 or ci == si and self.masked[self.sentences[si].span.start:q.outer.start].strip():
            return None
        intro = self.sentences[ci]
        if prev is not None and intro.span.contains(prev.content) and prev.content.end >= colon - 1:
            return None
        speaker = self.sentence_subject(intro, colon)
        return None if speaker is None else (intro, speaker)

    def _named_near_quote(self, q: QuoteSpan, si: int
                          ) -> Optional[Tuple[str, Optional[Span], Span]]:
        """(rule id, cue, speaker) for a quote opening sentence ``si`` that no rule
        took, when the words around it name its speaker (see the three below)."""
        sent = self.sentences[si]
        named = self._named_after_quote(q, sent)
        if named is not None:
            return ("quote-then-named-speaker",) + named
        signed = self._signed_below(q, si)
        if signed is not None:
            return "quote-signed-below", None, signed
        named = self._named_before_quote(q, si)
        if named is not None:
            return ("speaker-cue-then-quote",) + named
        return None

    def _signed_below(self, q: QuoteSpan, si: int) -> Optional[Span]:
        """A quote that ends its paragraph, signed in the next one by a dash and a
        speaker (``"Boeing ... pay zero taxes."`` then ``- Sanders.``, ``-President
        Obama, tweeting after the speech.``): a fact-check's or a digest's layout."""
        sent = self.sentences[si]
        if si + 1 >= len(self.sentences) or self.masked[q.outer.end:sent.span.end].strip(
                _EDGE + ".!?…" + _QUOTE_MARKS):
            return None
        below = self.sentences[si + 1]
        if below.paragraph != sent.paragraph + 1:
            return None
        found = self.signature.match(self.masked, below.span.start, below.span.end)
        if found is None:
            return None
        s, e = _strip(self.text, *found.span("speaker"))
        return Span(s, e) if e > s else None

    def _named_before_quote(self, q: QuoteSpan, si: int) -> Optional[Tuple[Span, Span]]:
        """(cue, speaker) of the sentence right before a quote, in its paragraph,
        that is only a speaker and a verb of saying no claim took, and a few words
        of manner or place: ``Jane Doe agreed. "..."``, ``Sam Lau, the party's
        spokesman said in a statement. "..."``."""
        if si == 0 or self.sentences[si - 1].paragraph != self.sentences[si].paragraph:
            return None
        base = self.sentences[si - 1].span.start
        chunk = self.masked[base:self.sentences[si - 1].span.end]
        subject = self.subject.match(chunk)
        if subject is None:
            return None
        which = "speaker" if subject.start("speaker") >= 0 else "prefixed"
        if "," in chunk[:subject.start(which)]:
            return None  # an introductory phrase: more than an attribution
        found = self.bare_attribution.match(chunk, subject.end(which))
        if found is None:
            return None
        cue = Span(base + found.start("cue"), base + found.end("cue"))
        if self.taken.overlaps(cue):
            return None
        s, e = _strip(self.text, base + subject.start(which), base + subject.end(which))
        return (cue, Span(s, e)) if e > s else None

    def _named_after_quote(self, q: QuoteSpan, sent: Segment) -> Optional[Tuple[Span, Span]]:
        """(cue, speaker) of a quote that opens its sentence and whose speaker the
        rules' grammar missed: ``"...," said undecided voter Jane Doe of Derry`` or
        ``"...," GOP speechwriter Jane Doe wrote``: a verb of saying (or a verb in
        -ed: "beamed") and, within a few words, a proper name; or, within a few
        words, any speaker phrase right before a verb of saying. A verb the rules
        already gave a claim in the next sentence reports that claim instead."""
        end = self._attribution_end(q, sent)
        found = self.after_quote.match(self.masked, q.outer.end, end)
        if found is None:
            return None
        which = next(k for k in ("", "2", "3", "4") if found.start("cue" + k) >= 0)
        cue = Span(*found.span("cue" + which))
        if end > sent.span.end and self.taken.overlaps(cue):
            return None  # "..." Reid said both men are ...: a sentence of its own, reporting
        s, e = _strip(self.text, *found.span("speaker" + which))
        return (cue, Span(s, e)) if e > s else None

    def _attribution_end(self, q: QuoteSpan, sent: Segment) -> int:
        """Where the words that may name a quote's speaker end: its sentence's
        end, or, when the quote ends its sentence (a split after ``."``, ``!"``
        or a capitalised name: ``"..." Murphy Tweeted on Friday.``), the end
        of the next sentence of the same paragraph."""
        if self.masked[q.outer.end:sent.span.end].strip(_EDGE + ".!?…" + _QUOTE_MARKS):
            return sent.span.end
        si = bisect.bisect_right(self.sentence_starts, sent.span.start)
        if si < len(self.sentences) and self.sentences[si].paragraph == sent.paragraph:
            return self.sentences[si].span.end
        return sent.span.end

    def _splits(self, prev: Attribution, q: QuoteSpan, sent: Segment) -> bool:
        """``"A," he said, "B."``: the quote resumes right after the attribution of A."""
        if prev.kind != "direct" or prev.cue is None or not sent.span.contains(prev.cue):
            return False
        between = self.masked[prev.cue.end:q.outer.start]
        return (prev.cue.end <= q.outer.start and len(between) <= SPLIT_REACH
                and QUOTE_FILL not in between and bool(_SPLIT_TAIL.search(between)))

    def _paragraph_gap(self, first: Span, second) -> int:
        second_span = second.span if isinstance(second, Segment) else second
        a = self._paragraph_of(first.start)
        b = self._paragraph_of(second_span.start)
        return abs(b - a)

    def _paragraph_of(self, offset: int) -> int:
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        return self.sentences[max(i, 0)].paragraph if self.sentences else 0


# "Peter Thiel, who backed Ron Paul's bid in 2008, is a Trump delegate": after a
# relative pronoun the claim ends where the main clause's verb resumes after a comma
_RELATIVE_SPEAKER = re.compile(r"(?:who|which|that|whom)", re.IGNORECASE)
_MATRIX_VERB = re.compile(
    r",\s+(?:[a-z]+ly\s+)?(?:is|was|are|were|has|have|had|will|would|can|could|may|might"
    r"|must|should|remains|remained)\b")


def _end_of_relative_clause(speaker: str, text: str, start: int, end: int) -> int:
    if not _RELATIVE_SPEAKER.fullmatch(speaker.strip()):
        return end
    resumed = _MATRIX_VERB.search(text, start, end)
    return resumed.start() if resumed else end


def _continued(by_position: List[Attribution], k: int) -> Optional[Attribution]:
    """The attribution a quote after ``by_position[:k]`` may continue: the last
    one, unless that is a reported aside in the sentence of a quotation
    ("...," said X, who has accused Y of Z. "..."), where the quote goes on."""
    if k == 0:
        return None
    last = by_position[k - 1]
    if last.kind == "indirect":
        for earlier in reversed(by_position[:k - 1]):
            if earlier.evidence != last.evidence:
                break
            if earlier.kind != "indirect":
                return earlier
    return last


def _gate_index(rules) -> Tuple[WordIndex, dict]:
    """One scan for the first words of every gate that has them, and each
    gate's (by id) slot in it."""
    words: dict = {}
    for rule in rules.attribution_rules:
        pattern = rule.pattern
        if pattern.gate is not None and pattern.gate_words is not None:
            words.setdefault(id(pattern.gate), pattern.gate_words)
    gates = list(words)
    return WordIndex([words[g] for g in gates]), {g: k for k, g in enumerate(gates)}


def _subject_regex(rules) -> re.Pattern:
    # the subject opens the sentence (after up to three introductory phrases:
    # "At a rally in Ames, Iowa, on Sunday, Mrs. Clinton ...") and a lower-case
    # word that can be its verb follows it ("Late last month" is no subject)
    going_on = rules.lexicons.get("subject_continuation")
    not_a_verb = (phrase_regex([e.phrase for e in going_on.entries], going_on.patterns,
                               going_on.case_sensitive)
                  if going_on is not None else r"(?!)")
    verb = rules.lexicons.get("clause_verb")
    verb = (phrase_regex([e.phrase for e in verb.entries], verb.patterns, verb.case_sensitive)
            if verb is not None else r"(?!)")
    # or capitalised words the grammar has no place for precede it ("Ohio Gov. John
    # Kasich", "U.S. District Judge ...", "Then he"), and then a word that is surely a
    # verb follows (lexicon clause_verb, or a word in -ed or -s): "In May, a judge"
    # does not make "May" a subject
    # an appositive noun phrase, age or party label may part the subject from its
    # verb ("Gov. Chris Christie (R), a staunch Trump ally, effectively
    # acknowledged", "Mitch McConnell, R-Ky., delivered"), but no clause ("Trump,
    # Clinton said, is ...")
    appositive = (rf"(?:,{WS}(?:(?:a|an|the|his|her|their|its){WS}[^,{QUOTE_FILL}]{{1,80}}"
                  rf"|[A-Z]{{1,3}}-[A-Z][\w.]{{1,12}}|\d{{1,3}}),)?")
    # a count or an age may open the subject: "about 200 protesters congregated",
    # "17-year-old Jared Potts echoed"
    count = (rf"(?:(?:(?:about|around|some|nearly|almost|roughly|more{WS}than|over|at{WS}least)"
             rf"{WS})?\d[\d,]*(?:-[a-z]+)*{WS})?")
    return rules.grammar.compile(
        rf"^(?:[^,{QUOTE_FILL}]{{1,80}},{OPT_WS}){{0,3}}?"
        rf"(?:(?P<speaker>{count}{rules.grammar.core}){appositive}"
        rf"(?=,?{WS}(?!{not_a_verb})[a-z])"
        rf"|(?:[A-Z][\w.’'\-]*{WS}){{1,3}}?(?P<prefixed>{rules.grammar.core})"
        rf"{appositive}(?={WS}(?:[a-z]+ly{WS})?(?!{not_a_verb})"
        rf"(?:{verb}|[a-z]+(?:ed|[^\Ws]s))\b))")


def _clause_subject_regex(rules) -> re.Pattern:
    """A clause opener after the sentence's first words (", and", "when", ";")
    followed by a subject and a lower-case word that can be its verb."""
    def lexicon(name: str) -> str:
        lex = rules.lexicons.get(name)
        if lex is None:
            return r"(?!)"
        return phrase_regex([e.phrase for e in lex.entries], lex.patterns, lex.case_sensitive)

    not_a_verb, verb, openers = (lexicon("subject_continuation"), lexicon("clause_verb"),
                                 lexicon("clause_opener"))
    # the subject meets its verb with no comma between: ", FIFA, who" and ", the
    # presumptive nominee, has" are appositives, not clauses; a quote may end right
    # before the opener ('are "non-entities," but he gave')
    return rules.grammar.compile(
        rf"(?:(?<=[^\W\d_]|[\"”’]){WS}(?:{openers})|[,;][\"”’]?)(?:{WS}(?:{openers}))?{WS}"
        rf"(?P<speaker>{rules.grammar.core})"
        rf"(?={WS}(?!{not_a_verb})(?:{verb}|[a-z]+(?:ed|[^\Ws]s))\b)")


def _after_quote_regex(rules) -> re.Pattern:
    """Right after a quote: a verb of saying and up to five words ending in a
    name, or up to five words ending in a name (and its appositive) and the verb."""
    lex = rules.lexicons.get("speech_verb")
    if rules.grammar is None or lex is None:
        return re.compile(r"(?!)")
    verb = phrase_regex([e.phrase for e in lex.entries], lex.patterns, lex.case_sensitive)
    cue = rf"(?:{verb}|[a-z]{{3,}}ed)"
    # greedy: "said undecided Republican voter Jane Doe" names Jane Doe, not Republican
    words = rf"(?!(?:which|who|that|what){WS})(?:[\w’'.\-]+{WS}){{0,5}}"
    name = rules.grammar.name
    adverb = _lexicon_regex(rules, "speech_adverb")
    # or, a few words on, any speaker phrase the rules' grammar knows right before
    # the verb: "the Florida senator and Republican presidential candidate said",
    # "they conclude", "Texas delegate Jane Doe, wearing "Cruz" pins, said"
    # (its appositive may run into the verb: "Nate Silver, the polling guru who
    # founded fivethirtyeight.com tweeted"), or a verb of saying and a described
    # speaker, to the clause's end: "says a source involved in the talks"
    core = rules.grammar.core
    # a verb in -ed may be capitalised after a name: "Murphy, the head of X, Tweeted"
    after_name = rf"(?:{cue}|[A-Z][a-z]{{3,}}ed)"
    # (the words before it may hold an abbreviation: "California Rep. Duncan
    # Hunter's chief of staff, Joe Kasper, told")
    later = (rf"(?:(?:[^{QUOTE_FILL}.!?;:\n]|\.(?={WS}[A-Z])){{0,80}}?{WS})??"
             rf"(?P<speaker3>{core}(?:,[^,;\n]{{1,140}}?,?)?),?{WS}(?:{adverb}{WS}){{0,2}}"
             rf"(?P<cue3>{after_name})\b"
             rf"|(?P<cue4>{verb}){WS}(?P<speaker4>(?:the|a|an|one|another){WS}"
             rf"[^,;:.!?{QUOTE_FILL}\n]{{1,100}}?)(?=[,.;]|$)")
    return rules.grammar.compile(
        rf",?{OPT_WS}(?:(?P<cue>{cue}){WS}(?P<speaker>{words}{name})"
        rf"(?=[,.;]|{WS}[a-z(]|$)"
        rf"|(?P<speaker2>{words}{name}(?:,[^,{QUOTE_FILL}]{{1,80}},)?){WS}"
        rf"(?P<cue2>{after_name})\b|{later})")


def _lexicon_regex(rules, name: str) -> str:
    lex = rules.lexicons.get(name)
    if lex is None:
        return r"(?!)"
    return phrase_regex([e.phrase for e in lex.entries], lex.patterns, lex.case_sensitive)


def _outer_verb_regex(rules) -> re.Pattern:
    """A verb of saying (and "that") ending right where a speaker phrase starts;
    not an infinitive ("trying to explain her plan": no one reports the plan)."""
    verbs = "|".join(_lexicon_regex(rules, name) for name in ("speech_verb", "report_verb"))
    return re.compile(rf"(?<![\w'’\-])(?<!\bto )(?P<verb>{verbs})(?:,?{WS}that)?{WS}$")


def _subject_before_regex(rules) -> re.Pattern:
    """A speaker phrase (with its appositive) and adverbs ending where a verb starts."""
    if rules.grammar is None:
        return re.compile(r"(?!)")
    adverb = _lexicon_regex(rules, "speech_adverb")
    return rules.grammar.compile(
        rf"(?P<speaker>{rules.grammar.speaker}),?{WS}(?:{adverb},?{WS}){{0,3}}$")


def _signature_regex(rules) -> re.Pattern:
    """A paragraph that signs the quote above it: a dash and up to five
    capitalised words ("- Sanders.", "-President Obama, tweeting after ..."),
    then nothing, or a comma and what they were doing."""
    word = r"[A-Z](?:[\w’'\-]|\.(?=[\w ]))*"  # "Sen." and "J." but not the stop of "Sanders."
    return re.compile(rf"[-–—]{{1,2}}{OPT_WS}(?P<speaker>{word}(?:{WS}{word}){{0,4}})"
                      rf"{OPT_WS}(?:[.,]|$)")


def _bare_attribution_regex(rules) -> re.Pattern:
    """What follows a sentence's subject (``_subject_regex``) in a sentence that
    is only a speaker (an appositive may run into the verb), a verb of saying
    and at most a few words more: "Jane Doe agreed.", "Sam Lau, the party's
    spokesman said in a statement."."""
    verb, adverb = _lexicon_regex(rules, "speech_verb"), _lexicon_regex(rules, "speech_adverb")
    return re.compile(rf"(?:,[^,;{QUOTE_FILL}]{{1,140}}?,?)?"
                      rf"{WS}(?:{adverb}{WS}){{0,2}}(?P<cue>{verb})"
                      rf"(?:{WS}[^,;:.!?{QUOTE_FILL}]{{1,40}})?[.!]?{OPT_WS}$")


# what makes the phrase after it the object of an introductory phrase, no subject
_INTRO_OBJECT = re.compile(r"(?:\b(?:[Oo]f|to|[Aa]t|[Ii]n|[Ff]rom|[Ww]ith|[Ff]or|[Oo]n|[Bb]y|"
                           r"[Aa]bout|[Ii]nto)|\b[A-Z][a-z]+ing)[ \t\u00a0]$")


_PROPER_NAME = re.compile(r"\b[A-Z][a-z]")
# what may stand before a participle's adjacent subject: nothing, introductory
# phrases ("Outside the arena, "), or the "with" of an absolute construction
_ADJACENT_SUBJECT = re.compile(r"^(?:(?:[^,\ue000]{1,80},[ ])*|.*\bwith[ ])$")
# a quotation that ends with its comma inside the mark, then a subordinate clause
# or a time phrase of the reporter's, not more of what was said
# (or a participle or verb of the reporter's: 'chanting "Bernie or Jill, No Hill," raising
# fresh questions about ...', 'supports "appropriate pay raises," opposes ...', 'a clip the
# judge called "distasteful," Santilli expressed ...')
_QUOTE_THEN_CLAUSE = re.compile(r",[\"”’']{1,2}[ ]+(?:before|after|while|when|until|then|even as|just as"
                                r"|[a-z]{2,}ing|[a-z]{2,}(?:s|ed)|[A-Z][\w’'-]+[ ]+[a-z]{2,}(?:s|ed))\b")

# quantifiers that float after the subject they count: "X and Y both said"
_FLOATING_QUANTIFIERS = {"both", "all", "each"}


# a few words of place or manner after a time: "at an event in Wyoming", "with a
# smile", "to Louis B. Mayer" (never "to" + a verb: "said Sunday to end the tax")
_PLACE = (rf"(?:in|at|on|with|from|during|via|to(?={WS}(?:[A-Z]|(?:the|a|an|his|her|their)\b)))"
          rf"(?:{WS}[^\s,;:]+){{1,4}}")


def _around_title_regexes(rules) -> Tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """A determiner right before a quote, and a lower-case word right after it
    that is no pronoun or verb of saying ("the "Avatar" star" but not ""No" he said");
    words before a quote that make it a programme's name (told "Fox and Friends"), and
    after it its maker (by T.R. Fehrenbach)."""
    def lexicon(name: str) -> str:
        lex = rules.lexicons.get(name)
        if lex is None:
            return r"(?!)"
        return phrase_regex([e.phrase for e in lex.entries], lex.patterns, lex.case_sensitive)

    before = re.compile(rf"{lexicon('determiner')}{OPT_WS}$")
    after = re.compile(rf"{WS}(?!{lexicon('pronoun')}|{lexicon('speech_verb')})[a-z]")
    work_before = re.compile(rf"(?<![\w-]){lexicon('work_title_before')},?{OPT_WS}$")
    work_after = re.compile(rf"[,.]?{WS}{lexicon('work_title_after')}{WS}(?:[A-Z]|the\b)")
    return before, after, work_before, work_after


def _adverbial_regex(rules) -> re.Pattern:
    """Content that only tells when, where or how something was said: a time or
    manner (speech_adverb, not_said), more of them, and at most three short
    phrases of place ("this week at an event in Wyoming")."""
    parts = [phrase_regex([e.phrase for e in lex.entries], lex.patterns, lex.case_sensitive)
             for lex in (rules.lexicons.get(name) for name in ("speech_adverb", "not_said"))
             if lex is not None]
    if not parts:
        return re.compile(r"(?!)")
    one = "(?:%s)" % "|".join(parts)
    return re.compile(rf"{one}(?:,?{WS}{one})*(?:,?{WS}{_PLACE}){{0,3}}[.!?]?")


def _other_sense_regex(rules) -> re.Pattern:
    """A cue verb and an object that make it mean something other than saying or
    holding a view ("claimed the prize", "denied bail"): the lexicon other_sense."""
    return re.compile(_lexicon_regex(rules, "other_sense"))


def match_attributions(text: str, masked: str, sentences: Sequence[Segment],
                       quotes: Sequence[QuoteSpan], rules) -> List[Attribution]:
    """All attributions in ``text`` in order of their content."""
    return _Matcher(text, masked, sentences, quotes, rules).run()
