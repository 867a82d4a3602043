"""The immutable records that flow between the pipeline stages.

Every offset is a character offset into the document text exactly as read
(Python string indices), so any record can be traced back to the words it
came from.
"""
from __future__ import annotations

from typing import Optional

import attrs
from attrs import field, frozen


def _start_before_end(instance, attribute, value):
    if value < instance.start:
        raise ValueError(f"span end {value} before start {instance.start}")


@frozen(order=True)
class Span:
    """A half-open character range [start, end) of a document's text."""

    start: int = field(validator=attrs.validators.ge(0))
    end: int = field(validator=_start_before_end)

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        return text[self.start:self.end]

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return min(self.end, other.end) > max(self.start, other.start)

    def as_list(self) -> list:
        return [self.start, self.end]


@frozen
class Segment:
    """A paragraph or a sentence; sentences know their paragraph."""

    kind: str  # "paragraph" | "sentence"
    span: Span
    index: int
    paragraph: int


@frozen
class QuoteSpan:
    """Text between quotation marks.

    ``outer`` includes the marks, ``content`` excludes them. A quote that runs
    over several paragraphs (news reopens the quote at each paragraph without
    closing the last) is one QuoteSpan with ``paragraphs`` > 1. ``closed`` is
    False when the closing mark was missing and the quote was cut at the end
    of its paragraph.
    """

    outer: Span
    content: Span
    open_mark: str
    close_mark: Optional[str]
    closed: bool
    paragraphs: int = 1
    style: str = "double"
    rule: str = ""


@frozen
class SourceMention:
    """The channel a claim was made through: ``told CNN``, ``wrote on X``."""

    name: Optional[str]
    type: Optional[str]  # outlet | platform | programme | organization | document
    mode: Optional[str]  # interview | post | statement | press_conference | ...
    span: Optional[Span]
    rule: str = ""

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "mode": self.mode,
            "span": self.span.as_list() if self.span else None,
        }


@frozen
class Mention:
    """A phrase that names (or points to) a speaker.

    ``kind``: name (``Jane Doe``), pronoun (``he``), title
    (``the Ukrainian President``), descriptor (``a Ukrainian Military
    official``), group (``Ukrainian officials``), organization (``the White
    House``) or document (``the post``, ``the statement``).
    ``head`` is the span of the naming words without the appositive.
    """

    span: Span
    text: str
    kind: str
    head: Span
    name: Optional[str] = None  # the proper-name part, titles stripped
    role: Optional[str] = None
    title: Optional[str] = None
    number: str = "singular"


@frozen
class Attribution:
    """One rule match: the claim content, its cue and where its speaker is.

    ``speaker_from`` says how the speaker is found: ``mention`` (the phrase at
    ``speaker_span``), ``subject`` (the sentence's subject, at
    ``speaker_span`` when one was found), ``previous`` (the speaker of the
    attribution whose content is ``continues``, or of the last claim before
    it) or ``none``.
    """

    rule: str
    kind: str  # direct | mixed | indirect
    content: Span
    cue: Optional[Span]
    speaker_span: Optional[Span]
    speaker_from: str
    evidence: Span
    quotes: tuple = ()  # indices of the QuoteSpans the claim covers
    continues: Optional[Span] = None
    source: Optional[SourceMention] = None
    # a possessive that names the speaker as the holder of a stance ("Trump cruised on
    # the strength of his stance on ..."): reported as the claim's mention, while the
    # speaker is resolved from ``speaker_span``
    holder: Optional[Span] = None


@frozen
class Speaker:
    """A speaker resolved to one canonical name in a document."""

    name: str
    type: str  # person | organization | group | anonymous
    role: Optional[str] = None
    surface_forms: tuple = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "type": self.type, "role": self.role,
                "surface_forms": list(self.surface_forms)}


@frozen
class Claim:
    """Who said what, where: the product's unit of output."""

    doc_id: str
    claim_id: str
    kind: str  # direct | mixed | indirect
    span: Span
    text: str
    speaker: Optional[Speaker]
    speaker_span: Optional[Span]
    speaker_mention: Optional[str]
    cue: Optional[str]
    cue_span: Optional[Span]
    source: Optional[SourceMention]
    evidence: Span
    rules: tuple
    said_on: Optional[str] = None
    said_on_basis: Optional[str] = None
    # the quoted stretches of the claim's text (the words in quotation marks):
    # all of a direct claim, each quote of a mixed one, none of an indirect one;
    # None when unknown (claims read from a database written before schema 3)
    quoted: Optional[tuple] = None

    def to_dict(self) -> dict:
        spk = self.speaker
        return {
            "doc_id": self.doc_id,
            "claim_id": self.claim_id,
            "kind": self.kind,
            "text": self.text,
            "start": self.span.start,
            "end": self.span.end,
            "speaker": spk.name if spk else None,
            "speaker_span": self.speaker_span.as_list() if self.speaker_span else None,
            "speaker_mention": self.speaker_mention,
            "speaker_role": spk.role if spk else None,
            "speaker_type": spk.type if spk else None,
            "cue": self.cue,
            "cue_span": self.cue_span.as_list() if self.cue_span else None,
            "source": self.source.to_dict() if self.source else None,
            "evidence": self.evidence.as_list(),
            "said_on": self.said_on,
            "said_on_basis": self.said_on_basis,
            "quoted": [s.as_list() for s in self.quoted] if self.quoted is not None else None,
            "rule": list(self.rules),
        }


@frozen
class DocumentMeta:
    """What the text says about itself: a ``date`` line and a dateline."""

    date: Optional[str] = None  # ISO yyyy-mm-dd
    dateline: Optional[str] = None
    dateline_span: Optional[Span] = None
    body_start: int = 0

    def to_dict(self) -> dict:
        return {"date": self.date, "dateline": self.dateline,
                "dateline_span": self.dateline_span.as_list() if self.dateline_span else None}


@frozen
class Document:
    """A text to read, with an id and whatever metadata came with it."""

    id: str
    text: str
    metadata: dict = field(factory=dict, eq=False, hash=False)
    origin: str = ""  # file path (and line) it was read from


@frozen
class Extraction:
    """Everything the pipeline found in one document."""

    document: Document
    meta: DocumentMeta
    claims: tuple
    speakers: tuple

    @property
    def doc_id(self) -> str:
        return self.document.id
