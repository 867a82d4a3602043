"""The seed's report in a real browser (headless Chromium): a screenshot, and a check
through the live DOM that every acceptance claim is highlighted with its speaker.

The page's inline script writes what it sees (each highlighted claim's id, speaker,
text, computed background, layout boxes; whether popups show on focus and on
``:target``) into ``<pre id="dom-check">``; Chromium's ``--dump-dom`` prints the DOM
after the script ran. Skipped, with the reason, when Chromium is not installed
(``apt-get install chromium``; ``QUOTETRACK_CHROMIUM`` names another binary), unless
``QUOTETRACK_REQUIRE_BROWSER`` is set (``.ci/run`` sets it): then it fails.

Run as a script to refresh the README's screenshot::

    python tests/test_report_browser.py docs/report-seed.png
"""
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED = os.path.join(ROOT, "seeds", "kyiv-2025-02-01.txt")
WINDOW = (1280, 1500)
TARGET = "claim-kyiv-2025-02-01-c3"  # a claim named in the URL (any would do)
TIMEOUT = 120
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio"]


def chromium_binary():
    wanted = os.environ.get("QUOTETRACK_CHROMIUM")
    if wanted:
        return wanted
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def run_chromium(binary, url, profile, *extra):
    done = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT,
                          check=False)
    if done.returncode != 0:
        raise AssertionError(f"{binary} exited {done.returncode}: "
                             + done.stderr.decode("utf-8", "replace")[-2000:])
    return done.stdout.decode("utf-8", "replace")


def write_seed_report(path):
    from quotetrack.cli import main
    code = main(["report", SEED, "-o", path, "--quiet", "-j", "1"])
    assert code == 0


def screenshot(binary, url, profile, png):
    run_chromium(binary, url, profile, f"--window-size={WINDOW[0]},{WINDOW[1]}",
                 f"--screenshot={png}")


def png_size(path):
    with open(path, "rb") as handle:
        head = handle.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def browser():
    binary = chromium_binary()
    if binary is None and os.environ.get("QUOTETRACK_REQUIRE_BROWSER"):
        pytest.fail("QUOTETRACK_REQUIRE_BROWSER is set (as .ci/run does) but Chromium is not "
                    "installed: apt-get install chromium")
    if binary is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium, or set "
                    "QUOTETRACK_CHROMIUM to a Chromium binary): the browser test of the report "
                    "did not run")
    return binary


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    where = tmp_path_factory.mktemp("report")
    path = str(where / "report.html")
    write_seed_report(path)
    return {"path": path, "url": "file://" + path, "dir": where}


@pytest.fixture(scope="module")
def dom_check(browser, page):
    profile = page["dir"] / "profile"
    target = TARGET
    dom = run_chromium(browser, page["url"] + "#" + target, str(profile), "--dump-dom")
    found = re.search(r'<pre id="dom-check"[^>]*>(.*?)</pre>', dom, re.S)
    assert found and found.group(1).strip(), "the page's script wrote no summary"
    return json.loads(html.unescape(found.group(1)))


def test_all_seed_claims_highlighted_with_their_speakers(dom_check):
    from test_golden import ACCEPTANCE
    from quotetrack.report import SPEAKER_COLOURS
    palette = {"rgb({}, {}, {})".format(*(int(c[i:i + 2], 16) for i in (1, 3, 5)))
               for c in SPEAKER_COLOURS}
    claims = dom_check["claims"]
    assert len(claims) == 14
    for start, kinds, speaker, _source, _mode in ACCEPTANCE:
        found = [c for c in claims if c["text"].startswith(start)]
        assert len(found) == 1, (start, [c["text"][:30] for c in claims])
        claim = found[0]
        assert claim["speaker"] == speaker
        assert claim["kind"] in kinds
        assert claim["background"] in palette, claim
        assert claim["color"] == "rgb(27, 27, 27)"
        assert claim["boxes"] > 0 and claim["focusable"]
    # one colour per speaker: the same speaker always, different speakers never
    colour = {}
    for claim in claims:
        assert colour.setdefault(claim["speaker"], claim["background"]) == claim["background"]
    assert len(set(colour.values())) == len(colour)


def test_speaker_mentions_and_cues_marked(dom_check):
    mentions = {m["text"]: m["speaker"] for m in dom_check["mentions"]}
    assert mentions["He"] == "Volodymyr Zelenskyy"
    assert mentions["the post"] == "Volodymyr Zelenskyy"
    assert mentions["Colonel Oleksandr"] == "Oleksandr Kindratenko"
    assert mentions["Ukrainian officials"] == "Ukrainian officials"
    cues = {c["text"] for c in dom_check["cues"]}
    assert {"condemned", "calling it", "wrote", "informed", "told", "according to"} <= cues


def test_popups_show_on_focus_and_target(dom_check):
    assert dom_check["graph"] == 1
    assert dom_check["target"] == {"id": TARGET, "tip": True}
    focus = dom_check["focus"]
    assert focus["focused"] and focus["before"] is False and focus["after"] is True


def test_nested_and_crossing_claims_in_the_browser(browser, tmp_path, seed_text, rules):
    """A claim inside a quote and one crossing its end (made by hand: the seed has none)
    keep their whole text and speaker in the live DOM."""
    import attrs
    from quotetrack import extract, render_report
    from quotetrack.records import Span, Speaker
    seed = extract(seed_text, doc_id="kyiv-2025-02-01", rules=rules)
    outer = next(c for c in seed.claims if c.text.startswith("Last night"))
    inner = outer.span.start + outer.text.index("attack drones")
    cross = outer.span.end - 10
    extra = (attrs.evolve(outer, claim_id="kyiv-2025-02-01#x1", kind="mixed",
                          span=Span(inner, inner + 13), text="attack drones",
                          speaker=Speaker("Jane <Doe>", "person")),
             attrs.evolve(outer, claim_id="kyiv-2025-02-01#x2", kind="indirect",
                          span=Span(cross, outer.span.end + 40),
                          text=seed_text[cross:outer.span.end + 40], speaker=None,
                          speaker_span=None, cue_span=None, cue=None))
    result = attrs.evolve(seed, claims=seed.claims + extra)
    path = tmp_path / "nested.html"
    path.write_text(render_report([result], rules=rules, graph_layout="builtin"),
                    encoding="utf-8")
    dom = run_chromium(browser, "file://" + str(path), str(tmp_path / "profile"), "--dump-dom")
    found = re.search(r'<pre id="dom-check"[^>]*>(.*?)</pre>', dom, re.S)
    seen = {c["id"]: c for c in json.loads(html.unescape(found.group(1)))["claims"]}
    for claim in result.claims:
        assert seen[claim.claim_id]["text"] == claim.text
        assert seen[claim.claim_id]["boxes"] > 0
    assert seen["kyiv-2025-02-01#x1"]["speaker"] == "Jane <Doe>"
    assert seen["kyiv-2025-02-01#x2"]["speaker"] == "(unattributed)"
    assert seen["kyiv-2025-02-01#x1"]["background"] != seen[outer.claim_id]["background"]


def test_screenshot(browser, page):
    png = str(page["dir"] / "report.png")
    screenshot(browser, page["url"], str(page["dir"] / "profile-shot"), png)
    assert png_size(png) == WINDOW
    assert os.path.getsize(png) > 20_000  # a blank page compresses to a few kB


if __name__ == "__main__":  # refresh docs/report-seed.png
    binary = chromium_binary()
    if binary is None:
        sys.exit("headless Chromium is not installed (apt-get install chromium)")
    target = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                             os.path.join(ROOT, "docs", "report-seed.png"))
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.html")
        write_seed_report(report)
        screenshot(binary, "file://" + report, os.path.join(tmp, "profile"), target)
    print(f"wrote {target}")
