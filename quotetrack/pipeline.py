"""The one place that knows the order of the stages.

text → metadata → paragraphs → quotes → masked text → sentences →
attributions → sources → speakers → dates → claims.
"""
from __future__ import annotations

from typing import Iterable, Optional

from .attribution import match_attributions
from .claims import build_claims
from .dates import date_claims
from .metadata import parse_metadata
from .quotes import find_quotes, mask_quotes
from .records import Document, Extraction
from .ruleset import RuleSet, load_rules
from .segment import segment_paragraphs, segment_sentences
from .sources import carry_sources, link_sources
from .speakers import resolve_speakers, sentence_subjects


def extract_document(document: Document, rules: Optional[RuleSet] = None) -> Extraction:
    """Run every stage on one document."""
    rules = rules or load_rules()
    text = document.text
    meta = parse_metadata(text, document.metadata.get("date"))
    paragraphs = segment_paragraphs(text, meta.body_start)
    quotes = find_quotes(text, paragraphs, rules.quote_marks)
    masked = mask_quotes(text, quotes)
    sentences = segment_sentences(masked, paragraphs, rules.words("abbreviation"),
                                  rules.words("pronoun"), rules.words("speech_verb"))
    attributions = match_attributions(text, masked, sentences, quotes, rules)
    attributions = link_sources(text, attributions, rules, quotes)
    subjects = sentence_subjects(text, masked, sentences, rules)
    resolved = resolve_speakers(text, attributions, rules, subjects)
    resolved = carry_sources(text, attributions, resolved)
    dated = date_claims(masked, attributions, meta, rules)
    claims = build_claims(document.id, text, attributions, resolved, dated, quotes, rules)
    speakers = dict.fromkeys(c.speaker for c in claims if c.speaker is not None)
    return Extraction(document, meta, tuple(claims), tuple(speakers))


def extract(text: str, doc_id: str = "doc", rules: Optional[RuleSet] = None,
            metadata: Optional[dict] = None) -> Extraction:
    """Claims in ``text``: the library's front door."""
    return extract_document(Document(doc_id, text, dict(metadata or {})), rules)


def extract_all(documents: Iterable[Document], rules: Optional[RuleSet] = None):
    """Extractions for a stream of documents, one at a time."""
    rules = rules or load_rules()
    for document in documents:
        yield extract_document(document, rules)
