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

After the rules, the quotations no rule took are attached by news
convention (``unclaimed.attach_unclaimed_quotes``).
"""
from __future__ import annotations

import bisect
import re
from typing import List, Optional, Sequence, Tuple

from .patterns import OPT_WS, QUOTE_FILL, WS
from .prefilter import WordIndex, lowered
from .records import Attribution, QuoteSpan, Segment, Span
from .quotes import EDGE, QUOTE_MARKS, quote_at, strip_edges
from .spanindex import SpanIndex
from .unclaimed import attach_unclaimed_quotes

# the comma that ends such a clause: not one before a participle or a name in
# apposition ("for its governor, John Kasich, a chorus ...")
_MAIN_CLAUSE_COMMA = re.compile(r", (?![a-z]+ing\b)(?![A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)*,)")


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
        self.held: dict = {}  # required words (a regex's text) -> the sentences holding them
        self.quote_starts = [q.outer.start for q in quotes]
        self.gate_index, self.gate_slots = rules.memo("gate_index", lambda: _gate_index(rules))
        self._gate_words: Optional[dict] = None  # see gate_words
        self.subject = rules.memo("subject", lambda: _subject_regex(rules))
        self.clause_subject = rules.memo("clause_subject", lambda: _clause_subject_regex(rules))
        self.joined_participle = rules.memo("joined_participle",
                                            lambda: _joined_participle_regex(rules))
        self.outer_verb = rules.memo("outer_verb", lambda: _outer_verb_regex(rules))
        self.subject_before = rules.memo("subject_before", lambda: _subject_before_regex(rules))
        self.adverbial = rules.memo("adverbial", lambda: _adverbial_regex(rules))
        self.intro_phrase = rules.memo("intro_phrase", lambda: _intro_phrase_regex(rules))
        self.other_sense = rules.memo("other_sense", lambda: _other_sense_regex(rules))
        self.works = rules.memo("works", lambda: rules.words("programme") | rules.words("outlet"))
        self.around_title = rules.memo("around_title", lambda: _around_title_regexes(rules))
        self.that_determiner = rules.memo("that_determiner",
                                          lambda: _that_determiner_regex(rules))
        self.quote_then_clause = rules.memo("quote_then_clause",
                                            lambda: _quote_then_clause_regex(rules))
        self.fronted_clause = rules.memo("fronted_clause", lambda: _fronted_clause_regex(rules))
        self.relative_clause = rules.memo("relative_clause",
                                          lambda: _relative_clause_regexes(rules))
        self.intro_object = rules.memo("intro_object", lambda: _intro_object_regex(rules))
        self.clause_break = rules.memo("clause_break", lambda: _clause_break_regex(rules))
        self.floating_quantifiers = rules.words("floating_quantifier")
        self.pronouns = rules.words("pronoun")
        # nouns that head a speaker phrase with no name ("a federal judge", "officials")
        self.head_nouns = rules.memo("head_nouns", lambda: rules.words("role")
                                     | rules.words("group_noun"))
        self.determiners = rules.words("determiner")
        self.noun_phrase_openers = rules.memo("noun_phrase_openers", lambda: frozenset(
            w for name in ("determiner", "quantifier", "modifier", "role", "group_noun",
                           "organization_noun", "document_noun", "approximator", "pronoun",
                           "relative_pronoun")
            for w in rules.words(name)))
        # (an adverb may stand between: "has carefully avoided alienating supporters")
        self.verb_phrase_lead = rules.memo("verb_phrase_lead", lambda: re.compile(
            rf"(?<![\w'’-]){rules.phrases('verb_phrase_lead')}[ \t\u00a0]+"
            r"(?:[a-z]+ly[ \t\u00a0]+)?$"))
        self.object_of_preposition = rules.memo("object_of_preposition", lambda: re.compile(
            rf"(?<![\w'’-]){rules.phrases('not_person_preposition')}[ \t\u00a0]+$"))

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
        start, end = strip_edges(self.text, start, end)
        if self.text[start:end] in ("that", "the following") and self.text.startswith(":", end):
            # 'The poll also found that:' and a list, 'tweeting the following:' and the
            # tweet: what follows the colon is said, not these words
            return None
        if (self.text.startswith(("that ", "That "), start)
                and not self.that_determiner.match(self.text, start, end)):
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
            if len(inside) == 1 and not rest.strip(EDGE + ".!?…" + QUOTE_MARKS):
                return "direct", only.content, tuple(inside)
            if start == only.outer.start and self.quote_then_clause.match(
                    self.text, only.content.end - 1, end):
                # 'Kasich cautioned "let's not get ahead of ourselves," before predicting
                # ...': a quote ended by its comma, then a clause of the reporter's
                return "direct", only.content, (inside[0],)
            start, end = strip_edges(self.text, start, end, EDGE + QUOTE_MARKS)
            return "mixed", Span(start, end), tuple(inside)
        if not any(ch.isalnum() for ch in self.text[start:end]):
            return None
        if self.adverbial.fullmatch(self.text, start, end):
            return None  # '"...?" Trump said Friday': a time, not what was said
        if self.intro_phrase.fullmatch(self.text, start, end):
            return None  # 'On his campaign website, Bush promises to ...': no clause
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
        breaks = list(self.clause_break.finditer(self.text, start, hits[0].start))
        if not breaks or len(self.text[start:breaks[-1].start()].split()) < 3:
            return end
        return breaks[-1].start()

    def cut_at_main_clause(self, sent: Segment, match_start: int, start: int, end: int) -> int:
        """Where reported content inside a fronted subordinate clause ends: at the
        comma that closes the clause. "While only 7 percent said they are undecided,
        27 percent of those ... said ...": the main clause is not what was said."""
        if not self.fronted_clause.match(self.masked, sent.span.start, match_start):
            return end
        found = _MAIN_CLAUSE_COMMA.search(self.masked, start, end)
        if found is None or len(self.text[start:found.start()].split()) < 2:
            return end
        return found.start()

    def is_name_of_work(self, q: int) -> bool:
        """A quoted programme or outlet name (on "Morning Joe,") is not a claim."""
        words = self.text[self.quotes[q].content.start:self.quotes[q].content.end]
        key = " ".join(words.strip(EDGE + ".!?…" + QUOTE_MARKS).split()).casefold()
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
        words = self.text[quote.content.start:quote.content.end].strip().strip(QUOTE_MARKS)
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
        if work_before.search(before) and self.looks_like_title(q, period=True):
            return True
        if work_after.match(self.text, quote.outer.end):
            # a headline in sentence case may be credited too, when it opens its
            # paragraph and a comma sets the credit off: '"Met accused of whitewashing
            # baby Jesus," by Post's ...' (not '"If there had not been that
            # intervention" by the United States, Clinton said')
            words = self.text[quote.content.start:quote.content.end].rstrip()
            return self.looks_like_title(q) or (words.endswith(",") and self.opens_paragraph(q))
        # a slogan or title dated in brackets: '"No to Schengen" (2005)'
        return self.opens_paragraph(q) and bool(_DATED.match(self.text, quote.outer.end))

    def opens_paragraph(self, q: int) -> bool:
        """Nothing but a dash between the paragraph's start and the quote."""
        start = self.quotes[q].outer.start
        line = self.text[self.text.rfind("\n", 0, start) + 1:start]
        return not line.strip(" \t\u00a0—–-")

    # ------------------------------------------------------------------ matching
    def run(self) -> List[Attribution]:
        chunks = [self.masked[s.span.start:s.span.end] for s in self.sentences]
        quoted = [QUOTE_FILL in chunk for chunk in chunks]
        everywhere = [(i, None) for i in range(len(chunks))]
        lows: list = [False] * len(chunks)  # each sentence's prefilter.lowered, when asked
        low_text = lowered(self.masked)
        for rule in self.rules.attribution_rules:
            pattern = rule.pattern
            needs_quote = pattern.quote_required
            gate = pattern.gate
            # a gated rule visits only the sentences its cue lexicon occurs in,
            # an ungated one those that hold its required words
            check_words = pattern.prefilter is not None
            if gate is not None:
                visits = self.cued(pattern, chunks)
            elif (check_words and not needs_quote and low_text is not None
                  and pattern.prefilter_lowered is not None):
                # (a rule that needs a quotation searches the few sentences with one)
                visits, check_words = self.holding(pattern.prefilter_lowered, low_text), False
            else:
                visits = everywhere
            for si, bound in visits:
                if needs_quote and not quoted[si]:
                    continue
                chunk = chunks[si]
                if check_words:
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
        for leftover in attach_unclaimed_quotes(self):
            self.quote_taken[leftover.quotes[0]] = True
            self.found.append(leftover)
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

    def holding(self, words: re.Pattern, low_text: str) -> List[Tuple[int, None]]:
        """(sentence index, None) for the sentences that hold one of a rule's
        required words (``words``, a plain search of the lower case, see
        prefilter.lowered_literals_regex), from searches of the whole text's
        lower case ``low_text``: one per sentence that holds them, where a
        search of each sentence cost a call for every sentence and rule. A
        sentence's lower case is its part of the text's (``lowered`` refuses
        the one letter whose lower case is longer), so a sentence holding a
        word is found; one found may hold only the start of a word that runs
        on past its end, which the rule itself then does not match."""
        found = self.held.get(words.pattern)  # rules needing the same words share them
        if found is not None:
            return found
        found = self.held[words.pattern] = []
        starts, sentences, search = self.sentence_starts, self.sentences, words.search
        si = 0
        while si < len(sentences):
            m = search(low_text, sentences[si].span.start)
            if m is None:
                break
            si = bisect.bisect_right(starts, m.start()) - 1
            if si >= 0 and m.start() < sentences[si].span.end:
                found.append((si, None))
            si = max(si + 1, 0)
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
                    # the words from the speaker to the cue: "who" itself, or
                    # "reports, which say": the claim sits in a relative clause
                    cue_at = m.start("cue") if "cue" in groups and m.start("cue") >= 0 else -1
                    between = m.string[m.end("speaker"):cue_at] if cue_at >= 0 else ""
                    end = _end_of_relative_clause(m.group("speaker"), between, self.text,
                                                  start, end, self.relative_clause)
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
                s, e = strip_edges(self.text, base + m.start(slot), base + m.end(slot))
                speaker = Span(s, e) if e > s else None
        speaker_from = rule.speaker_from
        verb_phrase = speaker_from == "mention" and speaker is not None and self.is_verb_phrase(
            speaker)
        if verb_phrase:
            # "Clinton is hoping voters see ...": the phrase taken is the verb's object
            speaker = self.sentence_subject(sent, speaker.start)
            speaker_from = "subject" if speaker else "previous"
        if (speaker_from == "mention" and speaker is not None and cue is not None
                and cue.start >= speaker.end):
            speaker = self.subject_after_intro(speaker, cue) or speaker
            speaker = self.subject_of_coordinated_verb(sent, speaker, cue) or speaker
            if self.text[speaker.start:speaker.end].casefold() in self.floating_quantifiers:
                # "Trump and Sanders have both argued": "both" stands for the subject
                subject = self.sentence_subject(sent, speaker.start)
                if subject is not None:
                    speaker, speaker_from = subject, "subject"
        if speaker_from == "subject" and not verb_phrase:
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
        found = Attribution(rule.id, kind, content, cue, speaker, speaker_from, sent.span, inside,
                            holder=self.holder(m, base, speaker, speaker_from))
        self.found.append(found)
        self.in_sentence.setdefault(sent.span.start, []).append(found)

    def is_verb_phrase(self, speaker: Span) -> bool:
        """Whether the phrase a rule took for a speaker is a verb phrase: it opens with a
        lower-case word that is no determiner, modifier or head noun, right after an
        auxiliary, "not" or a subject pronoun (lexicon verb_phrase_lead; an adverb may come
        between): "is hoping voters", "would bar Muslims", "he criticized President Bush"."""
        first = self.text[speaker.start:speaker.end].split(None, 1)[0]
        if not first[:1].islower() or first.casefold() in self.noun_phrase_openers:
            return False
        return bool(self.verb_phrase_lead.search(self.text, max(0, speaker.start - 40),
                                                 speaker.start))

    def subject_of_coordinated_verb(self, sent: Segment, speaker: Span,
                                    cue: Span) -> Optional[Span]:
        """The subject of a second verb when the phrase taken for it is a preposition's
        object: "Ginsburg said in an interview with The Associated Press ... and predicted",
        "She urged the allies to oust Qaddafi in Libya, proposed that ...": the verb after
        "and", "but" or a comma shares the subject of the clause the object sits in
        (lexicon ``not_person_preposition``), found as for a participle. So does a verb
        after an appositive that ends in such an object ("James Lewis, a former expert who
        now studies hacking at the Center for Strategic Studies, said")."""
        last_word = self.text[speaker.start:speaker.end].split()[-1].casefold()
        if last_word in self.pronouns:
            return None  # "at the mention of email she laughed and admitted": she is there
        if not (_COORDINATOR.search(self.text, speaker.end, cue.start)
                or _LIST_COMMA.fullmatch(self.text, speaker.end, cue.start)) or not (
                self.object_of_preposition.search(self.text, max(sent.span.start,
                                                                  speaker.start - 12),
                                                  speaker.start)):
            return None
        subject = self.sentence_subject(sent, speaker.start)
        if subject is None or subject.end > speaker.start or (
                self.taken.overlaps(subject) and subject not in self.speakers_taken):
            return None  # a subject another claim took in part is no mention to share
        return subject

    def holder(self, m: re.Match, base: int, speaker: Optional[Span],
               speaker_from: str) -> Optional[Span]:
        """The possessive a rule names ``holder`` ("Sanders has consistently pushed his
        promise of free college"), when the speaker it stands for is a proper name
        (capitalised words, no determiner or pronoun): news annotation often marks the
        possessive, and the name still gives the speaker."""
        if (speaker is None or speaker_from != "mention" or "holder" not in m.re.groupindex
                or m.start("holder") < 0):
            return None
        words = self.text[speaker.start:speaker.end].split()
        if (not all(w[0].isupper() for w in words)
                or words[0].casefold() in self.determiners | self.pronouns):
            return None
        return Span(base + m.start("holder"), base + m.end("holder"))

    def subject_after_opening(self, sent: Segment, cue: Span) -> Optional[Span]:
        """The subject of the main clause after a participle that opens the
        sentence ("After talking about security, Mr. Netanyahu suggested ...",
        "Speaking to reporters, she said ..."): the sentence's subject, found
        past its introductory phrases."""
        found = self.subject.match(self.masked[sent.span.start:sent.span.end])
        if found is None:
            return None
        which = "speaker" if found.start("speaker") >= 0 else "prefixed"
        s, e = strip_edges(self.text, sent.span.start + found.start(which),
                           sent.span.start + found.end(which))
        return Span(s, e) if e > s and s >= cue.end else None

    def subject_after_intro(self, speaker: Span, cue: Span) -> Optional[Span]:
        """The verb's subject inside a speaker phrase that began in an introductory
        phrase, after a preposition or a participle ("In a statement to the
        Observer, her adviser, Jake Sullivan, said", "Of Carson, Levine, who ...,
        said", "Recalling that moment, David Axelrod, ..., said"): the first part
        after one of its commas that opens a speaker phrase reaching the verb and
        whose head holds a proper name ("In Berea, OH, after ..., Gov. John Kasich
        said") or ends in a role or group noun ("In May, a federal judge, ...,
        ordered")."""
        if "," not in self.text[speaker.start:speaker.end] or not self.intro_object.search(
                self.text, max(0, speaker.start - 20), speaker.start):
            return None
        commas = [i for i in range(speaker.start, speaker.end) if self.text[i] == ","]
        for comma in commas:
            start = comma + 1
            while start < speaker.end and self.text[start].isspace():
                start += 1
            found = self.subject_before.match(self.masked, start, cue.start)
            head = found.group("speaker").split(",")[0] if found is not None else ""
            if found is not None and (_PROPER_NAME.search(head) or (
                    head.split()[-1].casefold() in self.head_nouns)):
                s, e = strip_edges(self.text, *found.span("speaker"))
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
        reach = max(sent.span.start, verb.start - CLAUSE_SUBJECT_REACH)
        own = self.subject_before.search(self.masked, reach, verb.start)
        if own is not None:
            subject = Span(*strip_edges(self.text, *own.span("speaker")))
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
        # clause subjects are looked for only in the last CLAUSE_SUBJECT_REACH
        # characters: every claim of a sentence scans back from its cue, and a long
        # sentence dense with claims made that quadratic
        reach = max(0, len(chunk) - CLAUSE_SUBJECT_REACH)
        # a participle joined by "and" to one with its own subject shares it: "with
        # Donald Trump tweeting that ... and asking", "featuring Hispanics telling
        # their stories and criticizing"
        joined = self.joined_participle.search(chunk, reach) if chunk.endswith(" and ") else None
        if joined is not None:
            s, e = strip_edges(self.text, sent.span.start + joined.start("speaker"),
                               sent.span.start + joined.end("speaker"))
            if e > s:
                return Span(s, e)
        found = []
        m = self.subject.search(chunk)
        if m:
            found.append(m.span("speaker" if m.start("speaker") >= 0 else "prefixed"))
        # the participle belongs to the nearest clause: "Protest groups say X, and the
        # ACLU has sued the city, saying ..." (the ACLU says it), "Trump tweaked his
        # promise when he announced his running mate, calling ..." (he)
        found.extend((c.start("speaker"), c.end("speaker"))
                     for c in self.clause_subject.finditer(chunk, reach))
        # or the phrase right before it: the subject it follows ("Mr. Biden,
        # recalling ...") or the one of an absolute "with" ("with Trump tweeting")
        adjacent = self.subject_before.search(chunk, reach)
        if adjacent is not None and _ADJACENT_SUBJECT.search(chunk, 0, adjacent.start()) and (
                "," not in chunk[adjacent.end("speaker"):]
                or not chunk[:adjacent.start()].endswith("with ")):
            found.append(adjacent.span("speaker"))
        spans = [Span(s, e) for s, e in (strip_edges(self.text, sent.span.start + s,
                                                     sent.span.start + e) for s, e in found)
                 if e > s]
        spans.extend(earlier)
        if not spans:
            return None
        return max(spans, key=lambda span: span.start)

def _end_of_relative_clause(speaker: str, before_cue: str, text: str, start: int, end: int,
                            relative_clause: Tuple[re.Pattern, re.Pattern, re.Pattern]) -> int:
    """"Peter Thiel, who backed Ron Paul's bid in 2008, is a Trump delegate": after a
    relative pronoun (the speaker, or the word after the speaker's comma: "Peter Thiel,
    who said ...") the claim ends where the main clause's verb resumes after a comma
    (see ``_relative_clause_regexes``)."""
    relative, opens_relative, matrix_verb = relative_clause
    if not (relative.fullmatch(speaker.strip()) or opens_relative.match(before_cue)):
        return end
    resumed = matrix_verb.search(text, start, end)
    return resumed.start() if resumed else end


def _clause_break_regex(rules) -> re.Pattern:
    """Where a reported clause may be cut short (``cut_before_taken``): a comma or colon, a
    dash, or a word of lexicon ``content_break_word`` ("and", or a subordinator that opens
    the reporter's clause: 'Trump said X has "kept us safe" on Twitter before claiming ...',
    '... said X because she sees him as a threat')."""
    return re.compile(rf"[,:]\s+|\s+{rules.phrases('content_break_word')}\s+|\s+[-–—]+\s+|—")


def _relative_clause_regexes(rules) -> Tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A speaker that is only a relative pronoun (lexicon ``relative_pronoun``), the
    words between a speaker and its cue that open a relative clause (", who"), and
    the main clause's verb after a comma (``matrix_verb``)."""
    relative = rules.phrases("relative_pronoun")
    return (re.compile(relative), re.compile(rf",\s+{relative}\s"),
            re.compile(rf",\s+(?:[a-z]+ly\s+)?{rules.phrases('matrix_verb')}"))


def _that_determiner_regex(rules) -> re.Pattern:
    """"that" before one noun and the end of the phrase points at a thing ("embrace
    that idea", "withdrew that bill."), it does not open a clause: it stays in the
    claim; before a subject (lexicon ``that_clause_subject``: "that he") it opens one."""
    return re.compile(rf"[Tt]hat\s+(?!{rules.phrases('that_clause_subject')})[a-z][\w’'-]*"
                      r"(?=\s*[,.;:!?]|\s*$|\s+(?:and|or)\b)")


def _fronted_clause_regex(rules) -> re.Pattern:
    """A sentence that opens with a subordinate clause (lexicon ``fronted_subordinator``),
    up to a claim's match with no comma between: the clause ends at its first comma, and
    the main clause follows."""
    return re.compile(rf"(?:(?:But|And|Yet|So),? )?{rules.phrases('fronted_subordinator')}"
                      r"[^,;:]*$")


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
    not_a_verb, verb = rules.phrases("subject_continuation"), rules.phrases("clause_verb")
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
    # a count (lexicon approximator) or an age may open the subject: "about 200
    # protesters congregated", "17-year-old Jared Potts echoed"
    count = (rf"(?:(?:{rules.phrases('approximator')}{WS})?\d[\d,]*(?:-[a-z]+)*{WS})?")
    # a day may stand before the subject with no comma ("On Thursday evening Hillary
    # Clinton delivered ...") or between it and its verb ("The court on Tuesday overturned")
    day = (rf"(?:{rules.phrases('weekday')}|(?:last|this){WS}(?:week|month|year))"
           rf"(?:{WS}(?:morning|afternoon|evening|night))?")
    return rules.grammar.compile(
        rf"^(?:[^,{QUOTE_FILL}]{{1,80}},{OPT_WS}){{0,3}}?(?:(?:On{WS})?{day}{WS})?"
        rf"(?:(?P<speaker>{count}{rules.grammar.core}){appositive}"
        rf"(?={_CONTRACTION}?,?(?:{WS}(?:on{WS})?{day})?{WS}(?!{not_a_verb})[a-z])"
        rf"|(?:[A-Z][\w.’'\-]*{WS}){{1,3}}?(?P<prefixed>{rules.grammar.core})"
        rf"{appositive}(?={WS}(?:[a-z]+ly{WS})?(?!{not_a_verb})"
        rf"(?:{verb}|[a-z]+(?:ed|[^\Ws]s))\b))")


def _clause_subject_regex(rules) -> re.Pattern:
    """A clause opener after the sentence's first words (", and", "when", ";")
    followed by a subject and a lower-case word that can be its verb."""
    not_a_verb, verb, openers = (rules.phrases("subject_continuation"),
                                 rules.phrases("clause_verb"), rules.phrases("clause_opener"))
    # the subject meets its verb with no comma between: ", FIFA, who" and ", the
    # presumptive nominee, has" are appositives, not clauses; a quote may end right
    # before the opener ('are "non-entities," but he gave')
    # a count may open that subject ("where about 50 protesters had gathered"); an age
    # after a name's comma is none ("Roxana Leon, 63, an independent voter")
    count = (rf"(?:(?:{rules.phrases('approximator')}{WS})?\d(?:[\d,]*\d)?(?:-[a-z]+)*{WS})?")
    return rules.grammar.compile(
        rf"(?:(?<=[^\W\d_]|[\"”’—–]){WS}(?:{openers})|[,;][\"”’]?)(?:{WS}(?:{openers}))?{WS}"
        rf"(?P<speaker>{count}{rules.grammar.core})"
        rf"(?={_CONTRACTION}{WS}[a-z]+ing\b"
        rf"|{_CONTRACTION}?{WS}(?:[a-z]+ly{WS})?(?!{not_a_verb})(?:{verb}|[a-z]+(?:ed|[^\Ws]s))\b)")


def _joined_participle_regex(rules) -> re.Pattern:
    """The subject of a participle right after it, in an absolute "with" or after another
    participle ("with top officials underlining ...", "featuring Hispanics telling
    ..."), when nothing but a phrase without a clause break and "and" follow to the end:
    a participle after that "and" is that subject's too."""
    not_participle = r"(?:during|morning|evening|nothing|something|anything|everything)\b"
    return rules.grammar.compile(
        rf"(?:\bwith|[a-z]ing){WS}(?P<speaker>{rules.grammar.core}){WS}(?!{not_participle})"
        rf"[a-z]{{2,}}ing\b[^,;:]*{WS}and{WS}$")


def _outer_verb_regex(rules) -> re.Pattern:
    """A verb of saying (and "that") ending right where a speaker phrase starts;
    not an infinitive ("trying to explain her plan": no one reports the plan). "Made
    (it) clear" reports too, and an adverb or a time may come between ("has said
    repeatedly they", "made clear Tuesday night that he")."""
    verbs = "|".join([rules.phrases(name) for name in ("speech_verb", "report_verb")]
                     + [r"(?:made|makes|make)(?: it)? clear"])
    between = rf"(?:{WS}(?:[a-z]+ly|{rules.phrases('speech_adverb')}))?"
    return re.compile(rf"(?<![\w'’\-])(?<!\bto )(?P<verb>{verbs}){between}(?:,?{WS}that)?{WS}$")


def _subject_before_regex(rules) -> re.Pattern:
    """A speaker phrase (with its appositive) and adverbs ending where a verb starts."""
    if rules.grammar is None:
        return re.compile(r"(?!)")
    adverb = rules.phrases("speech_adverb")
    return rules.grammar.compile(
        rf"(?P<speaker>{rules.grammar.speaker}),?{WS}(?:{adverb},?{WS}){{0,3}}$")


def _intro_object_regex(rules) -> re.Pattern:
    """What makes the phrase after it the object of an introductory phrase, no
    subject: a preposition (lexicon ``intro_preposition``) or a participle."""
    return re.compile(rf"(?:{rules.phrases('intro_preposition')}|\b[A-Z][a-z]+ing)"
                      r"[ \t\u00a0]$")


_PROPER_NAME = re.compile(r"\b[A-Z][a-z]")
# a personal pronoun's contracted auxiliary ("she's tacked", "they're saying", "he'd
# said"): the pronoun is still the subject; after a name "'s" is a possessive, and
# "it's" mostly opens the writer's own remark ("It's entirely possible that ...")
_CONTRACTION = (r"(?:(?:(?<=\b[Hh]e)|(?<=\b[Ss]he)|(?<=\b[Tt]hey)|(?<=\b[Ww]e)|(?<=\bI))"
                r"['’](?:s|re|ve|d|ll)\b)")

# how far before a participle cue its clause's subject is looked for: further than
# any clause of news prose, short enough that a sentence of thousands of characters
# (text with no full stops) stays linear
CLAUSE_SUBJECT_REACH = 1000
# "and"/"but", or a comma right before it, before a further verb of the same subject
# ("urged the allies to oust Qaddafi in Libya, proposed that ...")
_COORDINATOR = re.compile(r"\s(?:and|but)\s")
_LIST_COMMA = re.compile(r",[ \t\u00a0]+")
# what may stand before a participle's adjacent subject: nothing, introductory
# phrases ("Outside the arena, "), or the "with" of an absolute construction
_ADJACENT_SUBJECT = re.compile(r"^(?:(?:[^,\ue000]{1,80},[ ])*|.*\bwith[ ])$")


def _quote_then_clause_regex(rules) -> re.Pattern:
    """A quotation that ends with its comma inside the mark, then a subordinate clause
    or a time phrase of the reporter's (lexicon ``reporter_clause_opener``), not more
    of what was said; or a participle or verb of the reporter's: 'chanting "Bernie or
    Jill, No Hill," raising fresh questions about ...', 'supports "appropriate pay
    raises," opposes ...', 'a clip the judge called "distasteful," Santilli expressed
    ...'."""
    return re.compile(rf",[\"”’']{{1,2}}[ ]+(?:{rules.phrases('reporter_clause_opener')}"
                      r"|[a-z]{2,}ing|[a-z]{2,}(?:s|ed)|[A-Z][\w’'-]+[ ]+[a-z]{2,}(?:s|ed))\b")


def _place_regex(rules) -> str:
    """A few words of place or manner after a time: "at an event in Wyoming", "with
    a smile" (lexicon ``place_preposition``), "to Louis B. Mayer" (never "to" + a
    verb: "said Sunday to end the tax")."""
    return (rf"(?:{rules.phrases('place_preposition')}"
            rf"|to(?={WS}(?:[A-Z]|(?:the|a|an|his|her|their)\b)))(?:{WS}[^\s,;:]+){{1,4}}")


# a year in brackets right after a quote dates a work or slogan: "..." (2005)
_DATED = re.compile(r"[.,]?[ \u00a0]?\((?:1[89]|20)\d\d\)")


def _around_title_regexes(rules) -> Tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """A determiner right before a quote, and a lower-case word right after it
    that is no pronoun or verb of saying ("the "Avatar" star" but not ""No" he said");
    words before a quote that make it a programme's name (told "Fox and Friends"), and
    after it its maker (by T.R. Fehrenbach)."""
    lexicon = rules.phrases
    before = re.compile(rf"{lexicon('determiner')}{OPT_WS}$")
    after = re.compile(rf"{WS}(?!{lexicon('pronoun')}|{lexicon('speech_verb')})[a-z]")
    work_before = re.compile(rf"(?<![\w-]){lexicon('work_title_before')},?{OPT_WS}$")
    work_after = re.compile(rf"[,.]?{WS}{lexicon('work_title_after')}{WS}(?:[A-Z]|the\b)")
    return before, after, work_before, work_after


def _adverbial_regex(rules) -> re.Pattern:
    """Content that only tells when, where or how something was said: a time or
    manner (speech_adverb, not_said), more of them, and at most three short
    phrases of place ("this week at an event in Wyoming")."""
    one = "(?:%s|%s)" % (rules.phrases("speech_adverb"), rules.phrases("not_said"))
    return re.compile(rf"{one}(?:,?{WS}{one})*(?:,?{WS}{_place_regex(rules)}){{0,3}}[.!?]?")


def _intro_phrase_regex(rules) -> re.Pattern:
    """A short introductory phrase that opens a sentence, and nothing else: a
    capitalised preposition (lexicon intro_preposition) and at most five more words
    with no comma ("In a changing economy"), which a content-first rule may take for
    the claim before "..., millennials believe in the American dream"."""
    return re.compile(rf"(?=[A-Z]){rules.phrases('intro_preposition')}(?:{WS}[^\s,;:]+){{1,5}}")


def _other_sense_regex(rules) -> re.Pattern:
    """A cue verb and an object that make it mean something other than saying or
    holding a view ("claimed the prize", "denied bail"): the lexicon other_sense."""
    return re.compile(rules.phrases("other_sense"))


def match_attributions(text: str, masked: str, sentences: Sequence[Segment],
                       quotes: Sequence[QuoteSpan], rules) -> List[Attribution]:
    """All attributions in ``text`` in order of their content."""
    return _Matcher(text, masked, sentences, quotes, rules).run()
