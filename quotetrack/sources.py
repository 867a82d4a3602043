"""Link each attribution to the channel it was made through.

The ``source_rules`` are searched in the sentence of the attribution,
outside any claim's content, and within
``MAX_DISTANCE`` characters of the cue (or the speaker, or the quote when
there is no cue). The nearest match wins; a match that names no outlet
(``in a statement``) contributes only its mode and a named match nearby
fills in the name.
"""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import attrs

from .records import Attribution, SourceMention, Span

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


def link_sources(text: str, attributions: Sequence[Attribution], rules) -> List[Attribution]:
    """The attributions with ``source`` set where a source rule found one.

    Rules search the original text (a programme's name is often quoted:
    ``on CNN's "State of the Union"``) but never inside a claim's content.
    """
    reported = [a.content for a in attributions]
    cache = {}
    result = []
    for a in attributions:
        anchor = a.cue or a.speaker_span or a.content
        region = a.evidence
        if region not in cache:
            cache[region] = _matches(text, region, rules)
        candidates: List[Tuple[int, int, SourceMention]] = []
        for order, found in enumerate(cache[region]):
            if any(found.span.overlaps(c) for c in reported):
                continue  # a channel inside reported words belongs to another claim
            if a.speaker_span is not None and a.speaker_span.contains(found.span) and "," in \
                    text[a.speaker_span.start:found.span.start]:
                continue  # "a spokesman for CNN," describes the speaker, not the channel
            distance = _distance(found.span, anchor)
            if distance <= MAX_DISTANCE:
                candidates.append((distance, order, found))
        result.append(attrs.evolve(a, source=_choose(candidates)) if candidates else a)
    return result


def _matches(text: str, region: Span, rules) -> List[SourceMention]:
    chunk = text[region.start:region.end]
    found = []
    for rule in rules.source_rules:
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
