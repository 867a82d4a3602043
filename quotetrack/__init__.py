"""quotetrack: who said what, where, and is it quoted right.

The public API (the CLI calls nothing else)::

    from quotetrack import extract, load_rules
    result = extract(text, doc_id="kyiv")
    for claim in result.claims:
        print(claim.speaker.name if claim.speaker else None, claim.kind, claim.text)

    from quotetrack import check_claims, read_sources
    verdicts = check_claims([result], read_sources(["posts.jsonl"]))
"""
__version__ = "0.1.0"

from .check import (QuoteRelation, SourceIndex, Verdict, check_claims,  # noqa: E402
                    compare_quotes, find_inconsistencies, same_speaker)
from .corpus import InputProblem, read_documents  # noqa: E402
from .originals import read_sources  # noqa: E402
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
    "check_claims", "compare_quotes", "find_inconsistencies", "read_sources", "same_speaker",
    "SourceIndex", "Verdict", "QuoteRelation",
    "Attribution", "Claim", "Document", "DocumentMeta", "Extraction", "Mention", "QuoteSpan",
    "Segment", "SourceMention", "Span", "Speaker",
]
