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

from .budget import DocumentTimeout, Limits  # noqa: E402
from .check import (QuoteRelation, SourceIndex, Verdict, check_claims,  # noqa: E402
                    compare_quotes, find_inconsistencies, same_speaker)
from .corpus import InputProblem, note_duplicate_ids, read_documents  # noqa: E402
from .originals import read_sources  # noqa: E402
from .filters import ClaimFilter, filter_extractions  # noqa: E402
from .export import (GraphvizFailed, GraphvizMissing, export_graph, graph_dot,  # noqa: E402
                     graph_graphml, graph_json, render_graphviz)
from .graph import ClaimGraph, Edge, Node, build_graph, merge_graphs  # noqa: E402
from .identity import (Identity, RoleSeen, SpeakerIndex, fold_name,  # noqa: E402
                       identify_speakers, speaker_key)
from .output import (citation, citation_rows, group_rows, render_csv, render_json,  # noqa: E402
                     render_table, who_report)
from .pipeline import extract, extract_all, extract_document  # noqa: E402
from .report import builtin_graph_svg, graph_svg, render_report  # noqa: E402
from .runner import extract_stream  # noqa: E402
from .records import (Attribution, Claim, Document, DocumentMeta, Extraction,  # noqa: E402
                      Mention, QuoteSpan, Segment, SourceMention, Span, Speaker)
from .rulefile import Problem, RuleError  # noqa: E402
from .ruleset import RuleSet, bundled_rules_dir, load_rules  # noqa: E402
from .store import IngestResult, Store, StoreError, open_store, read_extractions  # noqa: E402

__all__ = [
    "__version__", "extract", "extract_all", "extract_document", "load_rules", "RuleSet",
    "RuleError", "Problem", "bundled_rules_dir", "read_documents", "InputProblem",
    "extract_stream", "Limits", "DocumentTimeout", "note_duplicate_ids",
    "check_claims", "compare_quotes", "find_inconsistencies", "read_sources", "same_speaker",
    "SourceIndex", "Verdict", "QuoteRelation",
    "citation", "citation_rows", "group_rows", "render_table", "render_csv", "render_json",
    "who_report",
    "identify_speakers", "speaker_key", "fold_name", "SpeakerIndex", "Identity", "RoleSeen",
    "build_graph", "merge_graphs", "ClaimGraph", "Node", "Edge",
    "export_graph", "graph_json", "graph_graphml", "graph_dot", "render_graphviz",
    "GraphvizMissing", "GraphvizFailed",
    "render_report", "graph_svg", "builtin_graph_svg",
    "Attribution", "Claim", "Document", "DocumentMeta", "Extraction", "Mention", "QuoteSpan",
    "Segment", "SourceMention", "Span", "Speaker",
    "open_store", "read_extractions", "Store", "StoreError", "IngestResult", "ClaimFilter",
    "filter_extractions",
]
