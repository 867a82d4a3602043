"""Link each attribution to the channel it was made through.

The ``source_rules`` are searched in the sentence of the attribution,
outside any claim's content, and within
``MAX_DISTANCE`` characters of the cue (or the speaker, or the quote when
there is no cue). The nearest match wins; a match that names no outlet
(``in a statement``) contributes only its mode and a named match nearby
fills in the name.
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

import attrs

from .prefilter import LiteralIndex
from .records import Attribution, SourceMention, Span
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

    def matches(region: Span) -> List[SourceMention]:
        if region not in cache:
            cache[region] = _matches(text, region, rules)
        return cache[region]

    trimmed = [_trailing_channel(text, a, matches(a.evidence), quotes) for a in attributions]
    # follow-on quotes point at the claim they continue by its content: keep
    # them pointing at it after its content was cut
    moved = {a.content: t.content for a, t in zip(attributions, trimmed) if a.content != t.content}
    attributions = [attrs.evolve(t, continues=moved[t.continues])
                    if t.continues in moved else t for t in trimmed]
    reported = SpanIndex(a.content for a in attributions)
    result = []
    for a in attributions:
        if a.source is not None:
            result.append(a)
            continue
        anchor = a.cue or a.speaker_span or a.content
        candidates: List[Tuple[int, int, SourceMention]] = []
        for order, found in enumerate(matches(a.evidence)):
            if reported.overlaps(found.span):
                continue  # a channel inside reported words belongs to another claim
            if a.speaker_span is not None and a.speaker_span.contains(found.span) and "," in \
                    text[a.speaker_span.start:found.span.start]:
                continue  # "a spokesman for CNN," describes the speaker, not the channel
            distance = _distance(found.span, anchor)
            if distance <= MAX_DISTANCE:
                candidates.append((distance, order, found))
        result.append(attrs.evolve(a, source=_choose(candidates)) if candidates else a)
    return result


_PREPOSITION = re.compile(r"(?:in|on|during|at|via|through|over|with|by|to)\s", re.I)
_TIME_TAIL = re.compile(r"[\s,]*(?:(?:on|last|this|earlier|later|late|early)\s+)?"
                        r"(?:\w+day|week|month|year|night|morning|evening|afternoon)?"
                        r"(?:\s+(?:night|morning|evening|afternoon))?[\s.,;]*")


def _trailing_channel(text: str, a: Attribution, found: Sequence[SourceMention],
                      quotes: Sequence) -> Attribution:
    """Cut a channel phrase that ends a reported clause and give it to the claim."""
    if a.kind == "direct":
        return a
    for f in found:
        span = f.span
        if not (a.content.contains(span) and _PREPOSITION.match(text, span.start)):
            continue
        if not _TIME_TAIL.fullmatch(text, span.end, a.content.end):
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
        [r.pattern.required for r in rules.source_rules]))
    for rule, possible in zip(rules.source_rules, index.possible(chunk)):
        if not possible or (rule.pattern.gate is not None and not rule.pattern.may_match(chunk)):
            continue
        for m in rule.pattern.regex.finditer(chunk):
            found.append(_from_match(rule, m, region.start, rules))
    return found


def _choose(candidates: List[Tuple[int, int, SourceMention]]) -> Optional[SourceMention]:
    candidates.sort(key=lambda c: (c[0], c[1]))
    best = candidates[0][2]
    for _, _, other in candidates[1:]:
        # "on NBC’s “Meet the Press”" says more than "on NBC" at the same place
        if other.span.overlaps(best.span) and len(other.span) > len(best.span) and (
                other.name or not best.name):
            best = other
    if best.name is None:
        named = next((c[2] for c in candidates if c[2].name), None)
        if named is not None:
            best = attrs.evolve(best, name=named.name, type=named.type,
                                mode=best.mode or named.mode, rule=f"{best.rule}+{named.rule}")
    return best
