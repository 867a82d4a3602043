"""Assemble Claim records from attributions and resolved speakers."""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from .patterns import phrase_regex
from .records import Attribution, Claim, Mention, QuoteSpan, SourceMention, Speaker, Span

# a letter or digit: re's \w is str.isalnum() or "_"
_ALNUM = re.compile(r"[^\W_]")
# a paragraph break inside a quotation and the mark that reopens it
_PARAGRAPH_BREAK = re.compile(r"[ \t]*(?:\r?\n)+[ \t]*[\"“‘'«]*")


def build_claims(doc_id: str, text: str, attributions: Sequence[Attribution],
                 resolved: Sequence[Tuple[Optional[Speaker], Optional[Mention],
                                          Optional[SourceMention]]],
                 dated: Sequence[Tuple[Optional[str], Optional[str]]] = (),
                 quotes: Sequence[QuoteSpan] = (), rules=None) -> List[Claim]:
    """One Claim per attribution, in text order, with ids ``<doc_id>#c<n>``; a
    quotation over several paragraphs that is attributed after its end makes two
    (``_attributed_paragraphs``).

    ``quotes``: the document's quotations (the attributions' ``quotes`` index
    them), for each claim's quoted stretches. ``rules``: for the relative
    pronouns that may be a cue's subject (``_relative_subject_regex``).

    Content without a letter or digit (``"?"``, a quote mark between two
    others in a run of them) says nothing and makes no claim.
    """
    claims: List[Claim] = []
    dated = list(dated) or [(None, None)] * len(attributions)
    relative = (rules.memo("relative_subject", lambda: _relative_subject_regex(rules))
                if rules is not None else None)
    relative_words = rules.words("relative_pronoun") if rules is not None else frozenset()
    for a, (speaker, mention, source), (said_on, basis) in zip(attributions, resolved, dated):
        if not _ALNUM.search(text, a.content.start, a.content.end):
            continue
        mention_span = a.holder or _relative_pronoun(text, a, relative_words) or \
            _subject_mention(text, mention, a.cue, relative)
        for span in _attributed_paragraphs(text, a):
            n = len(claims) + 1
            claims.append(_claim(doc_id, n, text, a, span, speaker, mention_span, source,
                                 said_on, basis, quotes))
    return claims


def _claim(doc_id: str, n: int, text: str, a: Attribution, span: Span,
           speaker: Optional[Speaker], mention_span: Optional[Span],
           source: Optional[SourceMention], said_on: Optional[str], basis: Optional[str],
           quotes: Sequence[QuoteSpan]) -> Claim:
    """The ``n``-th claim of a document: ``a`` reported as ``span`` (its content, or
    one paragraph of it)."""
    return Claim(
        doc_id=doc_id,
        claim_id=f"{doc_id}#c{n}",
        kind=a.kind,
        span=span,
        text=span.of(text),
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
        quoted=(span,) if span != a.content else _quoted(a, quotes),
    )


def _attributed_paragraphs(text: str, a: Attribution) -> Tuple[Span, ...]:
    """The spans a claim is reported as: its content, or for a quotation over several
    paragraphs attributed after its end ('"...\n\n"...," Sexton said.'), the paragraphs
    before the one the attribution closes and that last paragraph, each its own quote
    as the news prints them (the last reopened with its own mark)."""
    if a.kind != "direct" or a.cue is None or a.cue.start < a.content.end:
        return (a.content,)
    breaks = list(_PARAGRAPH_BREAK.finditer(text, a.content.start, a.content.end))
    if not breaks:
        return (a.content,)
    last = breaks[-1]
    head, tail = Span(a.content.start, last.start()), Span(last.end(), a.content.end)
    if not (_ALNUM.search(text, head.start, head.end) and _ALNUM.search(text, tail.start, tail.end)):
        return (a.content,)
    return head, tail


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


def _relative_pronoun(text: str, a: Attribution, relative_words) -> Optional[Span]:
    """The relative pronoun the rule found as the speaker ("Donald Trump - who said",
    "X, who ..., and who said"): the words that are the cue's subject, though the
    speaker is the phrase it stands for."""
    span = a.speaker_span
    if span is not None and span.of(text).casefold() in relative_words:
        return span
    return None


def _relative_subject_regex(rules) -> re.Pattern:
    """A relative pronoun (lexicon ``relative_pronoun``) right after a mention.

    "Ted Cruz, who said ...": the verb's subject is the relative pronoun, which
    stands for the phrase before it; the pronoun is the mention, as "he" is in
    "he said", and the speaker stays the resolved phrase. Lower-case only, as a
    relative pronoun stands inside a sentence: "the agency, WHO, said" is the World
    Health Organization.
    """
    words = rules.words("relative_pronoun")
    return re.compile(rf"\s*,?\s*({phrase_regex(words, case_sensitive=True)})")


def _subject_mention(text: str, mention: Optional[Mention], cue: Optional[Span],
                     relative_subject: Optional[re.Pattern] = None) -> Optional[Span]:
    """The span of the words that are the cue's subject: the mention's head,
    or a relative pronoun right after the mention ("X, who said")."""
    if mention is None:
        return None
    if relative_subject is not None and cue is not None and mention.span.end <= cue.start:
        relative = relative_subject.match(text, mention.span.end, cue.start)
        if relative:
            return Span(relative.start(1), relative.end(1))
    return mention.head
