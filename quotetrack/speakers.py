"""Resolve speaker mentions to one canonical speaker per document.

A mention (the phrase a rule captured) is analysed into its parts with the
role lexicons: a proper name (``Jane Doe``), the role or title in
front of it (``Ukrainian President``), an appositive role (``, a
spokesperson for ...,``), or no name at all: a pronoun (``he``), a title
reference (``the Ukrainian President``), an anonymous descriptor (``a
Ukrainian Military official``), a group (``Ukrainian officials``), an
organisation (``the White House``) or a document (``the post``).

Resolution, in document order:

* names are clustered when one is a token subsequence of the other or a
  single name equals the first or last name of a fuller one, in either
  direction (``Colonel Ivan`` ... ``Ivan Petrenko``); the
  canonical name is the longest;
* ``he``/``she``/``I`` go to the last person mentioned with a compatible
  gender; for ``he``/``she`` a named sentence subject after that speaker
  (``Clinton, speaking in Ohio, talked ...: Her vote``) is nearer and wins,
  and ``his``/``her`` first look for a name earlier in their own sentence
  (``forcing Sanders to reverse his opposition``);
  ``they``/``we`` to the last group or organisation (else person), ``it``
  to the last organisation, or either to a group or organisation that opens
  a sentence after that one;
* a title reference goes to the last person whose role has that title;
* a document (``the post added``) goes to the author of the last claim made
  through a matching channel, whose source it shares;
* ``previous`` and ``subject`` attributions take the speaker found for the
  claim they continue or the sentence's subject.
"""
from __future__ import annotations

import bisect
import re
from typing import Dict, List, Optional, Sequence, Tuple

import attrs

from .patterns import OPT_WS, PARTY, QUOTE_FILL, WS
from .records import Attribution, Mention, Segment, SourceMention, Speaker, Span

DOCUMENT_LOOKBACK = 50  # earlier claims searched for the post a "the post added" means
LOOKAHEAD_NAMES = 50  # later name mentions searched for a fuller form of a short name
# a possessive speaks like its subject pronoun: "his attacks on Curiel" are his
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}
_APPOSITIVE_START = re.compile(rf",|\s(?:—|–|--)\s|\s\((?!{PARTY}[-)])")
ANTECEDENT_REACH = 100  # characters searched before "who" for what it stands for
_TOKEN = re.compile(r"[^\s,]+")
_PARTY_LABEL = re.compile(rf"\s*\({PARTY}(?:-[^()]{{1,15}})?\)\s*$")
_POSSESSIVE = re.compile(r"['’]s?$")


def _is_capitalised(token: str) -> bool:
    return bool(token) and (token[0].isupper() or token[0].isdigit())


def _antecedent(text: str, span: Span, rules) -> Optional[Span]:
    """For a relative pronoun ("Ted Cruz, who said"; lexicon ``relative_pronoun``), the
    speaker phrase it stands for: the longest one that ends right before it in its line,
    after a comma, a dash or an opening parenthesis ("Donald Trump - who said", "Murphy
    (who ..."). When that is no person's name or a place ("at Harvard, who"), a name whose
    appositive ends there is meant ("Harlan Crow, a Texas developer, who"). A second
    relative clause ("Ted Cruz, who ..., and who has been hoping") stands for what the
    first one does."""
    if (text[span.start:span.end].casefold() not in rules.words("relative_pronoun")
            or rules.grammar is None):
        return None
    tail = r"(?:,|\s?(?:—|–|--|-|\())?[ \t\u00a0]{0,3}$"
    before = rules.memo("antecedent", lambda: rules.grammar.compile(
        rf"(?<![\w'’\-])(?:{rules.grammar.core}){tail}"))
    line_start = text.rfind("\n", 0, span.start) + 1
    reach = max(line_start, span.start - ANTECEDENT_REACH)
    found = _phrase_before(before, text, reach, span.start)
    if found is None or not _names_a_person(text, found, reach, rules):
        named = rules.memo("antecedent_appositive", lambda: rules.grammar.compile(
            rf"(?:{rules.grammar.speaker}){tail}"))
        fuller = _phrase_before(named, text, reach, span.start)
        if (fuller is not None and not _SENTENCE_END.search(text, fuller.start, fuller.end)
                and analyse_mention(text, fuller, rules).kind == "name"):
            found = fuller
    if found is None:
        return _first_relative_antecedent(text, span, line_start, rules)
    return found


def _phrase_before(regex: re.Pattern, text: str, start: int, end: int) -> Optional[Span]:
    """The longest phrase ``regex`` finds ending at ``end``, without its separator."""
    found = regex.search(text, start, end)
    if found is None:
        return None
    stop = found.start() + len(found.group().rstrip(" \t\u00a0,-—–("))
    return Span(found.start(), stop) if stop > found.start() else None


def _names_a_person(text: str, phrase: Span, start: int, rules) -> bool:
    """Whether a phrase is a name that no preposition makes a place ("a professor at
    Harvard")."""
    if analyse_mention(text, phrase, rules).kind != "name":
        return False
    not_a_person_before = _not_a_person_before(rules)
    return not not_a_person_before.search(text, start, phrase.start)


_AND_RELATIVE = re.compile(r"(?:,\s*|\s)and\s+$")


def _first_relative_antecedent(text: str, span: Span, line_start: int, rules) -> Optional[Span]:
    """"X, who ..., and who": the antecedent of the same relative pronoun before "and"."""
    reach = max(line_start, span.start - ANTECEDENT_REACH * 3)
    if not _AND_RELATIVE.search(text, reach, span.start):
        return None
    word = text[span.start:span.end].casefold()
    at = text.casefold().rfind(f" {word} ", reach, span.start - 1)
    if at < 0:
        return None
    return _antecedent(text, Span(at + 1, at + 1 + len(word)), rules)


MAX_ANALYSED = 20_000  # mention texts remembered per rule set


def analyse_mention(text: str, span: Span, rules) -> Mention:
    """Split a speaker phrase into name, role, title and kind."""
    raw = text[span.start:span.end]
    # the analysis depends on the phrase alone, and news repeats its speakers
    # ("Trump", "the president"): each phrase is analysed once, at offset 0
    analysed = rules.memo("mention_analyses", dict)
    found = analysed.get(raw)
    if found is None:
        if len(analysed) >= MAX_ANALYSED:
            analysed.clear()
        found = analysed[raw] = _analyse_mention(raw, Span(0, len(raw)), rules)
    return Mention(span, raw, found.kind,
                   Span(span.start + found.head.start, span.start + found.head.end),
                   found.name, found.role, found.title, found.number)


def _analyse_mention(text: str, span: Span, rules) -> Mention:
    raw = text[span.start:span.end]
    # the appositive follows a comma, sits between dashes ("Murphy — after a pause —") or in
    # parentheses ("Murphy (a Connecticut Democrat)"; not a party label, "(D-Conn.)")
    split = _APPOSITIVE_START.search(raw)
    head_text = raw if split is None else raw[:split.start()]
    # a party label after the name is no part of it: "Sen. Bernie Sanders (I-Vt.)"
    head_text = _PARTY_LABEL.sub("", head_text)
    appositive = "" if split is None else raw[split.end():].strip(" ,—–-")
    head_end = span.start + len(head_text.rstrip())
    tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(head_text)]
    words = [t for t, _ in tokens]
    lower = [w.casefold() for w in words]
    titles, roles = rules.words("title"), rules.words("role")
    groups, orgs, docs = (rules.words("group_noun"), rules.words("organization_noun"),
                          rules.words("document_noun"))
    head_span = Span(span.start, head_end)
    if len(words) == 1 and (lower[0] in rules.words("pronoun") or lower[0] in POSSESSIVE_PRONOUNS):
        return Mention(span, raw, "pronoun", head_span,
                       number=_pronoun_number(POSSESSIVE_PRONOUNS.get(lower[0], lower[0])))
    # the unions are built once per rule set: unions of lexicons of thousands of
    # words, built for each mention, were most of this stage's time
    lexical = rules.memo("mention_lexical", lambda: titles | roles | groups | orgs | docs)
    titles_roles = rules.memo("mention_titles_roles", lambda: titles | roles)
    not_in_name = rules.memo("mention_not_in_name", lambda: lexical | rules.words("modifier")
                             | rules.words("determiner"))
    # the proper name: trailing capitalised words that are not lexicon words
    name_start = len(words)
    particles = rules.words("name_particle")
    while name_start > 0:
        k = name_start - 1
        w, lw = words[k], _POSSESSIVE.sub("", lower[k])
        if (_is_capitalised(w) and lw not in lexical and lw not in rules.words("determiner")) or (
                lw in particles and name_start < len(words) and name_start > 1):
            name_start -= 1
        elif (_is_capitalised(w) and k > 0 and _is_capitalised(words[k - 1])
              and not _ends_title(lower, k, titles_roles)
              and lower[k - 1] not in not_in_name):
            # a title word inside a name: "Martin Luther King Jr.", "Amy Bishop"
            name_start -= 1
        else:
            break
    while name_start < len(words) and lower[name_start] in particles:
        name_start += 1
    name_words = words[name_start:]
    before = words[:name_start]
    before_lower = lower[:name_start]
    determiner = before_lower[0] if before_lower and before_lower[0] in rules.words(
        "determiner") else None
    # "a spokesman" describes someone unnamed, "the spokesman" points back to someone
    indefinite = determiner in rules.words("indefinite_determiner")
    descriptive = before[1:] if determiner else before
    title_words = [w for w in descriptive if w.casefold() in titles]
    role = " ".join(descriptive) or None
    title = " ".join(title_words) or None
    appositive_role = _appositive_role(appositive, rules)
    if name_words:
        name = " ".join(name_words)
        kind = "name"
        if determiner == "the" and not descriptive:
            kind = "organization"
        elif any(_POSSESSIVE.sub("", w.casefold()) in orgs for w in name_words) or (
                len(name_words) == 1 and name_words[0].isupper() and len(name_words[0]) > 1
                and not name_words[0].endswith(".")):
            kind = "organization"
        elif name in rules.words("outlet") or name.casefold() in rules.words("outlet"):
            kind = "organization"
        return Mention(span, raw, kind, head_span, name=name,
                       role=appositive_role or role, title=title)
    # no name in the head: maybe the appositive is the name ("the company's spokesman, John Smith,")
    if appositive and all(_is_capitalised(w) for w in appositive.split()) and len(
            appositive.split()) <= 4:
        return Mention(span, raw, "name", head_span, name=appositive,
                       role=" ".join(descriptive) or None, title=title)
    head = _POSSESSIVE.sub("", lower[-1]) if lower else ""
    two = " ".join(lower[-2:]) if len(lower) >= 2 else head
    first_part = appositive.split(",")[0].strip()
    if (indefinite and (head in docs or two in docs) and first_part
            and len(first_part.split()) <= 4
            and all(_is_capitalised(w) for w in first_part.split())):
        # "In a statement, Brian Fallon, a spokesman for the campaign, said": the
        # document is where the named person spoke
        rest = appositive[len(first_part):].strip(" ,")
        at = raw.find(first_part, len(head_text))
        name_span = Span(span.start + at, span.start + at + len(first_part))
        return Mention(span, raw, "name", name_span, name=first_part,
                       role=_appositive_role(rest, rules) if rest else None)
    if head in groups or two in groups:
        kind, number = "group", "plural"
    elif head in orgs or two in orgs:
        kind, number = "organization", "singular"
    elif head in docs or two in docs:
        kind, number = "document", "singular"
    elif head in roles or two in roles:
        kind = "descriptor" if indefinite else "title"
        number = "singular"
    elif head.endswith("s") and (head[:-1] in roles or head[:-1] in docs):
        kind, number = "group", "plural"
    elif head.endswith("s") and not head.endswith("ss"):
        kind, number = "group", "plural"
    elif determiner is not None:
        # "the gambling tycoon", "a man": a person described, not named
        kind = "descriptor" if indefinite else "title"
        number = "singular"
    else:
        kind, number = "organization", "singular"
    if kind not in ("title", "descriptor"):
        role = None  # "the post", "Ukrainian officials": a label, not a person's role
    return Mention(span, raw, kind, head_span, role=appositive_role or role, title=title,
                   number=number)


def _ends_title(lower: Sequence[str], k: int, titles: frozenset) -> bool:
    """Whether words ending at ``k`` form a multi-word title ("Majority Leader")."""
    return any(" ".join(lower[j:k + 1]) in titles for j in range(max(0, k - 3), k))


def _pronoun_number(word: str) -> str:
    return "plural" if word in ("they", "we") else "singular"


_NOT_A_ROLE = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV|\d{1,3})$")
_AGE = re.compile(r"^\d{1,3},\s*")


def _appositive_role(appositive: str, rules) -> Optional[str]:
    """The role an appositive states: "a spokesperson for X" → "spokesperson for X".

    A name suffix ("Jr.") or an age ("45") is not a role; an age before a role
    ("60, a doctor") is dropped.
    """
    appositive = _AGE.sub("", appositive.strip())
    if not appositive or _NOT_A_ROLE.match(appositive):
        return None
    words = appositive.split()
    if words[0].casefold() in ("who", "which", "whose", "whom", "where", "when"):
        return None
    while words and words[0].casefold() in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words) or None


@attrs.define
class _Entity:
    name: str
    type: str
    role: Optional[str] = None
    forms: List[str] = attrs.field(factory=list)
    gender: Optional[str] = None
    tokens: Tuple[str, ...] = ()
    last: int = -1
    role_words: set = attrs.field(factory=set)

    def seen(self, form: str, position: int, role: Optional[str],
             appositive: bool = False) -> None:
        if form not in self.forms:
            self.forms.append(form)
        self.last = max(self.last, position)
        if role and (appositive or not self.role):
            # an appositive ("a spokesperson for ...") says more than a title
            self.role = role
        if role:
            self.role_words.update(w.casefold() for w in role.split())


def _name_tokens(name: str) -> Tuple[str, ...]:
    return tuple(_POSSESSIVE.sub("", w).casefold().strip(".") for w in name.split())


def is_subsequence(small: Sequence[str], big: Sequence[str]) -> bool:
    it = iter(big)
    return bool(small) and all(t in it for t in small)


class _Resolver:
    def __init__(self) -> None:
        self.entities: List[_Entity] = []
        self.labelled: Dict[Tuple[str, str], _Entity] = {}
        self.by_token: Dict[str, List[_Entity]] = {}

    def person_by_name(self, mention: Mention, future: List[Mention]) -> _Entity:
        tokens = _name_tokens(mention.name)
        candidates = []
        # only people sharing a name token can match: an index keeps this
        # independent of how many speakers the document has
        seen: set = set()
        for token in tokens:
            for e in self.by_token.get(token, ()):
                if id(e) in seen:
                    continue
                seen.add(id(e))
                if (is_subsequence(tokens, e.tokens) or is_subsequence(e.tokens, tokens)
                        or (len(tokens) == 1 and tokens[0] in (e.tokens[0], e.tokens[-1]))
                        or (len(e.tokens) == 1 and e.tokens[0] in (tokens[0], tokens[-1]))):
                    candidates.append(e)
        if candidates:
            entity = max(candidates, key=lambda e: e.last)
        else:
            entity = _Entity(mention.name, "person", tokens=tokens)
            # a short name first, the full name later: take the fuller form now
            for later in future:
                later_tokens = _name_tokens(later.name)
                if len(later_tokens) > len(tokens) and is_subsequence(tokens, later_tokens):
                    entity.name, entity.tokens = later.name, later_tokens
                    break
            self.entities.append(entity)
        if len(tokens) > len(entity.tokens):
            entity.name, entity.tokens = mention.name, tokens
        for token in entity.tokens:
            if entity not in self.by_token.setdefault(token, []):
                self.by_token[token].append(entity)
        return entity

    def known_person(self, mention: Mention) -> Optional[_Entity]:
        """The latest person already seen whose name fits ``mention``'s, if any."""
        tokens = _name_tokens(mention.name)
        found = [e for token in tokens for e in self.by_token.get(token, ())
                 if e.type == "person" and (is_subsequence(tokens, e.tokens)
                                            or is_subsequence(e.tokens, tokens))]
        return max(found, key=lambda e: e.last) if found else None

    def by_label(self, label: str, kind: str) -> _Entity:
        key = (kind, label.casefold())
        if key not in self.labelled:
            self.labelled[key] = _Entity(label, kind, tokens=_name_tokens(label))
            self.entities.append(self.labelled[key])
        return self.labelled[key]

    def last_of(self, types: Sequence[str], before: int, gender: Optional[str] = None,
                role_word: Optional[str] = None) -> Optional[_Entity]:
        best = None
        for e in self.entities:
            if e.type not in types or e.last >= before or e.last < 0:
                continue
            if gender and e.gender and e.gender != gender:
                continue
            if role_word and role_word not in e.role_words and role_word not in e.tokens:
                continue
            if best is None or e.last > best.last:
                best = e
        return best


def _label(mention: Mention) -> str:
    """The head without a leading article: "Ukrainian officials", "White House"."""
    words = _head_text(mention).split()
    while words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) or mention.text


class SentenceSubjects:
    """The named people, groups and organisations that open sentences
    ("Clinton, speaking in Ohio, talked ..."): antecedents for a later pronoun
    besides the speakers of claims. A sentence is searched only when a pronoun
    looks back at it (at most ``SUBJECT_SENTENCES`` sentences back), once,
    quotes masked: most sentences are never searched."""

    def __init__(self, text: str, masked: str, sentences: Sequence[Segment], rules) -> None:
        self.text, self.masked, self.sentences, self.rules = text, masked, sentences, rules
        self.starts = [s.span.start for s in sentences]
        self.found: Dict[int, Optional[Mention]] = {}
        self.subject = (rules.memo("named_subject", lambda: _named_subject_regex(rules))
                        if rules.grammar is not None else None)

    def at(self, index: int) -> Optional[Mention]:
        if index not in self.found:
            self.found[index] = self._search(self.sentences[index].span)
        return self.found[index]

    def _search(self, span: Span) -> Optional[Mention]:
        m = self.subject.match(self.masked[span.start:span.end])
        if m is None:
            return None
        start, end = (span.start + i for i in m.span("speaker"))
        while end > start and self.text[end - 1] in " ,":
            end -= 1
        mention = analyse_mention(self.text, Span(start, end), self.rules)
        return mention if mention.kind in ("name", "group", "organization") else None

    def nearer(self, before: int, after: int) -> List[Mention]:
        """The sentence subjects between ``after`` and ``before``, nearest first."""
        if self.subject is None:
            return []
        k = bisect.bisect_right(self.starts, before)
        nearer: List[Mention] = []
        for index in range(k - 1, max(-1, k - 1 - SUBJECT_SENTENCES), -1):
            if len(nearer) >= SUBJECT_REACH or self.sentences[index].span.end <= after:
                break
            m = self.at(index)
            if m is None:
                continue
            if m.span.start <= after:
                break
            if m.span.end <= before:
                nearer.append(m)
        return nearer


def sentence_subjects(text: str, masked: str, sentences: Sequence[Segment], rules
                      ) -> SentenceSubjects:
    """The sentence subjects of a document, searched as pronouns need them."""
    return SentenceSubjects(text, masked, sentences, rules)


def _named_subject_regex(rules) -> re.Pattern:
    """A sentence's subject: after at most three introductory phrases, a speaker
    phrase (with its appositive; capitalised words the grammar has no place for may
    open the sentence before it: "Ohio Gov. John Kasich") right before a word that can be its verb (lexicon
    ``clause_verb``, or a lower-case word in -ed or -s; an adverb in -ly may come between:
    "Hillary Clinton aggressively prosecuted"), with no other comma between
    ("in Columbus, Ohio, said": Ohio is part of a phrase of place)."""
    lexicon = rules.phrases
    return rules.grammar.compile(
        rf"(?:[^,{QUOTE_FILL}]{{1,80}},{OPT_WS}){{0,3}}?"
        rf"(?:[A-Z][\w.’'\-]*{WS}){{0,3}}?(?P<speaker>{rules.grammar.speaker})"
        rf"(?={WS}(?:[a-z]+ly{WS})?(?!{lexicon('subject_continuation')})"
        rf"(?:{lexicon('clause_verb')}|[a-z]+(?:ed|[^\Ws]s))\b)")


def _title_genders(rules) -> Dict[str, str]:
    """Each title word (case-folded) the title lexicon gives a gender → that gender."""
    lexicon = rules.lexicons.get("title")
    return {e.phrase.casefold(): e.gender for e in (lexicon.entries if lexicon else ())
            if e.gender}


def resolve_speakers(text: str, attributions: Sequence[Attribution], rules,
                     subjects: Optional[SentenceSubjects] = None
                     ) -> List[Tuple[Optional[Speaker], Optional[Mention], Optional[SourceMention]]]:
    """For each attribution: (speaker, the mention that named it, source to use).

    A follow-on quote has no mention of its own: the mention returned is the
    one that named the speaker of the claim it continues. ``subjects``
    (see ``sentence_subjects``): named sentence subjects that a "he" or "she"
    may stand for when they come after the last speaker of that gender.
    """
    resolver = _Resolver()
    mentions: List[Optional[Mention]] = [
        _as_transcript_label(text, analyse_mention(
            text, _antecedent(text, a.speaker_span, rules) or a.speaker_span, rules))
        if a.speaker_span is not None else None
        for a in attributions]
    names = sorted((m for m in mentions if m is not None and m.kind == "name"),
                   key=lambda m: m.span.start)
    name_starts = [m.span.start for m in names]

    def person(named: Mention) -> _Entity:
        """The person a name mention stands for, fuller forms among the names after it."""
        k = bisect.bisect_right(name_starts, named.span.start)
        return resolver.person_by_name(named, names[k:k + LOOKAHEAD_NAMES])
    # content starts of attributions whose speaker is known, for "the last one before"
    resolved_starts: List[int] = []
    resolved_at: List[int] = []
    entity_of: List[Optional[_Entity]] = [None] * len(attributions)
    named_by: List[Optional[Mention]] = list(mentions)
    sources: List[Optional[SourceMention]] = [a.source for a in attributions]
    by_content: Dict[Span, int] = {a.content: i for i, a in enumerate(attributions)}
    order = sorted(range(len(attributions)),
                   key=lambda i: (attributions[i].speaker_from == "previous",
                                  (attributions[i].speaker_span or attributions[i].content).start))
    for i in order:
        a, mention = attributions[i], mentions[i]
        position = (a.speaker_span or a.content).start
        entity = None
        if a.speaker_from == "none":
            pass  # "X is expected to ...": the text names no one who expects it
        elif mention is None:
            ref = by_content.get(a.continues) if a.continues is not None else None
            if ref is None:
                k = bisect.bisect_left(resolved_starts, a.content.start)
                ref = resolved_at[k - 1] if k > 0 else None
            if ref is not None:
                entity = entity_of[ref]
                # the mention that named the speaker of a follow-on quote is the
                # one of the claim it continues
                named_by[i] = named_by[ref]
                if sources[i] is None and attributions[ref].kind != "indirect":
                    sources[i] = sources[ref]
        elif mention.kind == "name":
            entity = person(mention)
        elif mention.kind == "pronoun":
            word = mention.text.casefold()
            word = POSSESSIVE_PRONOUNS.get(word, word)
            if word in ("he", "she"):
                gender = "male" if word == "he" else "female"
                entity = resolver.last_of(("person",), position, gender)
                floor = entity.last if entity is not None else -1
                if mention.text.casefold() in POSSESSIVE_PRONOUNS:
                    # "forcing Sanders to reverse his opposition": a possessive
                    # belongs to the nearest name of its own sentence
                    near = _name_before(text, mention.span.start, rules)
                    if near is not None and (entity is None or entity.last < near.span.start):
                        candidate = person(near)
                        if candidate.gender in (None, gender):
                            entity, floor = candidate, near.span.start
                    # "many of Mrs. Clinton's statements ... to defend her decision": a
                    # known person of that gender named as an owner nearer still
                    owner = _owner_before(text, mention.span.start, rules)
                    if owner is not None and owner.span.start > floor:
                        candidate = resolver.known_person(owner)
                        if candidate is not None and candidate.gender == gender:
                            entity, floor = candidate, owner.span.start
                else:
                    # "Later, when I emailed Brafman ..., he replied": the person
                    # the fronted clause just before names
                    near = _fronted_clause_name(text, mention.span.start, rules)
                    if near is not None:
                        candidate = person(near)
                        if candidate.gender in (None, gender):
                            entity, floor = candidate, near.span.start
                nearer = subjects.nearer(mention.span.start, floor) if subjects else []
                for candidate in nearer:
                    if candidate.kind != "name":
                        continue
                    subject_entity = person(candidate)
                    if subject_entity.gender in (None, gender):
                        entity = subject_entity
                        break
                if entity is not None and entity.gender is None:
                    entity.gender = gender
            elif word in ("they", "we"):
                entity = (resolver.last_of(("group", "organization"), position)
                          or resolver.last_of(("person",), position))
                entity = _nearer_label(resolver, subjects, mention, entity,
                                       "group") or entity
            elif word == "it":
                entity = resolver.last_of(("organization",), position)
                entity = _nearer_label(resolver, subjects, mention, entity,
                                       "organization") or entity
            elif word == "i":
                # "FALLIN: Well, I think ...": the label of a transcript line speaks
                label = _line_label(text, mention.span.start, rules)
                if label is not None:
                    entity = person(label)
                else:
                    entity = resolver.last_of(("person",), position)
        elif mention.kind == "title":
            head = _head_text(mention).split()[-1].casefold()
            entity = (resolver.last_of(("person",), position, role_word=head)
                      or resolver.by_label(_label(mention), "person"))
        elif mention.kind == "document":
            entity, source = _document_author(mention, a, attributions, entity_of, sources,
                                              rules)
            if entity is not None and sources[i] is None:
                sources[i] = source
            if entity is None:
                entity = resolver.by_label(_label(mention), "organization")
                head = _label(mention).split()[-1].casefold()
                if sources[i] is None and head in rules.words("channel_document"):
                    # "the email read", "the statement said": the document is the channel
                    sources[i] = SourceMention(None, "document", _document_modes(rules, head)[0],
                                               mention.head, "document-speaker")
        elif mention.kind == "descriptor":
            # each anonymous descriptor keeps its article: "a Ukrainian Military official"
            entity = resolver.by_label(_head_text(mention), "anonymous")
        elif mention.kind == "group":
            entity = resolver.by_label(_label(mention), "group")
        else:  # organization
            entity = resolver.by_label(mention.name or _label(mention), "organization")
        if entity is not None and mention is not None:
            entity.seen(_head_text(mention), position, mention.role,
                        appositive="," in mention.text and mention.role is not None)
            if mention.title and entity.gender is None:
                # "Mrs.", "Queen": the title lexicon's entries with a gender
                genders = rules.memo("title_genders", lambda: _title_genders(rules))
                lowered = mention.title.casefold().split()
                if any(genders.get(t) == "female" for t in lowered):
                    entity.gender = "female"
                elif any(genders.get(t) == "male" for t in lowered):
                    entity.gender = "male"
        elif entity is not None:
            entity.last = max(entity.last, position)
        entity_of[i] = entity
        if entity is not None:
            k = bisect.bisect_left(resolved_starts, a.content.start)
            resolved_starts.insert(k, a.content.start)
            resolved_at.insert(k, i)
    speakers = {id(e): Speaker(e.name, e.type, e.role, tuple(e.forms)) for e in resolver.entities}
    result = []
    for i, a in enumerate(attributions):
        entity = entity_of[i]
        speaker = speakers.get(id(entity)) if entity is not None else None
        if speaker is None and named_by[i] is not None:
            # unresolved ("he" with no person before it): the mention names the speaker
            m = named_by[i]
            speaker = Speaker(_head_text(m), _type_of(m), m.role,
                              (_head_text(m),))
        result.append((speaker, named_by[i], sources[i]))
    return result


SUBJECT_REACH = 3  # sentence subjects tried for a pronoun, nearest first
SUBJECT_SENTENCES = 8  # sentences a pronoun looks back at for them


_SENTENCE_END = re.compile(r"[.!?][\"”’']*\s|\n")


def _sentence_start(text: str, before: int) -> int:
    """Where the sentence holding offset ``before`` starts (looking back at most
    3 x ANTECEDENT_REACH characters)."""
    start = max(0, before - ANTECEDENT_REACH * 3)
    ends = list(_SENTENCE_END.finditer(text, start, before))
    return ends[-1].end() if ends else start


def _not_a_person_before(rules) -> re.Pattern:
    """What makes the name after it no person: a preposition (lexicon
    not_person_preposition: "a professor at Harvard"), a possessive or a place's comma."""
    return rules.memo("not_a_person_before", lambda: re.compile(
        rf"(?:{rules.phrases('not_person_preposition')}|['’]s?|\b[A-Z][\w.]*,)\s*$"))


def _proper_name(rules) -> re.Pattern:
    """A proper name of the speaker grammar, as a whole word."""
    return rules.memo("possessive_name", lambda: re.compile(
        rf"(?<![\w'’\-]){rules.grammar.name}(?![\w'’])"))


def _name_before(text: str, before: int, rules) -> Optional[Mention]:
    """The last proper name (a person's, as far as its analysis tells) in the
    sentence before ``before``; a name after a preposition is a place or a thing."""
    start = _sentence_start(text, before)
    name = _proper_name(rules)
    not_a_person_before = _not_a_person_before(rules)
    last = None
    for m in name.finditer(text, start, before):
        if not_a_person_before.search(text, start, m.start()):
            continue
        last = m
    if last is None:
        return None
    mention = analyse_mention(text, Span(last.start(), last.end()), rules)
    return mention if mention.kind == "name" else None


def _owner_before(text: str, before: int, rules) -> Optional[Mention]:
    """The last name in the sentence before ``before`` that owns something ("Mrs.
    Clinton's statements")."""
    start = _sentence_start(text, before)
    owner = rules.memo("possessive_owner", lambda: re.compile(
        rf"(?<![\w'’\-]){rules.grammar.name}(?=['’]s?(?!\w))"))
    last = None
    for last in owner.finditer(text, start, before):
        pass
    if last is None:
        return None
    mention = analyse_mention(text, Span(last.start(), last.end()), rules)
    return mention if mention.kind == "name" else None


_TRANSCRIPT_LABEL_END = re.compile(r"[ \t]*:")


def _as_transcript_label(text: str, mention: Mention) -> Mention:
    """A name in capitals that opens a line before a colon ("FALLIN: I think ...") labels
    who speaks in a transcript: a person, though one capitalised word reads as an acronym."""
    if (mention.kind == "organization" and mention.name and mention.name.isupper()
            and (mention.span.start == 0 or text[mention.span.start - 1] == "\n")
            and _TRANSCRIPT_LABEL_END.match(text, mention.span.end)):
        return attrs.evolve(mention, kind="name")
    return mention


_LINE_LABEL = re.compile(r"(?P<label>[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3})[ \t]*:[ \t]")


def _line_label(text: str, before: int, rules) -> Optional[Mention]:
    """The name that labels the line ``before`` is on, as a transcript or an interview
    labels who speaks ("FALLIN: Well, I think ...", "Clinton: I support ...")."""
    line_start = text.rfind("\n", 0, before) + 1
    m = _LINE_LABEL.match(text, line_start, before)
    if m is None:
        return None
    mention = _as_transcript_label(text, analyse_mention(text, Span(*m.span("label")), rules))
    return mention if mention.kind == "name" else None


def _fronted_clause_name(text: str, before: int, rules) -> Optional[Mention]:
    """The person a fronted subordinate clause of the first or second person names,
    when it ends right before ``before``: "Later, when I emailed Brafman to thank him,
    he replied" (Brafman replied). A clause with a third-person subject ("Though he did
    not mention Rubio, he ...", "If Trump loses, he said") says nothing of who "he" is."""
    start = _sentence_start(text, before)
    clause = rules.memo("pronoun_fronted_clause", lambda: re.compile(
        rf"(?:(?:{rules.phrases('sentence_connective')}),?\s+)?"
        rf"(?i:{rules.phrases('fronted_subordinator')}|after|before|as)\s+(?:I|[Ww]e|[Yy]ou)\s"
        rf"[^,;:]{{1,200}},\s*$"))
    if not clause.match(text, start, before):
        return None
    name = _proper_name(rules)
    not_a_person_before = _not_a_person_before(rules)
    for m in name.finditer(text, start, before):
        if not_a_person_before.search(text, start, m.start()):
            continue
        mention = analyse_mention(text, Span(m.start(), m.end()), rules)
        if mention.kind == "name":
            return mention
    return None


def _nearer_label(resolver, subjects, mention: Mention, entity, kind: str):
    """A group ("they") or organisation ("it") that opens a sentence after the
    last speaker of its kind and before the pronoun."""
    if not subjects:
        return None
    after = entity.last if entity is not None else -1
    for candidate in subjects.nearer(mention.span.start, after):
        if candidate.kind == kind:
            return resolver.by_label(candidate.name or _label(candidate), kind)
    return None


def _type_of(mention: Mention) -> str:
    if mention.kind == "pronoun":
        return "group" if mention.number == "plural" else "person"
    return {"name": "person", "title": "person", "descriptor": "anonymous",
            "group": "group"}.get(mention.kind, "organization")


def _head_text(mention: Mention) -> str:
    """The mention without its appositive: "Colonel Ivan" of "Colonel Ivan, a spokesman,"
    (the name, when the appositive holds it: "a statement, Brian Fallon, ...")."""
    if mention.head.start > mention.span.start:
        return mention.text[mention.head.start - mention.span.start:
                            mention.head.end - mention.span.start]
    return mention.text.split(",")[0].strip()


def _document_author(mention: Mention, a: Attribution, attributions, entity_of, sources,
                     rules):
    """The speaker and source of the latest earlier claim made through this kind of document.

    Looks back at most ``DOCUMENT_LOOKBACK`` claims: "the post added" refers to
    a post mentioned shortly before, and the bound keeps long documents linear.
    """
    head = _head_text(mention).split()[-1].casefold()
    modes = _document_modes(rules, head)
    here = _position(attributions, a)
    for j in range(here - 1, max(-1, here - 1 - DOCUMENT_LOOKBACK), -1):
        src = sources[j]
        if entity_of[j] is not None and src is not None and src.mode in modes:
            return entity_of[j], src
    return None, None


def _document_modes(rules, noun: str) -> Tuple[str, ...]:
    """The channel modes a document noun points back to (lexicon ``document_mode``, in
    entry order: "message" → post, email), or the noun itself as the one mode."""
    modes = rules.memo("document_modes", lambda: _document_mode_map(rules))
    return modes.get(noun, (noun,))


def _document_mode_map(rules) -> Dict[str, Tuple[str, ...]]:
    lexicon = rules.lexicons.get("document_mode")
    modes: Dict[str, Tuple[str, ...]] = {}
    for entry in lexicon.entries if lexicon else ():
        noun = entry.phrase.casefold()
        if entry.mode and entry.mode not in modes.get(noun, ()):
            modes[noun] = modes.get(noun, ()) + (entry.mode,)
    return modes


def _position(attributions, a: Attribution) -> int:
    """Index of ``a`` among attributions in text order (bisection on content starts)."""
    lo, hi = 0, len(attributions)
    while lo < hi:
        mid = (lo + hi) // 2
        if attributions[mid].content.start < a.content.start:
            lo = mid + 1
        else:
            hi = mid
    return lo
