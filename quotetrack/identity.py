"""Speaker identity across documents: one key per person, whatever the spelling.

Within a document, :mod:`quotetrack.speakers` already resolves ``He``,
``the Kremlin spokesman`` and ``Peskov`` to one :class:`Speaker`. Across
documents the same person is written ``Peskov``, ``Dmitry Peskov``,
``Dmitriy Peskov`` or ``Kremlin spokesman Dmitri Peskov``. This module gives
each speaker a **key** that is equal for all of these and differs for
``Joe Biden`` and ``Hunter Biden``.

How a key is made (:func:`speaker_key`, deterministic, no collection needed):

1. the appositive after a comma is dropped, then titles, role words,
   modifiers and determiners at the front (the ``title``, ``role``,
   ``modifier`` and ``determiner`` lexicons of ``rules/roles.yaml``) and
   suffixes at the end (``name_suffix``: Jr., III) are stripped, and so is
   everything up to the last title or role word before the name
   (``Libyan leader Moammar Gadhafi``); the last word is never stripped;
2. each remaining word is folded for transliteration (:func:`fold_word`):
   accents removed, case folded, punctuation dropped, then ``ph``→``f``,
   ``ck``→``k``, ``kh``→``h``, ``w``→``v``, ``x``→``ks``, ``q``→``k``, a final
   ``j`` after a vowel → ``i``, ``y``→``i``, and doubled letters
   collapsed, so ``Dmitry``, ``Dmitriy``, ``Dmitrij`` and ``Dmitri`` all
   become ``dmitri``, and ``-skyy``, ``-sky``, ``-skiy`` all ``-ski``;
3. a person's core is the first and last folded word (middle names and
   initials dropped: ``Joseph R. Biden`` → ``joseph biden``), or the one word;
   organisations and groups keep every word;
4. an entry of the alias file (``aliases:`` in any rule file, see
   ``rules/aliases.yaml``) whose name or one of whose aliases has that core
   replaces it by the core of its canonical ``name``;
5. the key is ``TYPE:CORE``: ``person:dmitri peskov``,
   ``organization:vhite house``, ``group:ukrainian oficials``. A speaker
   without a proper name (:func:`is_proper_name`: anonymous descriptors like
   ``a senior official``, an unresolved ``he``, ``his campaign``) is never
   assumed to be the same in two documents: ``TYPE:DOC_ID:WORDS``.

Across a collection (:func:`identify_speakers`), a bare surname
(``person:peskov``) joins the one full name with that last word
(``person:dmitri peskov``) when exactly one such full name is in the
collection; with two (``Joe Biden``, ``Hunter Biden``) the bare ``Biden``
stays a speaker of its own. A key is therefore stable for a given collection;
a bare-surname key can change when a full name arrives, so a store should
recompute identities over everything it holds (it is cheap) rather than keep
old keys.

Limits: Latin script only (Cyrillic ``Песков`` is not transliterated);
nicknames (Joe/Joseph) and spellings the folding cannot reach
(Gaddafi/Kadhafi) need an alias entry; a bare first name (``Colonel Ivan``
with no surname in its document) joins nobody across documents; two
different people with the same first and last name are one speaker.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from attrs import field, frozen

from .records import Claim, Extraction, Speaker

_REWRITES = (("ph", "f"), ("ck", "k"), ("kh", "h"), ("w", "v"), ("x", "ks"), ("q", "k"))
_FINAL_J = re.compile(r"(?<=[aeiouy])j$")
_DOUBLED = re.compile(r"(.)\1+")
_NOT_WORD = re.compile(r"[^\w]+")
_POSSESSIVE = re.compile(r"['’]s?$")


def fold_word(word: str) -> str:
    """One word, folded so that transliteration variants compare equal."""
    decomposed = unicodedata.normalize("NFKD", _POSSESSIVE.sub("", word))
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    text = _NOT_WORD.sub("", text).replace("_", "")
    for old, new in _REWRITES:
        text = text.replace(old, new)
    text = _FINAL_J.sub("i", text).replace("y", "i")
    return _DOUBLED.sub(r"\1", text)


def fold_name(name: str) -> Tuple[str, ...]:
    """Every word of ``name`` folded, empty words dropped (no lexicons needed).

    A hyphenated word stays one word (``Jean-Pierre`` → ``jeanpiere``).
    """
    words = (fold_word(w) for w in name.split(",")[0].split())
    return tuple(w for w in words if w)


def _strip_words(rules) -> Tuple[frozenset, frozenset]:
    def build():
        front = set()
        for lexicon in ("title", "role", "modifier", "determiner"):
            for phrase in rules.words(lexicon):
                front.update(phrase.split())
        return frozenset(front), frozenset(rules.words("name_suffix"))
    memo = getattr(rules, "memo", None)
    return memo("identity.strip", build) if memo else build()


def stripped_name(name: str, rules) -> str:
    """The name as written, without titles, roles, appositive and suffixes."""
    raw = [w for w in re.split(r"\s+", " ".join(name.split(",")[0].split())) if w]
    front, suffixes = _strip_words(rules)
    start, end = 0, len(raw)
    while end - start > 1 and raw[end - 1].casefold().rstrip(",") in suffixes:
        end -= 1
    while end - start > 1 and _POSSESSIVE.sub("", raw[start]).casefold() in front:
        start += 1
    roles = _role_words(rules)
    for k in range(end - 2, start - 1, -1):
        if raw[k].casefold() in roles:  # "Libyan leader X": what precedes a role is not a name
            start = k + 1
            break
    particles = rules.words("name_particle")
    # "al-Qaddafi" and "Qaddafi" are one surname: a particle glued by a hyphen is dropped
    kept = [w.split("-", 1)[1] if "-" in w[1:-1] and w.split("-", 1)[0].casefold() in particles
            else w for w in raw[start:end]]
    return " ".join(kept)


def name_words(name: str, rules) -> Tuple[str, ...]:
    """The folded words of a name with titles, roles and suffixes stripped."""
    return fold_name(stripped_name(name, rules))


def _role_words(rules) -> frozenset:
    def build():
        return frozenset(w for lexicon in ("title", "role") for phrase in rules.words(lexicon)
                         for w in phrase.split() if w.isalpha() and len(w) > 2)
    memo = getattr(rules, "memo", None)
    return memo("identity.roles", build) if memo else build()


def _core(words: Tuple[str, ...], speaker_type: str) -> Tuple[str, ...]:
    if speaker_type == "person" and len(words) > 2:
        return (words[0], words[-1])
    return words


def _alias_table(rules) -> Dict[Tuple[str, Tuple[str, ...]], Tuple[str, Tuple[str, ...], str]]:
    """(type, core) of every name and alias → (type, canonical core, canonical name)."""
    def build():
        table = {}
        for entry in getattr(rules, "aliases", ()):
            canonical = _core(name_words(entry.name, rules), entry.type)
            for form in (entry.name, *entry.aliases):
                core = _core(name_words(form, rules), entry.type)
                table.setdefault((entry.type, core), (entry.type, canonical, entry.name))
        return table
    memo = getattr(rules, "memo", None)
    return memo("identity.aliases", build) if memo else build()


def _identify(name: str, speaker_type: str, rules) -> Tuple[Tuple[str, ...], Optional[str]]:
    """(core, canonical name from the alias file or None)."""
    words = name_words(name, rules) if speaker_type == "person" else fold_name(
        _drop_determiner(name, rules))
    core = _core(words, speaker_type)
    hit = _alias_table(rules).get((speaker_type, core))
    return (hit[1], hit[2]) if hit else (core, None)


def _drop_determiner(name: str, rules) -> str:
    first, _, rest = name.strip().partition(" ")
    return rest if rest and first.casefold() in rules.words("determiner") else name


def speaker_key(name: str, speaker_type: str = "person", rules=None,
                doc_id: Optional[str] = None) -> str:
    """The stable key of one speaker name, without looking at other documents.

    ``speaker_key("Kremlin spokesman Dmitry Peskov")`` and
    ``speaker_key("Dmitriy Peskov")`` are both ``person:dmitri peskov``.
    Anonymous speakers are keyed per document (``doc_id``).
    """
    if rules is None:
        from .ruleset import load_rules
        rules = load_rules()
    if not is_proper_name(name, speaker_type, rules):
        return f"{speaker_type}:{doc_id or ''}:{' '.join(fold_name(name))}"
    core, _ = _identify(name, speaker_type, rules)
    return f"{speaker_type}:{' '.join(core)}"


def is_proper_name(name: str, speaker_type: str, rules) -> bool:
    """Whether a speaker's name can mean the same speaker in another document.

    Anonymous descriptors never can; a person needs a name in capitals
    (``Jane Doe``, not ``he``, ``which``, ``candidate`` or an unresolved
    ``tweet from ... who``); an organisation or group needs a capitalised
    word (``the White House``, ``Ukrainian officials``, not ``his campaign``).
    """
    if speaker_type == "anonymous":
        return False
    closed = _closed_words(rules)
    if speaker_type == "person":
        words = stripped_name(name, rules).split()
        particles = rules.words("name_particle")
        return bool(words) and words[0].casefold() not in closed and all(
            _capitalised(w) or w in particles for w in words)
    words = _drop_determiner(name, rules).split()
    return bool(words) and words[0].casefold() not in closed and any(
        _capitalised(w) for w in words)


def _capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper()


def _closed_words(rules) -> frozenset:
    def build():
        return frozenset(rules.words("pronoun") | rules.words("determiner")
                         | rules.words("function_word"))
    memo = getattr(rules, "memo", None)
    return memo("identity.closed", build) if memo else build()


@frozen
class RoleSeen:
    """A role a speaker was given, and the dates it was seen on."""

    role: str
    first_seen: Optional[str]
    last_seen: Optional[str]

    def to_dict(self) -> dict:
        return {"role": self.role, "first_seen": self.first_seen, "last_seen": self.last_seen}


@frozen
class Identity:
    """One person (or organisation, group) across every document read."""

    key: str
    name: str
    type: str
    surface_forms: Tuple[str, ...]
    names: Tuple[str, ...]  # the per-document canonical names merged here
    roles: Tuple[RoleSeen, ...]
    documents: Tuple[str, ...]

    @property
    def role(self) -> Optional[str]:
        """The most recently seen role."""
        dated = sorted(self.roles, key=lambda r: (r.last_seen or "", r.role))
        return dated[-1].role if dated else None

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "type": self.type,
                "surface_forms": list(self.surface_forms), "names": list(self.names),
                "roles": [r.to_dict() for r in self.roles], "documents": list(self.documents)}


def _doc_order(ex: Extraction) -> Tuple[str, str]:
    return (ex.meta.date or "", ex.doc_id)


@frozen
class SpeakerIndex:
    """Speakers of a collection merged into identities; look one up by claim."""

    identities: Dict[str, Identity] = field(hash=False)
    by_speaker: Dict[Tuple[str, str, str], str] = field(eq=False, repr=False)

    def key_of(self, doc_id: str, speaker: Optional[Speaker]) -> Optional[str]:
        """The identity key of a document's speaker (None for an unattributed claim)."""
        if speaker is None:
            return None
        return self.by_speaker.get((doc_id, speaker.type, speaker.name))

    def of_claim(self, claim: Claim) -> Optional[Identity]:
        key = self.key_of(claim.doc_id, claim.speaker)
        return self.identities.get(key) if key else None

    def find(self, name: str, rules=None) -> List[Identity]:
        """Identities a name (any spelling, with or without titles) can mean."""
        wanted = {speaker_key(name, t, rules) for t in ("person", "organization", "group")}
        folded = " ".join(fold_name(name))
        found = [i for k, i in sorted(self.identities.items())
                 if k in wanted or any(" ".join(fold_name(n)) == folded for n in i.names)]
        if not found:  # a bare surname matches every person with that last word
            last = fold_name(name)[-1:] if fold_name(name) else ()
            found = [i for k, i in sorted(self.identities.items())
                     if last and i.type == "person" and k.split(" ")[-1] == last[0]]
        return found

    def __iter__(self):
        return iter(self.identities[k] for k in sorted(self.identities))

    def __len__(self) -> int:
        return len(self.identities)


def identify_speakers(extractions: Iterable[Extraction], rules=None) -> SpeakerIndex:
    """Merge every document's speakers into identities across the collection.

    The result does not depend on the order of ``extractions`` (names,
    surface forms and roles are ordered by document date, then id).
    """
    if rules is None:
        from .ruleset import load_rules
        rules = load_rules()
    docs = sorted(extractions, key=_doc_order)
    sightings = []  # (doc, speaker, first key, alias name)
    scoped = set()  # keys of speakers that are not named: never joined across documents
    for ex in docs:
        for speaker in _speakers_of(ex):
            if not is_proper_name(speaker.name, speaker.type, rules):
                key, alias = speaker_key(speaker.name, speaker.type, rules, ex.doc_id), None
                scoped.add(key)
            else:
                core, alias = _identify(speaker.name, speaker.type, rules)
                key = f"{speaker.type}:{' '.join(core)}"
            sightings.append((ex, speaker, key, alias))
    keys = {key for _, _, key, _ in sightings} - scoped
    by_surname: Dict[str, set] = {}
    for key in keys:
        kind, _, core = key.partition(":")
        if kind == "person" and " " in core:
            by_surname.setdefault(core.rsplit(" ", 1)[1], set()).add(key)
    joined = {}
    for key in keys:
        kind, _, core = key.partition(":")
        fuller = by_surname.get(core, set()) if kind == "person" and " " not in core else set()
        joined[key] = next(iter(fuller)) if len(fuller) == 1 else key
    groups: Dict[str, list] = {}
    for ex, speaker, key, alias in sightings:
        groups.setdefault(joined.get(key, key), []).append((ex, speaker, alias))
    identities, by_speaker = {}, {}
    for key, members in groups.items():
        identities[key] = _identity(key, members, rules)
        for ex, speaker, _ in members:
            by_speaker[(ex.doc_id, speaker.type, speaker.name)] = key
    return SpeakerIndex(identities, by_speaker)


def _speakers_of(ex: Extraction) -> List[Speaker]:
    seen = dict.fromkeys(ex.speakers)
    for claim in ex.claims:
        if claim.speaker is not None:
            seen.setdefault(claim.speaker)
    return list(seen)


def _identity(key: str, members: Sequence, rules) -> Identity:
    forms, names, docs = {}, {}, {}
    counts: Dict[str, int] = {}
    roles: Dict[str, list] = {}
    alias_name = next((alias for _, _, alias in members if alias), None)
    for ex, speaker, _ in members:
        names.setdefault(speaker.name)
        docs.setdefault(ex.doc_id)
        for form in (speaker.surface_forms or (speaker.name,)):
            forms.setdefault(form)
        for claim in ex.claims:
            if claim.speaker == speaker:
                counts[speaker.name] = counts.get(speaker.name, 0) + 1
                role = claim.speaker.role
                when = claim.said_on or ex.meta.date
                if role:
                    roles.setdefault(role, []).append(when)
        if speaker.role and speaker.role not in roles:
            roles[speaker.role] = [ex.meta.date]
    # the display name: the alias file's, else the most used full name (then the longest)
    shown: Dict[str, int] = {}
    for n in names:
        plain = stripped_name(n, rules) if key.startswith("person:") else n
        shown[plain] = shown.get(plain, 0) + counts.get(n, 0)
    name = alias_name or min(shown, key=lambda n: (len(n.split()) < 2, -shown[n],
                                                   -len(n.split()), n))
    seen = [RoleSeen(role, min((d for d in dates if d), default=None),
                     max((d for d in dates if d), default=None))
            for role, dates in roles.items()]
    seen.sort(key=lambda r: (r.first_seen or "", r.role))
    return Identity(key, name, key.partition(":")[0], tuple(forms), tuple(names), tuple(seen),
                    tuple(docs))
