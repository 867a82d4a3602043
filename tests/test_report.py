"""The HTML report: escaping, every claim marked with its speaker, self-contained, the SVG."""
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import attrs
import pytest

from quotetrack import build_graph, extract, render_report
from quotetrack import export as export_module
from quotetrack.cli import main
from quotetrack.export import GraphvizMissing
from quotetrack.records import Span, Speaker
from hypothesis import given, settings
from hypothesis import strategies as st

from quotetrack.report import (SPEAKER_COLOURS, TEXT_COLOUR, UNATTRIBUTED_COLOUR, Mark,
                               builtin_graph_svg, contrast_ratio, graph_svg, inline_svg,
                               nest_spans, report_dot)

from test_golden import ACCEPTANCE

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(os.path.dirname(HERE), "seeds", "kyiv-2025-02-01.txt")
CHECK = os.path.join(HERE, "fixtures", "check")


@pytest.fixture(scope="module")
def seed(seed_text, rules):
    return extract(seed_text, doc_id="kyiv-2025-02-01", rules=rules)


@pytest.fixture(scope="module")
def seed_report(seed, rules):
    return render_report([seed], rules=rules, graph_layout="builtin")


class _Marks(HTMLParser):
    """The claim marks of a page: id, speaker and their text (popups left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.claims, self.stack, self.scripts, self.in_script = {}, [], [], False

    def handle_starttag(self, tag, attributes):
        attrs = dict(attributes)
        if tag == "script":
            self.in_script = True
            self.scripts.append("")
        classes = (attrs.get("class") or "").split()
        if tag == "mark" and "claim" in classes:
            entry = self.claims.setdefault(attrs["data-claim-id"], {
                "speaker": attrs["data-speaker"], "text": "", "first": None})
            if "cont" not in classes:
                entry["first"] = attrs
        self.stack.append((tag, classes, attrs))

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data
            return
        if any("tip" in classes for _, classes, _ in self.stack):
            return
        for tag, classes, attributes in self.stack:
            if tag == "mark" and "claim" in classes:
                self.claims[attributes["data-claim-id"]]["text"] += data


def _marks(page):
    parser = _Marks()
    parser.feed(page)
    return parser


def test_every_seed_claim_is_marked_with_its_speaker(seed, seed_report):
    claims = _marks(seed_report).claims
    assert set(claims) == {c.claim_id for c in seed.claims}
    for claim in seed.claims:
        entry = claims[claim.claim_id]
        assert entry["text"] == claim.text
        assert entry["first"]["tabindex"] == "0"
        assert entry["first"]["aria-describedby"] == "tip-" + entry["first"]["id"]
    for start, _kinds, speaker, _source, _mode in ACCEPTANCE:
        found = [e for e in claims.values() if e["text"].startswith(start)]
        assert len(found) == 1, start
        assert found[0]["speaker"] == speaker
        assert f"Speaker: {speaker}" in found[0]["first"]["title"]


def test_cues_and_speaker_mentions_are_marked(seed, seed_report):
    for claim in seed.claims:
        if claim.cue_span:
            assert re.search(r'<span class="cue" data-claims="[^"]*%s\b[^"]*"[^>]*>%s</span>'
                             % (re.escape(claim.claim_id), re.escape(claim.cue)), seed_report)
    he = next(c for c in seed.claims if c.speaker_mention == "He")
    assert re.search(r'<span class="mention sp\d+" data-claims="%s"[^>]*>He</span>'
                     % re.escape(he.claim_id), seed_report)
    # one mention named two claims (the lede's indirect claim and its quoted words)
    lede = [c.claim_id for c in seed.claims if c.speaker_span == seed.claims[0].speaker_span]
    assert len(lede) == 2 and f'data-claims="{" ".join(lede)}"' in seed_report


def _claim_id(seed, start):
    return next(c.claim_id for c in seed.claims if c.text.startswith(start))


def test_popup_names_speaker_role_source_kind(seed, seed_report):
    anchor = "claim-" + _claim_id(seed, "The presence of DPRK").replace("#", "-")
    tip = re.search(r'<span class="tip" role="tooltip" id="tip-%s">(.*?)</span></mark>'
                    % anchor, seed_report).group(1)
    text = re.sub(r"<[^>]+>", "", tip)
    for fact in ("Speaker: Oleksandr Kindratenko", "Role: spokesperson for the Ukrainian",
                 "Source: CNN (interview)", "Kind: direct", "Said: 1 February 2025"):
        assert fact in text


def test_check_verdicts_show_when_sources_were_given(seed, rules):
    from quotetrack import SourceIndex, check_claims, read_sources
    sources = list(read_sources([os.path.join(CHECK, "x-post-changed-word.jsonl")]))
    verdicts = check_claims([seed], SourceIndex(sources, rules))
    page = render_report([seed], verdicts, rules, graph_layout="builtin")
    assert "Check: altered in zelenskyy-x-changed-word" in page
    assert "terrorist [-attacks-]{+crimes+}" in page
    assert "check-failed" in page
    assert "checked against sources:" in page
    assert "Check:" not in render_report([seed], None, rules, graph_layout="builtin")


def test_article_text_is_escaped_and_script_inert(rules):
    text = ('Jane Doe said, "<script>alert(1)</script> & <img src=x onerror=alert(2)>." '
            'The <b>board</b> said that "prices" rose.\n')
    result = extract(text, doc_id='doc<"1">', rules=rules)
    assert result.claims
    page = render_report([result], rules=rules, title="<i>t</i>", graph_layout="builtin")
    parser = _marks(page)
    assert len(parser.scripts) == 1 and "alert" not in parser.scripts[0]
    assert "<script>alert" not in page and "<img" not in page and "<b>board" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in page
    assert 'doc&lt;&quot;1&quot;&gt;' in page and "<i>t</i>" not in page
    quoted = next(c for c in result.claims if "script" in c.text)
    assert parser.claims[quoted.claim_id]["text"] == quoted.text


def test_self_contained(seed_report):
    assert not re.search(r"""(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?//""",
                         seed_report, re.I)
    assert "<link" not in seed_report and "@import" not in seed_report
    assert "url(" not in seed_report
    assert "<iframe" not in seed_report and "<object" not in seed_report
    assert len(re.findall(r"<script", seed_report)) == 1  # the inline one, no src


def test_who_said_what_panel_links_every_claim(seed, seed_report):
    panel = re.search(r'<nav class="who".*?</nav>', seed_report, re.S).group(0)
    anchors = {m["first"]["id"] for m in _marks(seed_report).claims.values()}
    links = re.findall(r'<a href="#([^"]+)">', panel)
    assert sorted(links) == sorted(anchors)
    assert "Volodymyr Zelenskyy <span class=\"count\">8 claims</span>" in panel
    assert "4 direct, 4 indirect" in panel
    assert "Oleksandr Kindratenko <span class=\"count\">2 claims</span>" in panel


def test_citation_table_has_a_row_per_claim(seed, seed_report):
    table = re.search(r'<table class="citations">.*?</table>', seed_report, re.S).group(0)
    assert len(re.findall(r"<tr>", table)) == len(seed.claims) + 1
    assert "Oleksandr Kindratenko, interview with CNN, 1 February 2025" in table


@pytest.mark.parametrize("background", SPEAKER_COLOURS + (UNATTRIBUTED_COLOUR, "#ffffff"))
def test_text_on_every_highlight_has_enough_contrast(background):
    assert contrast_ratio(TEXT_COLOUR, background) >= 4.5


@pytest.mark.parametrize("foreground, background", [
    ("#0645ad", "#ffffff"), ("#0645ad", "#f7f7f7"), ("#3b3b3b", "#fafafa"),
    ("#3b3b3b", "#ffffff")])
def test_links_and_secondary_text_have_enough_contrast(foreground, background):
    assert contrast_ratio(foreground, background) >= 4.5


def test_contrast_ratio_extremes():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1)


def test_builtin_svg_parses_as_xml(seed, rules):
    graph = build_graph([seed], rules)
    root = ET.fromstring(builtin_graph_svg(graph, {"kyiv-2025-02-01#c1": "claim-x"}))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg"
    groups = root.findall(f"{ns}g[@data-id]")
    assert {g.get("data-id") for g in groups} == {n.id for n in graph.nodes}
    assert root.find(f".//{ns}a").get("href") == "#claim-x"
    drawn = len(root.findall(f"{ns}g[@class='edges']/*"))
    assert drawn == len(graph.edges)


def test_builtin_svg_escapes_labels(rules):
    text = 'Jane Doe said, "a < b && c > d ]]> \'really\' <x>."\n'
    result = extract(text, doc_id="x&<y>", rules=rules)
    assert result.claims
    graph = build_graph([result], rules)
    svg = builtin_graph_svg(graph)
    root = ET.fromstring(svg)
    assert "a &lt; b &amp;&amp; c &gt; d ]]&gt;" in svg
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "document x&<y>" not in labels and "x&<y>" in labels


def test_graphviz_svg_is_inlined_without_prolog(seed, rules, monkeypatch):
    canned = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
              '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
              ' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- Generated -->\n'
              '<svg width="500pt" height="300pt" viewBox="0 0 500 300" '
              'xmlns="http://www.w3.org/2000/svg"><g/></svg>\n')
    monkeypatch.setattr(export_module, "render_graphviz", lambda dot, fmt: canned.encode())
    svg, layout = graph_svg(build_graph([seed], rules), "auto")
    assert layout == "graphviz"
    assert svg == '<svg viewBox="0 0 500 300" xmlns="http://www.w3.org/2000/svg"><g/></svg>'
    page = render_report([seed], rules=rules)
    assert "drawn by Graphviz" in page and "DOCTYPE svg" not in page


def test_graphviz_gets_speaker_colours_and_claim_links(seed, rules, monkeypatch):
    seen = []
    monkeypatch.setattr(export_module, "render_graphviz",
                        lambda dot, fmt: seen.append(dot) or b"<svg></svg>")
    render_report([seed], rules=rules)
    dot = seen[0]
    assert dot.rstrip().endswith("}") and dot.count("{") == 1
    assert ('"speaker:person:volodimir zelenski" [style=filled, fillcolor="%s"];'
            % SPEAKER_COLOURS[0]) in dot
    claim_id = _claim_id(seed, "The presence of DPRK")
    anchor = "claim-" + claim_id.replace("#", "-")
    assert f'"claim:{claim_id}" [URL="#{anchor}", target="_self"];' in dot
    assert report_dot(build_graph([seed], rules)) == export_module.graph_dot(
        build_graph([seed], rules))


def test_without_graphviz_auto_falls_back_and_graphviz_fails(seed, rules, monkeypatch):
    monkeypatch.setattr(export_module.shutil, "which", lambda name: None)
    graph = build_graph([seed], rules)
    assert graph_svg(graph, "auto")[1] == "builtin"
    with pytest.raises(GraphvizMissing):
        graph_svg(graph, "graphviz")


def test_inline_svg_keeps_nested_sizes():
    assert inline_svg('<svg width="1" height="2"><rect width="3" height="4"/></svg>') == (
        '<svg><rect width="3" height="4"/></svg>')


def _wrapped(text, spans):
    marks = [Mark(s, e, "claim", f'<m n="{n}">', f'<m n="{n}" cont="1">', "</m>",
                  f'<tip n="{n}"/>') for n, (s, e) in enumerate(spans)]
    return nest_spans(text, marks)


@pytest.mark.parametrize("spans", [
    [(0, 10), (2, 5)],            # nested
    [(0, 6), (3, 10)],            # crossing
    [(0, 10), (0, 10)],           # the same range twice
    [(2, 8), (0, 4), (6, 10), (3, 7)],
    [(0, 0), (4, 4), (1, 3)],     # empty ranges dropped
])
def test_nested_and_crossing_ranges_make_well_formed_markup(spans):
    text = "abcdefghij"
    out = _wrapped(text, spans)
    root = ET.fromstring(f"<r>{out}</r>")
    assert "".join(root.itertext()) == text
    for n, (start, end) in enumerate(spans):
        pieces = [e for e in root.iter("m") if e.get("n") == str(n)]
        if start == end:
            assert not pieces
            continue
        assert len([p for p in pieces if not p.get("cont")]) == 1
        assert len(list(root.iter("tip"))) == len([s for s in spans if s[0] < s[1]])
        covered = "".join("".join(t for t in p.itertext()) for p in pieces)
        # a piece holds the text of the pieces nested in it: count characters once
        assert set(covered) >= set(text[start:end])


def test_claim_inside_a_quote_is_nested_in_the_report(seed, rules):
    """A mixed claim inside a longer quote (not in the seed, so made by hand)."""
    outer = next(c for c in seed.claims if c.text.startswith("Last night"))
    inner_start = outer.span.start + outer.text.index("attack drones")
    crossing_start = outer.span.end - 10
    extra = [
        attrs.evolve(outer, claim_id="kyiv-2025-02-01#x1", kind="mixed",
                     span=Span(inner_start, inner_start + 13), text="attack drones",
                     speaker=Speaker("Jane <Doe>", "person")),
        attrs.evolve(outer, claim_id="kyiv-2025-02-01#x2", kind="indirect",
                     span=Span(crossing_start, outer.span.end + 20),
                     text=seed.document.text[crossing_start:outer.span.end + 20],
                     speaker=None, speaker_span=None, cue_span=None, cue=None),
    ]
    result = attrs.evolve(seed, claims=seed.claims + tuple(extra))
    page = render_report([result], rules=rules, graph_layout="builtin")
    claims = _marks(page).claims
    for claim in result.claims:
        assert claims[claim.claim_id]["text"] == claim.text, claim.claim_id
    assert claims["kyiv-2025-02-01#x1"]["speaker"] == "Jane <Doe>"
    assert 'class="claim k-indirect sp-none cont"' in page


def test_cli_report(tmp_path, capsys):
    out = tmp_path / "report.html"
    code = main(["report", SEED, "-o", str(out), "--quiet", "-j", "1",
                 "--source", os.path.join(CHECK, "x-post.jsonl"), "--graph-layout", "builtin"])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Check: verbatim" in page
    assert len(_marks(page).claims) == 14


def test_cli_report_problems(tmp_path, capsys, monkeypatch):
    out = tmp_path / "report.html"
    code = main(["report", SEED, str(tmp_path / "missing.txt"), "-o", str(out), "--quiet"])
    assert code == 1
    assert "missing.txt" in capsys.readouterr().err
    assert len(_marks(out.read_text(encoding="utf-8")).claims) == 14
    monkeypatch.setattr(export_module.shutil, "which", lambda name: None)
    assert main(["report", SEED, "-o", str(out), "--quiet", "--graph-layout", "graphviz"]) == 2
    assert "apt-get install graphviz" in capsys.readouterr().err


_PIECES = st.sampled_from([
    "Jane Doe said", " ", "\n\n", '"', "\u201c", "\u201d", "<script>", "&", "that ",
    "prices rose", ", he added.", "According to officials, ", "x", "'", "\u00ab", "\u00bb"])


@settings(max_examples=40, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_any_text_gives_a_well_formed_report(rules, text):
    result = extract(text, doc_id="d", rules=rules)
    page = render_report([result], rules=rules, graph_layout="builtin")
    parser = _marks(page)
    assert len(parser.scripts) == 1 and "<script>" not in parser.scripts[0]
    assert {k: v["text"] for k, v in parser.claims.items()} == {
        c.claim_id: c.text for c in result.claims}
    ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))


def test_several_documents_one_colour_per_speaker_identity(rules):
    first = extract('Ukrainian President Volodymyr Zelenskyy said, "We will hold."\n',
                    doc_id="a", rules=rules)
    second = extract('Zelensky said that talks would resume. Jane Roe said, "No."\n',
                     doc_id="b", rules=rules)
    page = render_report([first, second], rules=rules, graph_layout="builtin")
    claims = _marks(page).claims
    assert {v["speaker"] for v in claims.values()} == {"Volodymyr Zelenskyy", "Jane Roe"}
    colour = {}
    for value in claims.values():
        css = next(c for c in value["first"]["class"].split() if c.startswith("sp"))
        assert colour.setdefault(value["speaker"], css) == css
    assert len(set(colour.values())) == 2
    assert page.count('<article class="document"') == 2
    assert "in 2 documents" in page
    assert "2 documents, 3 claims, 2 speakers" in page


def test_control_characters_and_lone_surrogates(rules):
    text = 'Jane Doe said, "a\x0bb\x00c \udc80 d."\n'
    result = extract(text, doc_id="d\x01", rules=rules)
    assert result.claims
    page = render_report([result], rules=rules, graph_layout="builtin")
    page.encode("utf-8")  # no lone surrogate left
    ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))
    assert "b\ufffdc \ufffd d." in re.search(r"<svg.*?</svg>", page, re.S).group(0)


def test_two_inputs_with_one_document_id_get_distinct_anchors(seed, rules):
    page = render_report([seed, seed], rules=rules, graph_layout="builtin")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert 'id="claim-kyiv-2025-02-01-c3-2"' in page and 'id="doc-kyiv-2025-02-01-2"' in page
    links = set(re.findall(r'href="#([^"]+)"', page))
    assert links <= set(ids)


def test_a_large_graph_is_counted_not_drawn(seed, rules, tmp_path):
    page = render_report([seed], rules=rules, graph_max_claims=13)
    figure = re.search(r'<figure class="graph-figure">(.*?)</figure>', page, re.S).group(1)
    assert "<svg" not in figure and "not drawn: more than 13 claims" in figure
    assert "<svg" in render_report([seed], rules=rules, graph_max_claims=14,
                                   graph_layout="builtin")
    out = tmp_path / "r.html"
    assert main(["report", SEED, "-o", str(out), "-q", "-j", "1", "--graph-max-claims", "0"]) == 0
    assert "not drawn: more than 0 claims" in out.read_text(encoding="utf-8")
    assert main(["report", SEED, "-o", str(out), "-q", "--graph-max-claims", "-1"]) == 2


def test_cli_report_from_a_database(seed, tmp_path, capsys):
    db = str(tmp_path / "claims.db")
    assert main(["ingest", SEED, "--db", db, "-q", "-j", "1"]) == 0
    out = tmp_path / "report.html"
    assert main(["report", "--db", db, "-o", str(out), "-q", "--graph-layout", "builtin"]) == 0
    claims = _marks(out.read_text(encoding="utf-8")).claims
    assert len(claims) == 14
    assert claims[_claim_id(seed, "The presence of DPRK")]["speaker"] == "Oleksandr Kindratenko"
    assert main(["report", "--db", db, "-o", str(out), "-q", "--via", "cnn",
                 "--source", os.path.join(CHECK, "x-post.jsonl")]) == 0
    page = out.read_text(encoding="utf-8")
    assert set(_marks(page).claims) == {c.claim_id for c in seed.claims
                                        if c.source and c.source.name == "CNN"} != set()
    assert "Check: not found" in page
    assert main(["report", "--db", db, "-o", str(out), "-q", "--speaker", "Podolyak",
                 "--kinds", "indirect"]) == 0
    assert set(_marks(out.read_text(encoding="utf-8")).claims) == {
        _claim_id(seed, "the reports of the same")}
    assert main(["report", SEED, "--db", db, "-o", str(out), "-q"]) == 2
    assert "not both" in capsys.readouterr().err


def test_speaker_identities_are_computed_once_for_page_and_graph(seed, rules, monkeypatch):
    from quotetrack import graph as graph_module
    from quotetrack import report as report_module
    calls = []

    def counted(extractions, rules=None):
        calls.append(1)
        return identify(extractions, rules)

    identify = report_module.identify_speakers
    monkeypatch.setattr(report_module, "identify_speakers", counted)
    monkeypatch.setattr(graph_module, "identify_speakers", counted)
    page = render_report([seed], rules=rules, graph_layout="builtin")
    assert len(calls) == 1 and "<svg" in page
