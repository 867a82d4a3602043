"""Link each attribution to the channel it was made through.

The ``source_rules`` are searched in the sentence of the attribution (and
on the line of a speaker named outside it: a quote signed below, ``-President
Obama, tweeting after ...``), outside any claim's content, and within
``MAX_DISTANCE`` characters of the cue (or the speaker, or the quote when
there is no cue). The nearest match wins; a match that names no outlet
(``in a statement``) contributes only its mode and a named match nearby
fills in the name, and a written channel joined to a named one gives the
mode (``told POLITICO in a follow-up statement``: POLITICO, statement).

Exceptions, each seen in annotated news:

* a channel opening the sentence (``At a press conference on Friday, ...``)
  covers the whole sentence, however far the cue;
* an appositive that opens with a preposition (``Whitfield, in a
  statement issued by her lawyers, said``) is a channel, not part of
  the speaker's description;
* a claim that is a noun phrase may carry its channel inside it
  (``voiced anger in an interview last month that ...``), but a
  channel with its own subject belongs to the reported clause (``said that
  Jones told CNN ...``);
* a channel after a coordinated clause (``said ..., while Forbes counted
  ...``), or before a speaker who opens a relative clause (``Bloomberg
  pegged him at $2.9 billion, which Trump called ...``), is that other
  clause's; so is a channel verb joined by "and" after the claim (``calling
  him a fool and tweeting a photo``) and a channel inside a subordinate
  clause of the content (``his remarks when they were played during a town
  hall``; a participle, ``while speaking to NBC``, has no subject of its own
  and leaves the channel the claim's);
* a channel in the cue of another named speaker's claim (``After Clinton
  accused him ..., Trump told NBC``) is that claim's;
* a participle clause that continues a claim shares the channel inside the
  claim's content (``criticized X in an email Saturday, accusing them ...``);
* what a participle cites is no channel (``citing his Iowa results``);
* a quote with neither cue nor channel takes the channel of the same
  speaker's claim just before it in the paragraph (``carry_sources``).
"""
from __future__ import annotations

import bisect
import re
from typing import Callable, List, Optional, Sequence, Tuple

import attrs

from .patterns import phrase_search
from .prefilter import MIN_LENGTH, LiteralIndex, required_literals
from .records import Attribution, SourceMention, Span
from .slotgate import source_gate
from .spanindex import SpanIndex

MAX_DISTANCE = 120


def _distance(a: Span, b: Span) -> int:
    if a.overlaps(b):
        return 0
    return max(a.start - b.end, b.start - a.end, 0)


def _from_match(rule, m, base: int, rules) -> SourceMention:
    span = Span(base + m.start(), base + m.end())
    lexicon_name = rule.pattern.lexicon_of("source")
    if lexicon_name and m.start("source") >= 0:
        written = " ".join(m.group("source").split())
        lexicon = rules.lexicons[lexicon_name]
        entry = lexicon.lookup(written)
        name = (entry.name if entry and entry.name else written)
        stype = rule.type or (entry.type if entry else None) or lexicon.type
        mode = rule.mode or (entry.mode if entry else None) or lexicon.mode
        return SourceMention(name, stype, mode, span, rule.id)
    return SourceMention(rule.name, rule.type, rule.mode, span, rule.id)


def link_sources(text: str, attributions: Sequence[Attribution], rules,
                 quotes: Sequence = ()) -> List[Attribution]:
    """The attributions with ``source`` set where a source rule found one.

    Rules search the original text (a programme's name is often quoted:
    ``on CNN's "State of the Union"``) but never inside a claim's content,
    except at its very end: "Clinton claimed victory in a tweet" is the
    claim "victory" made in a tweet, so the content is cut there.
    """
    cache: dict = {}
    channel_words = rules.memo("channel_words", lambda: _channel_words(rules))

    def matches(region: Span) -> List[SourceMention]:
        if region not in cache:
            cache[region] = _matches(text, region, rules)
        return cache[region]

    placed: dict = {}

    def near(region: Span, anchor: Span) -> List[Tuple[int, SourceMention]]:
        if region not in placed:
            placed[region] = _PlacedMatches(text, region, matches(region))
        return placed[region].near(anchor)

    trimmed = [_trailing_channel(text, a, matches(a.evidence), quotes, channel_words)
               for a in attributions]
    # follow-on quotes point at the claim they continue by its content: keep
    # them pointing at it after its content was cut
    moved = {a.content: t.content for a, t in zip(attributions, trimmed) if a.content != t.content}
    attributions = [attrs.evolve(t, continues=moved[t.continues])
                    if t.continues in moved else t for t in trimmed]
    reported = SpanIndex(a.content for a in attributions)
    owners = {a.content: a for a in attributions}
    cues = SpanIndex(a.cue for a in attributions if a.cue is not None)
    # "who" and "which" stand for the phrase just before them, never for a
    # speaker further off
    pronouns = rules.words("pronoun") - rules.words("relative_pronoun")
    speakers_of_cue: dict = {}
    for a in attributions:
        if a.cue is not None:
            speakers_of_cue.setdefault(a.cue, []).append(a.speaker_span)
    result = []
    for a in attributions:
        if a.source is not None:
            result.append(a)
            continue
        anchor = a.cue or a.speaker_span or a.content
        candidates: List[Tuple[int, int, SourceMention]] = []
        line = _speaker_line(text, a)
        if line is None:
            found_near = near(a.evidence, anchor)
        else:  # the evidence's own matches are in already
            found_near = list(enumerate(matches(a.evidence) + [
                f for f in matches(line) if not a.evidence.contains(f.span)]))
        for order, found in found_near:
            # distance first: a long sentence holds many channels, and the checks
            # below, run on each far one, made it quadratic
            distance = _distance(found.span, anchor)
            if distance > MAX_DISTANCE:
                if not _fronted(text, a.evidence, found.span):
                    continue
                distance = MAX_DISTANCE  # "At a press conference on Friday, ..." covers the sentence
            inside = reported.overlapping(found.span)
            own = inside == [a.content] and _own_channel(text, a, found.span, channel_words)
            if inside and not own \
                    and not _shared_channel(text, a, inside, owners, found.span, channel_words):
                continue  # a channel inside reported words belongs to another claim
            if a.speaker_span is not None and a.speaker_span.contains(found.span) and "," in \
                    text[a.speaker_span.start:found.span.start] and \
                    not channel_words.appositive.match(text, found.span.start):
                continue  # "a spokesman for CNN," describes the speaker, not the channel
            if _other_clause(text, a, found.span, channel_words):
                continue
            if _others_cue(text, a, cues.overlapping(found.span), speakers_of_cue, pronouns):
                continue
            candidates.append((distance, order, found))
        result.append(attrs.evolve(a, source=_choose(text, candidates, channel_words))
                      if candidates else a)
    return result


OWN_CHANNEL_REACH = 60


@attrs.frozen
class _ChannelWords:
    """The regexes made of the channel lexicons of the rules (``_channel_words``)."""

    appositive: re.Pattern
    own: re.Pattern
    preposition_before: re.Pattern
    coordinated: re.Pattern
    trailing: re.Pattern
    time_tail: re.Pattern
    joint: re.Pattern
    subordinate: re.Pattern
    relative_before: re.Pattern
    joined_act: re.Pattern
    participle_next: re.Pattern


def _channel_words(rules) -> _ChannelWords:
    """Built once per rule set, from the lexicons named below."""
    preposition = rules.phrases("channel_preposition")
    return _ChannelWords(
        # "Dana Whitfield, in a statement issued by her lawyers, said": an
        # appositive that opens with a preposition or a participle is the channel
        appositive=re.compile(rf"{rules.phrases('appositive_channel')}\s"),
        # a channel a reported noun phrase or participle clause carries before its
        # own clause starts: "voiced anger in an interview last month that
        # ...", "her habit of tweeting about the hearings"; a channel with its own
        # subject ("said that Jones told CNN the tax would rise") is another claim's
        own=re.compile(rf"{preposition}\s|(?i:\w+ing\b)"),
        preposition_before=re.compile(rf"\b{preposition}\s+\Z"),
        # "Forbes said the list counts families, while Forbes counted only
        # individuals": a channel after a coordinated clause of its own is that clause's
        coordinated=re.compile(rf"[,;]\s*{rules.phrases('clause_coordinator')}\s|;"),
        # a channel phrase that ends a reported clause, with a time after it at most
        trailing=re.compile(rf"{rules.phrases('trailing_channel_preposition')}\s"),
        time_tail=re.compile(rf"[\s,]*(?:{rules.phrases('time_modifier')}\s+)?"
                             rf"(?:{rules.phrases('time_unit')}|{rules.phrases('part_of_day')})?"
                             rf"(?:\s+{rules.phrases('part_of_day')})?[\s.,;]*"),
        # what may join a written channel to a named one (``_refines``): "in a video
        # shared to her Facebook account"
        joint=re.compile(rf"[\s,]*(?:{rules.phrases('publish_verb')}\s+)?\Z"),
        # a subordinate clause inside the content keeps the channels after it (a
        # participle has no subject of its own: "walked back his comments while
        # speaking to NBC" is still his)
        subordinate=re.compile(rf"{rules.phrases('channel_subordinator')}\s+(?!\w+ing\b)"),
        # "Bloomberg pegged him at $2.9 billion, which Trump called a disgrace": a
        # speaker inside a relative clause does not take the main clause's channel
        relative_before=re.compile(rf",\s*{rules.phrases('object_relative')}\s+\Z"),
        # "... calling him a fool and tweeting a photo": a channel verb joined by
        # "and" is another act ("on TV and in interviews" only lists channels)
        joined_act=re.compile(rf"\s{rules.phrases('act_conjunction')}\s+\Z"),
        # what stands between a clause and the participle that continues it: ", accusing",
        # ", while accusing"
        participle_next=re.compile(rf",\s*(?:{rules.phrases('participle_opener')}\s+)?"))


def _other_clause(text: str, a: Attribution, span: Span, channel_words: _ChannelWords) -> bool:
    """Does the channel belong to a clause next to the claim's, not to it?"""
    parts = [p for p in (a.content, a.cue, a.speaker_span) if p is not None]
    end = max(p.end for p in parts)
    if span.start >= end:
        return bool(channel_words.coordinated.search(text, end, span.start)) or (
            bool(channel_words.joined_act.search(text, end, span.start))
            and not channel_words.trailing.match(text, span.start))
    start = min(p.start for p in parts)
    return span.end <= start and bool(channel_words.relative_before.search(text[span.end:start]))


def _speaker_line(text: str, a: Attribution) -> Optional[Span]:
    """The line of a speaker named outside the claim's sentence, where its channel is.

    A quote signed on the line below names its channel there: "-President
    Obama, tweeting after Clinton's speech."
    """
    sp = a.speaker_span
    if sp is None or a.evidence.start <= sp.start < a.evidence.end:
        return None
    start = text.rfind("\n", 0, sp.start) + 1
    end = text.find("\n", sp.end)
    return Span(start, len(text) if end < 0 else end)


def _others_cue(text: str, a: Attribution, cues: Sequence[Span], speakers_of_cue: dict,
                pronouns: frozenset) -> bool:
    """Is the channel part of the cue of another speaker's claim?

    "After Clinton accused him of sexism, he warned ..., Trump told NBC":
    "told NBC" is how Trump's words came out, not Clinton's accusation. A
    pronoun may be the same person ("He did tell CNN ..., though he did not
    say who"), so only two named speakers count as two.
    """
    def named(span: Optional[Span]) -> bool:
        return span is not None and text[span.start:span.end].casefold() not in pronouns

    if not named(a.speaker_span):
        return False
    for cue in cues:
        if cue == a.cue:
            continue
        speakers = speakers_of_cue[cue]
        if all(named(s) and not s.overlaps(a.speaker_span) for s in speakers):
            return True
    return False


def _shared_channel(text: str, a: Attribution, inside: Sequence[Span], owners: dict,
                    span: Span, channel_words: _ChannelWords) -> bool:
    """Does a participle clause share the channel its main clause's claim carries?

    "Ash criticized Priebus in an email Saturday, accusing them of ...": the
    email is the channel of the criticism, whose content holds it, and of the
    accusation that follows with the same subject.
    """
    if a.speaker_span is None or len(inside) != 1:
        return False
    main = owners.get(inside[0])
    return (main is not None and main is not a and main.speaker_span == a.speaker_span
            and a.cue is not None and main.content.end <= a.cue.start
            and bool(channel_words.participle_next.fullmatch(text, main.content.end,
                                                             a.cue.start))
            and _own_channel(text, main, span, channel_words))


def _own_channel(text: str, a: Attribution, span: Span, channel_words: _ChannelWords) -> bool:
    """May a channel found inside (or across the start of) the claim's own content be its own?"""
    if span.start < a.content.start:
        # "telling reporters, “We are done ...”": the cue phrase runs into it;
        # but "citing his Iowa results" names what was cited, not a channel
        return a.cue is not None and span.contains(a.cue) and not span.contains(a.content)
    if a.kind == "direct" or span.start - a.content.start > OWN_CHANNEL_REACH:
        return False
    if not text[span.end:a.content.end].strip(" \t\n.,;:!?\"'”’"):
        return False  # content that is nothing but a channel is a misread claim
    if re.match(r"\W*that\b", text[a.content.start:span.start], re.I):
        return False
    clause = channel_words.subordinate.search(text, a.content.start, span.end)
    if clause is not None and clause.start() < span.start:
        return False  # "his remarks when they were played during a town hall": that clause's
    return bool(channel_words.own.match(text, span.start)
                or channel_words.preposition_before.search(text, a.content.start, span.start))


class _PlacedMatches:
    """The channel matches of one sentence by position, for those worth checking
    against a claim: within ``MAX_DISTANCE`` of its anchor or fronted. A sentence of
    many claims and channels checked each pair, quadratic in its length."""

    def __init__(self, text: str, region: Span, found: Sequence[SourceMention]) -> None:
        self.found = found
        self.order = sorted(range(len(found)), key=lambda i: found[i].span.start)
        self.starts = [found[i].span.start for i in self.order]
        self.longest = max((f.span.end - f.span.start for f in found), default=0)
        # fronted matches start before the sentence's first other character
        first = _OPENING_BLANKS.match(text, region.start, region.end).end()
        self.fronted = bisect.bisect_right(self.starts, first)

    def near(self, anchor: Span) -> List[Tuple[int, SourceMention]]:
        """(order, match) pairs, in the order of the matches, that may be near."""
        lo = bisect.bisect_left(self.starts, anchor.start - MAX_DISTANCE - self.longest)
        hi = bisect.bisect_right(self.starts, anchor.end + MAX_DISTANCE)
        orders = set(self.order[lo:hi])
        orders.update(self.order[:self.fronted])
        return [(i, self.found[i]) for i in sorted(orders)]


def _fronted(text: str, evidence: Span, span: Span) -> bool:
    """Does the channel open its sentence as a fronted phrase ("In a statement, ...")?"""
    return ((span.start <= evidence.start
             or _OPENING_BLANKS.match(text, evidence.start, span.start).end() == span.start)
            and "," in text[span.end:span.end + 60])


# what may stand before a fronted channel: spaces and opening quotation marks
# (a match that stops at the first other character, however far the channel is)
_OPENING_BLANKS = re.compile(r"[ \t\n\"'“‘«]*")


def _trailing_channel(text: str, a: Attribution, found: Sequence[SourceMention],
                      quotes: Sequence, channel_words: _ChannelWords) -> Attribution:
    """Cut a channel phrase that ends a reported clause and give it to the claim."""
    if a.kind == "direct":
        return a
    for f in found:
        span = f.span
        if not (a.content.contains(span) and channel_words.trailing.match(text, span.start)):
            continue
        if not channel_words.time_tail.fullmatch(text, span.end, a.content.end):
            continue
        if any(quotes[i].outer.overlaps(span) for i in a.quotes if i < len(quotes)):
            continue
        end = span.start
        while end > a.content.start and (text[end - 1].isspace() or text[end - 1] in ",;"):
            end -= 1
        if end - a.content.start < 2:
            continue
        return attrs.evolve(a, content=Span(a.content.start, end), source=f)
    return a


def _matches(text: str, region: Span, rules) -> List[SourceMention]:
    chunk = text[region.start:region.end]
    found = []
    index = rules.memo("source_literals", lambda: LiteralIndex(
        [_scan_words(r, rules) for r in rules.source_rules]))
    gates = rules.memo("source_lexicon_gates", lambda: _lexicon_gates(rules))
    present: dict = {}  # lexicon -> whether the chunk holds an entry of it
    # most sentences lack the words of most rules: visit only the others
    source_rules = rules.source_rules
    for i in index.possible_indices(chunk):
        rule, gate = source_rules[i], gates[i]
        if rule.pattern.gate is not None and not rule.pattern.may_match(chunk):
            continue
        if gate is not None:
            name, holds = gate  # (keyed by name: a regex hashes its whole code)
            if name not in present:
                present[name] = holds(chunk)
            if not present[name]:
                continue  # "told {source:outlet}" where no outlet is named
        for m in rule.pattern.regex.finditer(chunk):
            at = m.start()
            if at > 0 and chunk[at - 1].isalnum() and chunk[at].isalnum():
                continue  # "at" of "Pat Buchanan's searing speech": no channel phrase
            found.append(_from_match(rule, m, region.start, rules))
    return found


# the words of a rule that the one scan of a sentence for every source rule's
# words looks for may be as short as "tv" ("on live TV", "on television", "on
# radio"): a search of their own would cost more than it saves, but in that
# scan a rare one is nearly free, and the rule, tried in every sentence without
# them, took a fifth of the stage's time. A short word that is a function word
# ("on", "to") or no word ("'s") is in most sentences: the scan would stop at
# each.
SCAN_MIN_LENGTH = 2


def _scan_words(rule, rules) -> Optional[frozenset]:
    """Words one of which every match of the rule holds, for ``LiteralIndex``."""
    if rule.pattern.required is not None:
        return rule.pattern.required
    words = required_literals(rule.pattern.regex.pattern, min_length=SCAN_MIN_LENGTH)
    common = rules.words("function_word")
    if words is None or any(len(w) < MIN_LENGTH and (not w.isalpha() or w in common)
                            for w in words):
        return None
    return words


def _lexicon_gates(rules) -> List[Optional[Tuple[str, Callable[[str], bool]]]]:
    """For each source rule, its source lexicon and whether a text holds an
    entry of it (``patterns.phrase_search``), when every match holds one (see
    slotgate.py)."""
    compiled: dict = {}
    gates: List[Optional[Tuple[str, Callable[[str], bool]]]] = []
    for rule in rules.source_rules:
        name = source_gate(rule)
        if name is not None and name not in compiled:
            view = rules.lexicons[name].view()
            compiled[name] = phrase_search(view.entries, view.patterns, view.case_sensitive)
        gates.append((name, compiled[name]) if name else None)
    return gates


def _choose(text: str, candidates: List[Tuple[int, int, SourceMention]],
            channel_words: _ChannelWords) -> Optional[SourceMention]:
    candidates.sort(key=lambda c: (c[0], c[1]))
    best = candidates[0][2]
    for _, _, other in candidates[1:]:
        # "on NBC’s “Meet the Press”" says more than "on NBC" at the same place
        if other.span.overlaps(best.span) and len(other.span) > len(best.span) and (
                other.name or not best.name):
            best = other
    for _, _, other in candidates:
        if other is not best and _refines(text, best, other, channel_words):
            # "told POLITICO in a follow-up statement": the outlet received a
            # statement; "in a video shared to her Facebook account": a video
            best = attrs.evolve(best, mode=other.mode, span=_union(best.span, other.span),
                                rule=f"{best.rule}+{other.rule}")
            break
    if best.name is None:
        # "wrote in the email, according to Reuters": the outlet
        # that reports an email is not where it was sent
        named = next((c[2] for c in candidates if c[2].name and (
            c[2].mode != "report" or best.mode in (None, "report"))), None)
        if named is not None:
            best = attrs.evolve(best, name=named.name, type=named.type,
                                mode=best.mode or named.mode, rule=f"{best.rule}+{named.rule}")
    return best


# a written channel says more about the mode than the outlet or platform it reached
_WRITTEN_MODES = ("statement", "email", "letter", "video", "article")


def _refines(text: str, best: SourceMention, other: SourceMention,
             channel_words: _ChannelWords) -> bool:
    """Is ``other`` a nameless written channel joined to the named ``best``?"""
    if not best.name or other.name or other.mode not in _WRITTEN_MODES or best.mode == other.mode:
        return False
    first, second = sorted((best.span, other.span), key=lambda sp: sp.start)
    return first.end <= second.start and bool(
        channel_words.joint.match(text[first.end:second.start]))


def _union(a: Span, b: Span) -> Span:
    return Span(min(a.start, b.start), max(a.end, b.end))


# channels a speaker keeps talking through: the next quote of the same
# speaker comes from the same interview, statement or post; a report or a
# poll does not carry over (the next figure may come from elsewhere)
CARRIED_MODES = frozenset({"interview", "statement", "post", "email", "letter", "speech",
                           "press_conference", "briefing", "remarks", "hearing", "debate",
                           "rally", "video", "article", "book"})
_CARRY_GAP = re.compile(r"[^\n]*\Z")


def carry_sources(text: str, attributions: Sequence[Attribution],
                  resolved: Sequence[Tuple]) -> List[Tuple]:
    """``resolved`` with channels carried to the follow-on quotes of a statement.

    News gives the channel once: ``Smith told CNN on Sunday that the tax would
    rise. "We have no choice."`` The second quote came through CNN too. A
    quote with no cue and no channel of its own takes the channel of the
    claim just before it in the same paragraph when both have the same
    speaker. A quote with its own cue ('"...," she said.') is left alone:
    the annotated news we measure on does not carry the channel there.
    """
    result = list(resolved)
    order = sorted(range(len(attributions)), key=lambda i: attributions[i].content.start)
    for prev, i in zip(order, order[1:]):
        a, before = attributions[i], attributions[prev]
        speaker, mention, source = result[i]
        earlier = result[prev][2]
        if source is not None or earlier is None or speaker is None or a.kind == "indirect":
            continue
        if a.cue is not None:
            continue  # '"...," she said.' is attributed anew, and news names a new channel there
        if earlier.mode not in CARRIED_MODES or result[prev][0] != speaker:
            continue
        gap = text[before.evidence.end:a.evidence.start]
        if a.evidence.start < before.evidence.end or not _CARRY_GAP.fullmatch(gap):
            continue
        result[i] = (speaker, mention, earlier)
    return result
