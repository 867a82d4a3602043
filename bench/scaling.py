#!/usr/bin/env python3
"""Print extraction time against document length (a benchmark, not a test).

    python bench/scaling.py [--sizes 1000,10000,100000,1000000]

Builds one long document by repeating a news-like paragraph and times
``extract`` on growing prefixes of it; seconds per MB should stay flat when
the work is linear in document length.
"""
import argparse
import time

from quotetrack import extract, load_rules

PARAGRAPH = ('"We will win," Smith said on Monday. Officials said the road was closed, '
             'according to the ministry. He added, "It is over." The Ukrainian President '
             'informed that a building was destroyed, calling it "another wave of terror."\n\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    args = parser.parse_args()
    rules = load_rules()
    extract("warm up.", rules=rules)
    print(f"{'chars':>10} {'runs':>5} {'claims':>8} {'s/doc':>9} {'s/MB':>8} {'x 1st':>7}")
    first = None
    for size in (int(s) for s in args.sizes.split(",")):
        text = (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size]
        # small documents run many times, so each size costs about the same in all
        runs = max(1, min(200, 1_000_000 // size))
        start = time.process_time()
        for _ in range(runs):
            claims = extract(text, rules=rules).claims
        seconds = (time.process_time() - start) / runs
        first = first or (size, seconds)
        ratio = seconds / first[1]
        print(f"{size:>10} {runs:>5} {len(claims):>8} {seconds:>9.4f} {seconds / (size / 1e6):>8.2f} "
              f"{ratio:>7.0f}   (size x {size // first[0]})")


if __name__ == "__main__":
    main()
