"""quotetrack: who said what, where, and is it quoted right.

The public API (the CLI calls nothing else)::

    from quotetrack import extract, load_rules
    result = extract(text, doc_id="kyiv")
    for claim in result.claims:
        print(claim.speaker.name if claim.speaker else None, claim.kind, claim.text)
"""
__version__ = "0.1.0"

from .corpus import InputProblem, read_documents  # noqa: E402
from .output import citation, citation_rows, render_table, who_report  # noqa: E402
from .pipeline import extract, extract_all, extract_document  # noqa: E402
from .records import (Attribution, Claim, Document, DocumentMeta, Extraction,  # noqa: E402
                      Mention, QuoteSpan, Segment, SourceMention, Span, Speaker)
from .rulefile import Problem, RuleError  # noqa: E402
from .ruleset import RuleSet, bundled_rules_dir, load_rules  # noqa: E402

__all__ = [
    "__version__", "extract", "extract_all", "extract_document", "load_rules", "RuleSet",
    "RuleError", "Problem", "bundled_rules_dir", "read_documents", "InputProblem",
    "citation", "citation_rows", "render_table", "who_report",
    "Attribution", "Claim", "Document", "DocumentMeta", "Extraction", "Mention", "QuoteSpan",
    "Segment", "SourceMention", "Span", "Speaker",
]
