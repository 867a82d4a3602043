#!/usr/bin/env python3
"""Print claims/second of ``check_claims`` at two source-collection sizes (a benchmark, not a test).

    python bench/check_speed.py [--sizes 10000,100000] [--claims 10000]

Source posts are built from the sentences of ../shared/eval/polnear-train.jsonl
(news text; read when present, and the script says when it is absent) and of
the seed article, two to five consecutive sentences per post, each with an
author and a platform. Claims are quotes taken from posts of the smallest
collection, so every size holds their originals: 40% verbatim, 20% with a
word changed, 20% with words left out, 10% given to the wrong speaker and 10%
made up. Indexing and checking are timed apart; the growth of the check time
with the collection size is the figure to watch.
"""
import argparse
import os
import random
import re
import sys
import time

from quotetrack import Claim, Document, DocumentMeta, Extraction, Span, Speaker
from quotetrack import SourceIndex, check_claims, load_rules
from quotetrack.corpus import read_path

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "eval", "polnear-train.jsonl")
SEED = os.path.join(ROOT, "seeds", "kyiv-2025-02-01.txt")
FIRST = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas",
         "Kira", "Luis", "Maya", "Nikolai", "Olga", "Pavel", "Rosa", "Samir", "Tanja", "Viktor"]
LAST = ["Adler", "Brandt", "Costa", "Dumont", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova",
        "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn",
        "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber", "Yilmaz", "Zhou"]
PLATFORMS = ["X", "Telegram", "Facebook", "Instagram"]
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def sentences() -> list:
    texts = []
    if os.path.exists(SHARED):
        print(f"# source text: {os.path.normpath(SHARED)} and the seed article")
        texts = [d.text for d in read_path(SHARED) if isinstance(d, Document)]
    else:
        print(f"# {os.path.normpath(SHARED)} is absent: posts are built from the seed article "
              "alone, so they repeat and the index sees fewer distinct shingles")
    with open(SEED, encoding="utf-8") as handle:
        texts.append(handle.read())
    found = []
    for text in texts:
        run = [s.strip() for s in _SENTENCE.findall(text) if len(s.split()) >= 5]
        if run:
            found.append(run)
    return found


def make_posts(count: int, articles: list, rng: random.Random) -> list:
    authors = [f"{f} {l}" for f in FIRST for l in LAST]
    posts = []
    for n in range(count):
        run = rng.choice(articles)
        start = rng.randrange(len(run))
        # quote marks inside a post would split the synthetic quotes made from it
        text = re.sub("[\"“”]", "", " ".join(run[start:start + rng.randint(2, 5)]))
        posts.append(Document(f"post-{n}", text, {"author": rng.choice(authors),
                                                  "platform": rng.choice(PLATFORMS)}))
    return posts


def make_claims(count: int, posts: list, rng: random.Random) -> list:
    """Articles of 20 quotes each, with their Claim records."""
    extractions, pending = [], []
    vocabulary = [w for p in posts[:500] for w in p.text.split()]
    for n in range(count):
        post = rng.choice(posts)
        words = post.text.split()
        start = rng.randrange(max(1, len(words) - 14))
        quote = words[start:start + rng.randint(10, 25)]
        speaker = post.metadata["author"]
        roll = rng.random()
        if roll < 0.2:
            quote[len(quote) // 2] = rng.choice(vocabulary)
        elif roll < 0.4:
            del quote[4:7]
        elif roll < 0.5:
            speaker = "Someone Else"
        elif roll < 0.6:
            quote = rng.sample(vocabulary, len(quote))
        pending.append((speaker, " ".join(quote)))
        if len(pending) == 20 or n == count - 1:
            extractions.append(_article(len(extractions), pending))
            pending = []
    return extractions


def _article(number: int, quotes: list) -> Extraction:
    doc_id = f"article-{number}"
    text, claims = "", []
    for speaker, quote in quotes:
        lead = f'{speaker} said, "'
        start = len(text) + len(lead)
        text += lead + quote + '"\n\n'
        span = Span(start, start + len(quote))
        claims.append(Claim(doc_id, f"{doc_id}#c{len(claims) + 1}", "direct", span, quote,
                            Speaker(speaker, "person"), None, speaker, "said", None, None, span,
                            ("bench",)))
    return Extraction(Document(doc_id, text), DocumentMeta(), tuple(claims), ())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--claims", type=int, default=10000)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rng = random.Random(5)
    rules = load_rules()
    articles = sentences()
    posts = make_posts(sizes[-1], articles, rng)
    extractions = make_claims(args.claims, posts[:sizes[0]], rng)
    check_claims(extractions[:20], SourceIndex(posts[:1000], rules))  # warm the caches
    print(f"{'posts':>8} {'claims':>7} {'index s':>8} {'check s':>8} {'claims/s':>9}  verdicts")
    for size in sizes:
        start = time.perf_counter()
        index = SourceIndex(posts[:size], rules)
        indexed = time.perf_counter() - start
        start = time.perf_counter()
        verdicts = check_claims(extractions, index)
        checked = time.perf_counter() - start
        counts = {}
        for v in verdicts:
            counts[v.verdict] = counts.get(v.verdict, 0) + 1
        print(f"{size:>8} {len(verdicts):>7} {indexed:>8.1f} {checked:>8.1f} "
              f"{len(verdicts) / checked:>9.0f}  "
              + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())), flush=True)


if __name__ == "__main__":
    sys.exit(main())
