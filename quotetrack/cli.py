"""The ``quotetrack`` command: a thin layer over the Python API.

Exit status: 0 when every input was read and processed, 1 when some input
had a problem (each reported on stderr as one line; the other documents'
results are still written), 2 for unusable rules or arguments, 3 when
``check --strict`` found a quote altered, misattributed or not found (or,
without sources, an inconsistency between quotes).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from typing import Iterator, Optional, Sequence

from tabulate import tabulate, tabulate_formats

from . import __version__
from .budget import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_DOC_CHARS, Limits
from .corpus import InputProblem, note_duplicate_ids, read_documents
from .export import FORMATS as GRAPH_FORMATS
from .export import GraphvizFailed, GraphvizMissing, export_graph
from .filters import ClaimFilter, filter_extractions
from .graph import build_graph
from .identity import identify_speakers
from .output import (GROUP_BY, TABLE_COLUMNS, citation_rows, document_dict, render_csv,
                     render_json, render_table, who_report, write_jsonl)
from .progress import Tally, input_bytes, progress_wanted, tracked
from .records import Extraction
from .report import GRAPH_MAX_CLAIMS
from .runner import default_jobs, extract_stream
from .rulefile import RuleError
from .ruleset import RuleSet, bundled_rules_dir, load_rules, rule_files
from .store import StoreError, open_store


class CliError(Exception):
    """A problem with the command line itself: printed as one line, exit status 2."""


class _Run:
    """Documents in, extractions out, problems counted and reported."""

    def __init__(self, args, rules: RuleSet, err=None) -> None:
        self.args, self.rules = args, rules
        self.err = err or sys.stderr
        self.problems = 0
        self.tally = Tally()
        # speaker identities over the whole input, when a --speaker filter
        # needed them: the renderers name speakers by the same identities
        self.speaker_index = None

    def report(self, where: str, message: str) -> None:
        self.problems += 1
        print(f"quotetrack: error: {where}: {message}", file=self.err)

    def duplicate(self, document, first: str) -> None:
        """A warning, not an error: both documents are processed."""
        print(f"quotetrack: warning: {document.origin or document.id}: document id "
              f"{document.id!r} was already used at {first}; both documents are kept",
              file=self.err)

    def extractions(self) -> Iterator[Extraction]:
        args = self.args
        claim_filter = getattr(args, "claim_filter", None)
        if getattr(args, "db", None):
            with open_store(args.db, create=False) as store:
                yield from tracked(store.extractions(claim_filter), self.tally, False)
            return
        documents = note_duplicate_ids(read_documents(args.paths, args.encoding_errors),
                                       self.duplicate)
        show = progress_wanted(args.progress, self.err)
        results = extract_stream(documents, self.rules, jobs=args.jobs or default_jobs(),
                                 ordered=not args.unordered, rule_dirs=args.rules,
                                 limits=_limits(args))
        extracted = self._reported(tracked(results, self.tally, show,
                                           input_bytes(args.paths) if show else None, self.err))
        if claim_filter is None:
            yield from extracted
            return
        self.tally.kept = 0
        if claim_filter.speaker is not None:
            extracted = list(extracted)
            self.speaker_index = identify_speakers(extracted, self.rules)
        for ex in filter_extractions(extracted, claim_filter, self.rules, self.speaker_index):
            self.tally.kept += len(ex.claims)
            yield ex

    def _reported(self, results) -> Iterator[Extraction]:
        for item in results:
            if isinstance(item, InputProblem):
                self.report(item.where, item.message)
            else:
                yield item

    def finish(self) -> int:
        """The summary line (unless --quiet) and the exit status."""
        if not self.args.quiet:
            print(self.tally.summary(), file=self.err)
        return 1 if self.problems else 0


def _add_input_options(p: argparse.ArgumentParser, query: bool = False,
                       output: bool = True, source_filter: bool = True) -> None:
    """The options every reading command shares; ``query`` adds ``--db`` and the claim
    filters (``source_filter=False`` leaves out ``--source NAME``, for a command whose
    ``--source`` names original sources)."""
    p.add_argument("paths", nargs="*" if query else "+", metavar="PATH",
                   help="text files, directories, JSONL corpora (.jsonl, .jsonl.gz) or - for stdin"
                        + (" (or --db instead)" if query else ""))
    p.add_argument("--rules", action="append", default=[], metavar="DIR",
                   help="a directory of YAML rules that extends the bundled ones (repeatable)")
    p.add_argument("--encoding-errors", choices=("strict", "replace"), default="strict",
                   help="what to do with invalid UTF-8 (default: strict, report and skip)")
    if output:
        p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("-j", "--jobs", type=_positive, default=0, metavar="N",
                   help="worker processes (default: all cores; 1 runs in this process)")
    p.add_argument("--max-doc-chars", type=_count, default=DEFAULT_MAX_DOC_CHARS, metavar="N",
                   help="skip (and report) a document longer than N characters "
                        f"(default: {DEFAULT_MAX_DOC_CHARS:,}; 0: no limit)")
    p.add_argument("--doc-timeout", type=_seconds, default=DEFAULT_DOC_TIMEOUT,
                   metavar="SECONDS",
                   help="give up on (and report) a document after this long "
                        f"(default: {DEFAULT_DOC_TIMEOUT:g}; 0: no limit)")
    p.add_argument("--unordered", action="store_true",
                   help="write each document when it is done, not in input order")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="a progress bar on stderr (default: when stderr is a terminal)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no summary line on stderr at the end")
    if query:
        p.add_argument("--db", metavar="FILE",
                       help="read the claims from this database (see ingest) instead of PATHs")
        p.add_argument("--speaker", metavar="TEXT",
                       help="only claims whose speaker's name or a surface form contains TEXT "
                            "(any case)")
        if source_filter:
            p.add_argument("--source", metavar="NAME", dest="source_filter",
                           help="only claims made through this outlet or platform (any case)")
        p.add_argument("--since", metavar="DATE",
                       help="only claims said (else reported) on or after DATE "
                            "(YYYY-MM-DD, YYYY-MM or YYYY)")
        p.add_argument("--until", metavar="DATE", help="only claims said on or before DATE")
        _add_kinds_option(p)


def _add_kinds_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kinds", metavar="K,...",
                   help="only claims of these kinds: direct, mixed, indirect (comma-separated; "
                        "default all)")


def _whole_number(least: int, what: str):
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = least - 1
        if number < least:
            raise argparse.ArgumentTypeError(f"must be {what}, not {value!r}")
        return number
    return parse


_positive = _whole_number(1, "a whole number of at least 1")
_count = _whole_number(0, "a whole number (0 for no limit)")


def _limits(args) -> Limits:
    return Limits(args.max_doc_chars or None, args.doc_timeout or None)


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number >= 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds (0 for no limit), "
                                         f"not {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotetrack",
        description="Who said what, where: quotes and reported claims in news text.")
    parser.add_argument("--version", action="version", version=f"quotetrack {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("extract", help="every claim, as JSON lines, JSON or a table")
    _add_input_options(p)
    _add_kinds_option(p)
    p.add_argument("--format", choices=("jsonl", "json", "table"), default="jsonl")
    p.add_argument("--tablefmt", choices=tabulate_formats, default="simple", metavar="FMT")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="dask: run as a Dask bag and write part-NNNNN.jsonl files into the "
                        "-o directory (needs quotetrack[dask])")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: a running Dask scheduler (tcp://host:8786); "
                        "default: a local cluster of --jobs workers")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="extract and store documents in an SQLite database")
    _add_input_options(p, output=False)
    p.add_argument("--db", metavar="FILE", required=True,
                   help="the database (created if missing); documents already stored with the "
                        "same content are skipped, changed ones replaced")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print one line per document as soon as it is committed")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("who", help="who said what: speakers, roles, claims and sources")
    _add_input_options(p, query=True)
    p.set_defaults(func=cmd_who)

    p = sub.add_parser("table", help="a citation table in any tabulate format")
    _add_input_options(p, query=True)
    p.add_argument("--tablefmt", choices=tabulate_formats, default="simple", metavar="FMT",
                   help="any tabulate format: " + ", ".join(tabulate_formats))
    p.add_argument("--columns", default="speaker,role,kind,claim,source,doc",
                   help="comma-separated: " + ", ".join(TABLE_COLUMNS))
    p.add_argument("--group-by", choices=GROUP_BY, default=None,
                   help="put each speaker's (or source's) claims together, label first")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (in --tablefmt), csv or json")
    p.set_defaults(func=cmd_table)

    p = sub.add_parser("check", help="check quotes against their original sources "
                                     "(without --source: against each other)")
    _add_input_options(p)
    p.add_argument("--source", action="append", nargs="+", default=[], metavar="FILE",
                   help="original sources: text files, JSON/JSONL posts or statements "
                        "({id, text, author, platform, date, url}), directories (repeatable)")
    p.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    p.add_argument("--tablefmt", choices=tabulate_formats, default="simple", metavar="FMT")
    p.add_argument("--strict", action="store_true",
                   help="exit 3 when a quote is altered, misattributed or not found")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("graph", help="the claim graph (speakers, claims, sources, documents) "
                                     "as JSON, GraphML, DOT, SVG or PNG")
    _add_input_options(p, query=True)
    p.add_argument("--format", choices=GRAPH_FORMATS, default="json",
                   help="json (node-link), graphml, dot; svg and png need Graphviz's dot")
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("report", help="one self-contained HTML page: the articles with their "
                                      "claims highlighted, who said what, the graph, the table")
    _add_input_options(p, query=True, source_filter=False)
    p.add_argument("--via", metavar="NAME", dest="source_filter",
                   help="only claims made through this outlet or platform (any case); what "
                        "--source NAME is for who, table and graph")
    p.add_argument("--source", action="append", nargs="+", default=[], metavar="FILE",
                   help="original sources to check the quotes against (as for check); "
                        "the verdicts show in the report")
    p.add_argument("--title", default="quotetrack report", help="the page's title")
    p.add_argument("--graph-layout", choices=("auto", "graphviz", "builtin"), default="auto",
                   help="auto: Graphviz's dot when installed, else the built-in layout")
    p.add_argument("--graph-max-claims", type=int, default=GRAPH_MAX_CLAIMS, metavar="N",
                   help=f"draw the claim graph only up to N claims (default {GRAPH_MAX_CLAIMS}"
                        "; 0: never)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("rules", help="check or list rules")
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION")
    rsub.required = True
    c = rsub.add_parser("check", help="validate rule directories and run their rules' examples "
                                      "(the bundled rules by default)")
    c.add_argument("dirs", nargs="*", metavar="DIR")
    c.set_defaults(func=cmd_rules_check)
    c = rsub.add_parser("list", help="list every rule with its file and description")
    c.add_argument("--rules", action="append", default=[], metavar="DIR")
    c.set_defaults(func=cmd_rules_list)

    p = sub.add_parser("evaluate", help="score against gold annotations (see README)")
    p.add_argument("gold", metavar="GOLD.jsonl")
    p.add_argument("--kind", choices=("direct", "all"), default="all")
    p.add_argument("--errors", type=int, default=0, metavar="N",
                   help="list the N worst misses and false positives by category")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--rules", action="append", default=[], metavar="DIR")
    p.set_defaults(func=cmd_evaluate)
    return parser


def _open_output(args, binary: bool = False):
    """The output stream; refuses to overwrite one of the inputs."""
    target = getattr(args, "output", None)
    if not target:
        return sys.stdout.buffer if binary else sys.stdout
    for path in getattr(args, "paths", []):
        if path != "-" and os.path.exists(path) and os.path.exists(target) \
                and os.path.samefile(path, target):
            raise CliError(f"-o {target} is also an input; write the output elsewhere")
    try:
        if binary:
            return open(target, "wb")
        return open(target, "w", encoding="utf-8", newline="\n")
    except OSError as err:
        raise CliError(f"cannot write {target}: {err.strerror}") from None


def _write(args, render, binary: bool = False) -> None:
    out = _open_output(args, binary)
    try:
        render(out)
    finally:
        if out is sys.stdout.buffer if binary else out is sys.stdout:
            out.flush()
        else:
            out.close()


def cmd_extract(args, rules: RuleSet) -> int:
    try:
        kinds = ClaimFilter.parse(kinds=args.kinds)
    except ValueError as err:
        raise CliError(str(err)) from None
    args.claim_filter = kinds if kinds.active else None
    if args.engine == "dask":
        if args.claim_filter is not None:
            raise CliError("--kinds is not available with --engine dask; filter the parts")
        return _extract_with_dask(args)
    if args.scheduler:
        raise CliError("--scheduler needs --engine dask")
    run = _Run(args, rules)

    def render(out):
        if args.format == "jsonl":
            for ex in run.extractions():
                write_jsonl(ex, out)
        elif args.format == "json":
            out.write("[")
            for n, ex in enumerate(run.extractions()):
                out.write(("\n" if n == 0 else ",\n")
                          + json.dumps(document_dict(ex), ensure_ascii=False, indent=1))
            out.write("\n]\n")
        else:
            out.write(render_table(citation_rows(run.extractions(), rules=rules), args.tablefmt)
                      + "\n")

    _write(args, render)
    return run.finish()


def _extract_with_dask(args) -> int:
    from .daskengine import EngineError, extract_with_dask
    if not args.output:
        raise CliError("--engine dask writes partitioned JSONL: give an output directory "
                       "with -o DIR")
    if args.format != "jsonl":
        raise CliError("--engine dask writes JSONL only; drop --format or use --engine local")
    tally = Tally()
    tally.started = time.perf_counter()
    try:
        reports = extract_with_dask(args.paths, args.output, args.rules, args.encoding_errors,
                                    args.scheduler, args.jobs or default_jobs(),
                                    limits=_limits(args))
    except EngineError as err:
        raise CliError(str(err)) from None
    for report in reports:
        for problem in report.problems:
            print(f"quotetrack: error: {problem}", file=sys.stderr)
        tally.documents += report.documents
        tally.claims += report.claims
        tally.chars += report.chars
        tally.errors += len(report.problems)
    if not args.quiet:
        print(tally.summary() + f", {len(reports)} parts in {args.output}", file=sys.stderr)
    return 1 if tally.errors else 0


def _query_args(args) -> None:
    """PATHs or --db (one of them), and the filters parsed into ``args.claim_filter``."""
    if args.db and args.paths:
        raise CliError("give PATH... or --db FILE, not both")
    if not args.db and not args.paths:
        raise CliError("give PATH... to read, or --db FILE to read a database made by ingest")
    try:
        flt = ClaimFilter.parse(args.speaker, args.source_filter, args.since, args.until,
                                args.kinds)
    except ValueError as err:
        raise CliError(str(err)) from None
    args.claim_filter = flt if flt.active else None
    if args.db:
        open_store(args.db, create=False).close()  # a missing or foreign file: exit 2 now


def cmd_ingest(args, rules: RuleSet) -> int:
    counts = dict.fromkeys(("ingested", "skipped", "replaced", "failed"), 0)
    claims, seen, problems = 0, set(), 0
    err = sys.stderr

    def summary(note: str = "") -> str:
        return (f"quotetrack: {args.db}: ingested {counts['ingested']}, skipped "
                f"{counts['skipped']}, replaced {counts['replaced']} documents; {claims} claims "
                f"written; {problems} errors{note}")

    show = progress_wanted(args.progress, err)
    total = input_bytes(args.paths) if show else None

    def track(results):
        return tracked(results, Tally(), show, total, err)

    store = open_store(args.db)
    try:
        for result in store.ingest(read_documents(args.paths, args.encoding_errors), rules,
                                   jobs=args.jobs or default_jobs(), ordered=not args.unordered,
                                   rule_dirs=args.rules, track=track,
                                   limits=_limits(args)):
            counts[result.status] += 1
            claims += result.claims
            if result.status == "failed":
                problems += 1
                print(f"quotetrack: error: {result.where}: {result.message}", file=err)
                continue
            if result.status == "replaced" and result.doc_id in seen:
                problems += 1
                print(f"quotetrack: error: {result.where}: document id {result.doc_id!r} "
                      "appears twice in this run with different content; the later one "
                      "replaced the earlier: give each document its own id", file=err)
            seen.add(result.doc_id)
            if args.verbose:
                print(f"{result.status} {result.doc_id} ({result.claims} claims)", flush=True)
    except KeyboardInterrupt:
        print(summary("; interrupted: every document listed as done is stored, "
                      "run the same command again to go on"), file=err)
        return 130
    except StoreError as error:
        print(f"quotetrack: error: {error}", file=err)
        problems += 1
    finally:
        store.close()
    if not args.quiet:
        print(summary(), file=err)
    return 1 if problems else 0


def cmd_who(args, rules: RuleSet) -> int:
    _query_args(args)
    run = _Run(args, rules)

    def render(out):
        extractions = list(run.extractions())
        out.write(who_report(extractions, rules, run.speaker_index))

    _write(args, render)
    return run.finish()


def cmd_table(args, rules: RuleSet) -> int:
    columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    unknown = [c for c in columns if c not in TABLE_COLUMNS]
    if unknown or not columns:
        raise CliError(f"unknown column(s) {', '.join(unknown) or '(none given)'}; "
                       f"use {', '.join(TABLE_COLUMNS)}")
    _query_args(args)
    run = _Run(args, rules)

    def render(out):
        extractions = list(run.extractions())
        rows = citation_rows(extractions, run.speaker_index, rules)
        if args.format == "csv":
            out.write(render_csv(rows, columns, args.group_by))
        elif args.format == "json":
            out.write(render_json(rows, columns, args.group_by))
        else:
            out.write(render_table(rows, args.tablefmt, columns, args.group_by) + "\n")

    _write(args, render)
    return run.finish()


def cmd_graph(args, rules: RuleSet) -> int:
    _query_args(args)
    run = _Run(args, rules)
    extractions = list(run.extractions())
    graph = build_graph(extractions, rules, run.speaker_index)
    try:
        data = export_graph(graph, args.format)
    except GraphvizMissing as err:
        raise CliError(str(err)) from None
    except GraphvizFailed as err:
        run.report("graph", str(err))
        return run.finish()
    if args.format in ("svg", "png") or args.output:
        _write(args, lambda out: out.write(data), binary=True)
    else:
        _write(args, lambda out: out.write(data.decode("utf-8")))
    return run.finish()


def _read_sources(args, run: _Run) -> list:
    """The ``--source`` documents; unreadable ones are reported on ``run``."""
    from .originals import read_sources
    paths = [p for group in args.source for p in group]
    if "-" in paths:
        raise CliError("--source - is not supported; give source files or directories")
    sources = []
    for item in read_sources(paths, args.encoding_errors):
        if isinstance(item, InputProblem):
            run.report(item.where, item.message)
        else:
            sources.append(item)
    return sources


def cmd_report(args, rules: RuleSet) -> int:
    from .check import SourceIndex, check_claims
    from .report import render_report
    if args.graph_max_claims < 0:
        raise CliError("--graph-max-claims takes a count of 0 or more")
    _query_args(args)
    run = _Run(args, rules)
    sources = _read_sources(args, run)
    extractions = list(run.extractions())
    verdicts = check_claims(extractions, SourceIndex(sources, rules)) if args.source else None
    try:
        page = render_report(extractions, verdicts, rules, title=args.title,
                             graph_layout=args.graph_layout,
                             graph_max_claims=args.graph_max_claims,
                             index=run.speaker_index)
    except GraphvizMissing as err:
        raise CliError(f"--graph-layout graphviz: {err}") from None
    except GraphvizFailed as err:
        run.report("graph", str(err))
        return run.finish()
    _write(args, lambda out: out.write(page))
    return run.finish()


def cmd_check(args, rules: RuleSet) -> int:
    from .check import SourceIndex, check_claims, compare_quotes
    from .checkreport import render_check_table, write_check_json, write_check_jsonl
    run = _Run(args, rules)
    checked = bool(args.source)
    sources = _read_sources(args, run)
    extractions = list(run.extractions())
    verdicts = check_claims(extractions, SourceIndex(sources, rules)) if checked else []
    relations = compare_quotes(extractions, rules)

    def render(out):
        if args.format == "json":
            write_check_json(verdicts, relations, out)
        elif args.format == "jsonl":
            write_check_jsonl(verdicts, relations, out)
        else:
            out.write(render_check_table(verdicts, relations, args.tablefmt, checked))

    _write(args, render)
    code = run.finish()
    if code:
        return code
    failed = any(v.failed for v in verdicts) if checked else any(
        not r.consistent for r in relations)
    return 3 if args.strict and failed else 0


def cmd_rules_check(args, rules: Optional[RuleSet]) -> int:
    """Load the directories (every problem reported), then run their rules' examples."""
    from .ruletests import check_examples
    dirs = args.dirs or []
    for directory in dirs:
        if os.path.isfile(directory):
            raise CliError(f"{directory} is a file; give the directory that holds it")
    loaded = load_rules(dirs)
    own = [bundled_rules_dir()] if not dirs else dirs
    files = [f for d in own for f in rule_files(os.path.abspath(d))]
    problems = check_examples(loaded, files)
    for problem in problems:
        print(str(problem), file=sys.stderr)
    where = ", ".join(dirs) if dirs else bundled_rules_dir()
    if problems:
        print(f"quotetrack: error: {len(problems)} example(s) failed in {where}", file=sys.stderr)
        return 1
    count = sum(len(r.examples) + len(r.counterexamples) for r in loaded.all_rules()
                if r.location is not None and r.location.path in files)
    print(f"rules OK: {where} ({count} examples and counterexamples pass)")
    return 0


def cmd_rules_list(args, rules: RuleSet) -> int:
    rows = []
    for rule in rules.all_rules():
        kind = type(rule).__name__.replace("Rule", "").lower()
        loc = rule.location
        rows.append([rule.id, kind, getattr(rule, "priority", ""),
                     f"{loc.path.split('/')[-1]}:{loc.line}" if loc else "",
                     " ".join((rule.description or "").split())[:70]])
    print(tabulate(rows, headers=["id", "kind", "priority", "file", "description"]))
    lex = [[name, len(l.entries) + len(l.patterns), " ".join(l.description.split())[:70]]
           for name, l in sorted(rules.lexicons.items())]
    print()
    print(tabulate(lex, headers=["lexicon", "entries", "description"]))
    return 0


def cmd_evaluate(args, rules: RuleSet) -> int:
    from .evaluate import evaluate_file, format_report
    if args.errors < 0:
        raise CliError("--errors takes a count of 0 or more")
    try:
        report = evaluate_file(args.gold, rules, kind=args.kind, errors=args.errors)
    except OSError as err:
        raise CliError(f"cannot read {args.gold}: {err.strerror or err}") from None
    except ValueError as err:
        raise CliError(str(err)) from None
    if args.json:
        print(json.dumps(report, sort_keys=True))
    else:
        print(format_report(report))
    return 0


_heap_frozen = False


def _freeze_heap() -> None:
    """Leave the objects made so far (the loaded rules, the modules) out of the
    garbage collector's full passes: they live as long as the command, and each
    pass walked all of them again (collection 0.34 -> 0.22 s per 840 articles;
    forked workers inherit this, and the collector no longer writes to those
    shared pages). Once per process: main() may be called many times (tests),
    and what is frozen is never collected."""
    global _heap_frozen
    if not _heap_frozen:
        _heap_frozen = True
        gc.collect()  # the garbage left so far (cycles the rule build made) is not kept
        gc.freeze()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        # a terminal that cannot show a character gets an escape, not a crash
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        rules = None
        if args.func is not cmd_rules_check:
            rules = load_rules(getattr(args, "rules", []) or [])
            _freeze_heap()
        return args.func(args, rules)
    except RuleError as err:
        for problem in err.problems:
            print(str(problem), file=sys.stderr)
        print(f"quotetrack: error: {len(err.problems)} problem(s) in the rules; fix them and "
              "run `quotetrack rules check`", file=sys.stderr)
        return 2
    except (CliError, StoreError) as err:
        print(f"quotetrack: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `quotetrack extract ... | head`
        return 0
    except KeyboardInterrupt:
        return 130

