"""Attach the quotations no attribution rule took, by news convention.

Runs after the rules (``attribution.match_attributions``), over the quotes
they left. A quote that resumes right after an attribution (``"A," he said,
"B."``) belongs to the same speaker; a quote that opens its sentence
(or makes up all of it after a connective: ``But "..."``, ``Instead, "..."``, in
the same paragraph) continues the speaker of the claim just before it (within
``CONTINUATION_PARAGRAPHS``), or, when it opens the article's talk, takes the
speaker named in the claim right after it; one that opens a paragraph after a
sentence ending in a colon ("X issued the following statement:") is the
subject's of that sentence, and the quotes after it go on in that voice; one
followed by a verb of saying and a name the rules' speaker grammar missed
(``"...," said undecided voter Jane Doe``), or by a speaker phrase a few
words on and its verb (``"...," the Florida senator and Republican
presidential candidate said``; in the next sentence when the quote ended its
own: ``"...?" Trump went on``), is that speaker's, and so are the quotes
after it; so is one signed below by a dash and a name (``- Sanders.``) and
one right after a sentence that is only a speaker and a verb of saying
(``Jane Doe agreed.``). Quoted fragments inside running text with no cue
(scare quotes, titles of works) are not claims, and neither is a short
paragraph in single quotes in a document that quotes with double marks: a
subhead ('A change warrior.') made of the story's words.

Each function reads ``matcher``, the attribution matcher after its rules ran (the
text, its sentences and quotes, what the rules took, and its sentence-subject
and title tests); none changes it: ``attach_unclaimed_quotes`` returns the new
attributions.
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

from .patterns import OPT_WS, QUOTE_FILL, WS
from .quotes import EDGE, QUOTE_MARKS, strip_edges
from .records import Attribution, QuoteSpan, Segment, Span

if TYPE_CHECKING:  # attribution imports this module
    from .attribution import _Matcher

CONTINUATION_PARAGRAPHS = 2
_STANDALONE_PREFIX = re.compile(r"^[\s\-–—•*]*$")
_SPLIT_TAIL = re.compile(r"[,:;—–]\W*$|^\W*$")
SUBHEAD_WORDS = 8
# how far a quote may resume after the cue of its first part: the speaker's appositive
# sits between ('"A," said Raffaello Pantucci, director of International Security
# Studies at the Royal United Services Institute in London, "but B."')
SPLIT_REACH = 200


def attach_unclaimed_quotes(matcher: "_Matcher") -> List[Attribution]:
    """The attributions of the quotations no rule took, by news convention (see
    the module docstring); ``matcher`` is the attribution matcher after its rules ran."""
    if not matcher.quotes:
        return []
    double = _quotes_double(matcher.quotes)
    sentence_starts = matcher.sentence_starts
    by_position = sorted(matcher.found, key=lambda a: a.content.start)
    starts = [a.content.start for a in by_position]
    added: List[Attribution] = []
    for qi, q in enumerate(matcher.quotes):
        if matcher.quote_taken[qi] or matcher.taken.overlaps(q.outer):
            continue
        si = bisect.bisect_right(sentence_starts, q.outer.start) - 1
        if si < 0:
            continue
        sent = matcher.sentences[si]
        prefix = matcher.masked[sent.span.start:q.outer.start]
        k = bisect.bisect_left(starts, q.outer.start)
        prev = _continued(by_position, k)
        if prev is not None and _splits(matcher, prev, q, sent) and not matcher.titles_a_work(qi):
            added.append(_continuation("split-quote", q, qi, sent, prev))
            continue
        if _resumes_after_connective(matcher, prev, q, sent, prefix):
            added.append(_continuation("continues-previous-quote", q, qi, sent, prev))
            continue
        if not _STANDALONE_PREFIX.match(prefix) or matcher.looks_like_title(qi) \
                or matcher.is_name_of_work(qi) or matcher.titles_a_work(qi) \
                or _looks_like_subhead(matcher, qi, double):
            continue  # a fragment inside running text with no cue, or a title
        gap = _paragraph_gap(matcher, prev.evidence, sent) if prev is not None else None
        if len(matcher.text[q.content.start:q.content.end].split()) < 3 and gap != 0:
            continue  # a short quote on its own is a title or a slogan, not a claim
        introduced = _introduced_by(matcher, q, si, prev)
        if introduced is not None:
            intro_sent, speaker = introduced
            found = Attribution("colon-introduced-quote", "direct", q.content, None, speaker,
                                "mention", intro_sent.span, (qi,))
            added.append(found)
            # the quotes that follow go on in the introduced speaker's voice
            by_position.insert(k, found)
            starts.insert(k, q.content.start)
            continue
        named = _named_near_quote(matcher, q, si)
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
            added.append(_continuation("continues-previous-quote", q, qi, sent, prev))
            continue
        nxt = by_position[k] if k < len(by_position) else None
        if (nxt is not None and nxt.speaker_span is not None
                and _paragraph_gap(matcher, sent.span, nxt.evidence) <= 1):
            added.append(_continuation("speaker-named-after", q, qi, sent, nxt))
    return added


def _continuation(rule_id: str, q: QuoteSpan, qi: int, sent: Segment,
                  voiced_by: Attribution) -> Attribution:
    """A quote in the voice of the claim ``voiced_by`` (before or after it)."""
    return Attribution(rule_id, "direct", q.content, None, None, "previous", sent.span, (qi,),
                       continues=voiced_by.content)


def _resumes_after_connective(matcher: "_Matcher", prev: Optional[Attribution], q: QuoteSpan,
                              sent: Segment, prefix: str) -> bool:
    """A quote after only a connective ("But", "Instead,") that ends its sentence, in
    the paragraph of the claim before it: the same speaker goes on. Not a quote that
    is part of the writer's sentence ('But "dumping Trump" is easier said than done')."""
    if prev is None:
        return False
    connective = matcher.rules.memo("connective_prefix", lambda: _connective_prefix_regex(
        matcher.rules))
    if not connective.match(prefix):
        return False
    if matcher.masked[q.outer.end:sent.span.end].strip(EDGE + ".!?…" + QUOTE_MARKS):
        return False
    return _paragraph_gap(matcher, prev.evidence, sent) == 0


def _introduced_by(matcher: "_Matcher", q: QuoteSpan, si: int, prev: Optional[Attribution]
                   ) -> Optional[Tuple[Segment, Span]]:
    """``X issued the following statement:`` then, opening the next sentence or
    paragraph, the quote: (the introducing sentence, its subject), unless a
    claim already took that sentence's colon (its content, or its cue)."""
    before = matcher.text[:q.outer.start].rstrip()
    if si == 0 or not before.endswith(":"):
        return None
    colon = len(before) - 1
    ci = bisect.bisect_right(matcher.sentence_starts, colon) - 1
    own_start = matcher.sentences[si].span.start
    if ci < 0 or ci == si and matcher.masked[own_start:q.outer.start].strip():
        return None
    intro = matcher.sentences[ci]
    if prev is not None and intro.span.contains(prev.content) and prev.content.end >= colon - 1:
        return None
    speaker = matcher.sentence_subject(intro, colon)
    return None if speaker is None else (intro, speaker)


def _named_near_quote(matcher: "_Matcher", q: QuoteSpan, si: int
                      ) -> Optional[Tuple[str, Optional[Span], Span]]:
    """(rule id, cue, speaker) for a quote opening sentence ``si`` that no rule
    took, when the words around it name its speaker (see the three below)."""
    sent = matcher.sentences[si]
    named = _named_after_quote(matcher, q, sent)
    if named is not None:
        return ("quote-then-named-speaker",) + named
    signed = _signed_below(matcher, q, si)
    if signed is not None:
        return "quote-signed-below", None, signed
    named = _named_before_quote(matcher, q, si)
    if named is not None:
        return ("speaker-cue-then-quote",) + named
    return None


def _signed_below(matcher: "_Matcher", q: QuoteSpan, si: int) -> Optional[Span]:
    """A quote that ends its paragraph, signed in the next one by a dash and a
    speaker (``"Boeing ... pay zero taxes."`` then ``- Sanders.``, ``-President
    Obama, tweeting after the speech.``): a fact-check's or a digest's layout."""
    sent = matcher.sentences[si]
    if si + 1 >= len(matcher.sentences) or matcher.masked[q.outer.end:sent.span.end].strip(
            EDGE + ".!?…" + QUOTE_MARKS):
        return None
    below = matcher.sentences[si + 1]
    if below.paragraph != sent.paragraph + 1:
        return None
    signature = matcher.rules.memo("signature", lambda: _signature_regex(matcher.rules))
    found = signature.match(matcher.masked, below.span.start, below.span.end)
    if found is None:
        return None
    s, e = strip_edges(matcher.text, *found.span("speaker"))
    return Span(s, e) if e > s else None


def _named_before_quote(matcher: "_Matcher", q: QuoteSpan, si: int) -> Optional[Tuple[Span, Span]]:
    """(cue, speaker) of the sentence right before a quote, in its paragraph,
    that is only a speaker and a verb of saying no claim took, and a few words
    of manner or place: ``Jane Doe agreed. "..."``, ``Sam Lau, the party's
    spokesman said in a statement. "..."``."""
    if si == 0 or matcher.sentences[si - 1].paragraph != matcher.sentences[si].paragraph:
        return None
    base = matcher.sentences[si - 1].span.start
    chunk = matcher.masked[base:matcher.sentences[si - 1].span.end]
    subject = matcher.subject.match(chunk)
    if subject is None:
        return None
    which = "speaker" if subject.start("speaker") >= 0 else "prefixed"
    if "," in chunk[:subject.start(which)]:
        return None  # an introductory phrase: more than an attribution
    bare = matcher.rules.memo("bare_attribution", lambda: _bare_attribution_regex(matcher.rules))
    found = bare.match(chunk, subject.end(which))
    if found is None:
        return None
    cue = Span(base + found.start("cue"), base + found.end("cue"))
    if matcher.taken.overlaps(cue):
        return None
    s, e = strip_edges(matcher.text, base + subject.start(which), base + subject.end(which))
    return (cue, Span(s, e)) if e > s else None


def _named_after_quote(matcher: "_Matcher", q: QuoteSpan,
                       sent: Segment) -> Optional[Tuple[Span, Span]]:
    """(cue, speaker) of a quote that opens its sentence and whose speaker the
    rules' grammar missed: ``"...," said undecided voter Jane Doe of Derry`` or
    ``"...," GOP speechwriter Jane Doe wrote``: a verb of saying (or a verb in
    -ed: "beamed") and, within a few words, a proper name; or, within a few
    words, any speaker phrase right before a verb of saying. A verb the rules
    already gave a claim in the next sentence reports that claim instead."""
    end = _attribution_end(matcher, q, sent)
    after_quote = matcher.rules.memo("after_quote", lambda: _after_quote_regex(matcher.rules))
    found = after_quote.match(matcher.masked, q.outer.end, end)
    if found is None:
        return None
    which = next(k for k in ("", "2", "3", "4", "5", "6") if found.start("cue" + k) >= 0)
    cue = Span(*found.span("cue" + which))
    if end > sent.span.end and matcher.taken.overlaps(cue):
        return None  # "..." Reid said both men are ...: a sentence of its own, reporting
    s, e = strip_edges(matcher.text, *found.span("speaker" + which))
    return (cue, Span(s, e)) if e > s else None


def _attribution_end(matcher: "_Matcher", q: QuoteSpan, sent: Segment) -> int:
    """Where the words that may name a quote's speaker end: its sentence's
    end, or, when the quote ends its sentence (a split after ``."``, ``!"``
    or a capitalised name: ``"..." Murphy Tweeted on Friday.``), the end
    of the next sentence of the same paragraph."""
    if matcher.masked[q.outer.end:sent.span.end].strip(EDGE + ".!?…" + QUOTE_MARKS):
        return sent.span.end
    si = bisect.bisect_right(matcher.sentence_starts, sent.span.start)
    if si < len(matcher.sentences) and matcher.sentences[si].paragraph == sent.paragraph:
        return matcher.sentences[si].span.end
    return sent.span.end


def _splits(matcher: "_Matcher", prev: Attribution, q: QuoteSpan, sent: Segment) -> bool:
    """``"A," he said, "B."``: the quote resumes right after the attribution of A."""
    if prev.kind != "direct" or prev.cue is None or not sent.span.contains(prev.cue):
        return False
    between = matcher.masked[prev.cue.end:q.outer.start]
    return (prev.cue.end <= q.outer.start and len(between) <= SPLIT_REACH
            and QUOTE_FILL not in between and bool(_SPLIT_TAIL.search(between)))


def _paragraph_gap(matcher: "_Matcher", first: Span, second) -> int:
    second_span = second.span if isinstance(second, Segment) else second
    a = _paragraph_of(matcher, first.start)
    b = _paragraph_of(matcher, second_span.start)
    return abs(b - a)


def _paragraph_of(matcher: "_Matcher", offset: int) -> int:
    i = bisect.bisect_right(matcher.sentence_starts, offset) - 1
    return matcher.sentences[max(i, 0)].paragraph if matcher.sentences else 0


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


def _quotes_double(quotes: Sequence[QuoteSpan]) -> bool:
    """Does the story quote with double marks ("..." or ''...'') more than single ones?"""
    singles = sum(q.style == "single" for q in quotes)
    return len(quotes) - singles > singles


def _looks_like_subhead(matcher: "_Matcher", q: int, quotes_double: bool) -> bool:
    """'A healthy environment.' alone on its line, where the story quotes with "..." or ''...''."""
    quote = matcher.quotes[q]
    if quote.style != "single" or not quotes_double:
        return False
    line_start = matcher.text.rfind("\n", 0, quote.outer.start) + 1
    line_end = matcher.text.find("\n", quote.outer.end)
    line_end = len(matcher.text) if line_end < 0 else line_end
    around = matcher.text[line_start:quote.outer.start] + matcher.text[quote.outer.end:line_end]
    words = matcher.text[quote.content.start:quote.content.end].split()
    return not any(ch.isalnum() for ch in around) and len(words) <= SUBHEAD_WORDS


def _connective_prefix_regex(rules) -> re.Pattern:
    """Only a connective before a quote that makes up the rest of its sentence
    ('..." he said. But "Donald Trump's candidacy is strengthened ... It helps."'):
    the lexicon sentence_connective."""
    return re.compile(rf"^\s*(?:{rules.phrases('sentence_connective')}),?\s*$")


def _after_quote_regex(rules) -> re.Pattern:
    """Right after a quote: a verb of saying and up to five words ending in a
    name, or up to five words ending in a name (and its appositive) and the verb;
    or the rest of the sentence, ending in ", <described speaker> <verb>"."""
    if rules.grammar is None or "speech_verb" not in rules.lexicons:
        return re.compile(r"(?!)")
    verb = rules.phrases("speech_verb")
    cue = rf"(?:{verb}|[a-z]{{3,}}ed)"
    # greedy: "said undecided Republican voter Jane Doe" names Jane Doe, not Republican
    words = rf"(?!(?:which|who|that|what){WS})(?:[\w’'.\-]+{WS}){{0,5}}"
    name = rules.grammar.name
    adverb = rules.phrases("speech_adverb")
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
    # or the fragment runs on into its sentence, which ends in a comma, a described
    # speaker the grammar may not know and a verb of saying: '"The court expresses no
    # view on the merits" of the case, the unsigned opinion said.'
    trailing = (rf"[^{QUOTE_FILL}.!?;:\n]{{1,80}}?,{WS}(?P<speaker5>(?:the|a|an|one|another|"
                rf"his|her|their|its){WS}[^,;:.!?{QUOTE_FILL}\n]{{1,60}}?){WS}"
                rf"(?:{adverb}{WS}){{0,2}}(?P<cue5>{verb})"
                rf"(?:{WS}[^,;:.!?{QUOTE_FILL}\n]{{1,40}})?[.!?]?{OPT_WS}$"
                # or such a speaker and verb right after the quote, however the sentence
                # goes on: '"...," the real estate developer said of Mr. Clinton, who ...'
                rf"|(?P<speaker6>(?:the|a|an|one|another){WS}[^,;:.!?{QUOTE_FILL}\n]{{1,60}}?)"
                rf"{WS}(?:{adverb}{WS}){{0,2}}(?P<cue6>{verb})\b")
    return rules.grammar.compile(
        rf",?{OPT_WS}(?:(?P<cue>{cue}){WS}(?P<speaker>{words}{name})"
        rf"(?=[,.;]|{WS}[a-z(]|$)"
        rf"|(?P<speaker2>{words}{name}(?:,[^,{QUOTE_FILL}]{{1,80}},)?){WS}"
        rf"(?P<cue2>{after_name})\b|{later}|{trailing})")


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
    verb, adverb = rules.phrases("speech_verb"), rules.phrases("speech_adverb")
    return re.compile(rf"(?:,[^,;{QUOTE_FILL}]{{1,140}}?,?)?"
                      rf"{WS}(?:{adverb}{WS}){{0,2}}(?P<cue>{verb})"
                      rf"(?:{WS}[^,;:.!?{QUOTE_FILL}]{{1,40}})?[.!]?{OPT_WS}$")
