"""Assemble Claim records from attributions and resolved speakers."""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from .records import Attribution, Claim, Mention, QuoteSpan, SourceMention, Speaker, Span
from .speakers import RELATIVE_PRONOUNS

# "Ted Cruz, who said ...": the verb's subject is the relative pronoun, which
# stands for the phrase before it; the pronoun is the mention, as "he" is in
# "he said", and the speaker stays the resolved phrase.
_RELATIVE_SUBJECT = re.compile(r"\s*,?\s*(%s)\b" % "|".join(RELATIVE_PRONOUNS))
# a letter or digit: re's \w is str.isalnum() or "_"
_ALNUM = re.compile(r"[^\W_]")


def build_claims(doc_id: str, text: str, attributions: Sequence[Attribution],
                 resolved: Sequence[Tuple[Optional[Speaker], Optional[Mention],
                                          Optional[SourceMention]]],
                 dated: Sequence[Tuple[Optional[str], Optional[str]]] = (),
                 quotes: Sequence[QuoteSpan] = ()) -> List[Claim]:
    """One Claim per attribution, in text order, with ids ``<doc_id>#c<n>``.

    ``quotes``: the document's quotations (the attributions' ``quotes`` index
    them), for each claim's quoted stretches.

    Content without a letter or digit (``"?"``, a quote mark between two
    others in a run of them) says nothing and makes no claim.
    """
    claims: List[Claim] = []
    dated = list(dated) or [(None, None)] * len(attributions)
    for a, (speaker, mention, source), (said_on, basis) in zip(attributions, resolved, dated):
        if not _ALNUM.search(text, a.content.start, a.content.end):
            continue
        n = len(claims) + 1
        mention_span = _subject_mention(text, mention, a.cue)
        claims.append(Claim(
            doc_id=doc_id,
            claim_id=f"{doc_id}#c{n}",
            kind=a.kind,
            span=a.content,
            text=a.content.of(text),
            speaker=speaker,
            speaker_span=mention_span,
            speaker_mention=mention_span.of(text) if mention_span else None,
            cue=a.cue.of(text) if a.cue else None,
            cue_span=a.cue,
            source=source,
            evidence=a.evidence,
            rules=(a.rule,),
            said_on=said_on,
            said_on_basis=basis,
            quoted=_quoted(a, quotes),
        ))
    return claims


def _quoted(a: Attribution, quotes: Sequence[QuoteSpan]) -> Tuple[Span, ...]:
    """The quoted stretches of a claim: a quote inside another (an inner scare
    quote) is part of the outer one; a direct claim is quoted whole."""
    if a.kind == "indirect":
        return ()
    inside = [quotes[i].content for i in a.quotes if i < len(quotes)]
    inside = [q for q in inside if len(q) and a.content.contains(q)]
    inside = [q for q in inside if not any(o != q and o.contains(q) for o in inside)]
    if a.kind == "direct" and (not inside or inside == [a.content]):
        return (a.content,)
    return tuple(inside)


def _subject_mention(text: str, mention: Optional[Mention], cue: Optional[Span]
                     ) -> Optional[Span]:
    """The span of the words that are the cue's subject: the mention's head,
    or a relative pronoun right after the mention ("X, who said")."""
    if mention is None:
        return None
    if cue is not None and mention.span.end <= cue.start:
        relative = _RELATIVE_SUBJECT.match(text, mention.span.end, cue.start)
        if relative:
            return Span(relative.start(1), relative.end(1))
    return mention.head
