#!/usr/bin/env python3
"""Print corpus throughput (MB/s, docs/s) and peak memory for 1 and N processes.

    python bench/throughput.py [--mb 50] [--jobs 1,2] [--keep CORPUS.jsonl]

Builds a JSONL corpus of at least ``--mb`` megabytes by repeating the
articles of ../shared/eval/polnear-train.jsonl (when present) and the seeds
under new ids, then runs ``quotetrack extract --jobs N -o /dev/null`` on it
for each N, timing the whole command (start-up included) and sampling the
memory of the command and its worker processes from /proc: the largest
resident set of one process, and for all of them together the sum of their
proportional set sizes (PSS): forked workers share the parent's compiled
rules, which a sum of resident sets would count once per process.
A benchmark, not a test: figures depend on the machine and its load.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "eval", "polnear-train.jsonl")


def source_articles():
    texts = []
    if os.path.exists(SHARED):
        with open(SHARED, encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    else:
        print(f"note: {SHARED} not found; the corpus repeats the seeds only", file=sys.stderr)
    seeds = os.path.join(ROOT, "seeds")
    for name in sorted(os.listdir(seeds)):
        if name.endswith(".txt"):
            with open(os.path.join(seeds, name), encoding="utf-8") as handle:
                texts.append(handle.read())
    return texts


def build_corpus(path, megabytes):
    texts = source_articles()
    written = docs = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < megabytes * 1e6:
            for text in texts:
                out.write(json.dumps({"id": f"bench-{docs}", "text": text},
                                     ensure_ascii=False) + "\n")
                written += len(text.encode("utf-8"))
                docs += 1
    return docs, written


def _proc_kb(path, field):
    """A kB figure of a /proc file (``VmRSS:`` of status, ``Pss:`` of smaps_rollup); None if absent."""
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _rss_kb(pid):
    return _proc_kb(f"/proc/{pid}/status", "VmRSS:") or 0


def _pss_kb(pid):
    # no smaps_rollup (old kernels): count the process whole
    pss = _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:")
    return _rss_kb(pid) if pss is None else pss


def _tree(pid):
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except OSError:
            pass
    return pids


def run(corpus, jobs):
    cmd = [sys.executable, "-m", "quotetrack", "extract", "--jobs", str(jobs), "--no-progress",
           "-o", os.devnull, corpus]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    peak = {"total": 0, "one": 0, "rss_sum": 0}

    def sample():
        while proc.poll() is None:
            pids = _tree(proc.pid)
            sizes = [_rss_kb(p) for p in pids]
            peak["total"] = max(peak["total"], sum(_pss_kb(p) for p in pids))
            peak["rss_sum"] = max(peak["rss_sum"], sum(sizes))
            peak["one"] = max(peak["one"], max(sizes, default=0))
            time.sleep(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    watcher.join()
    if proc.returncode != 0:
        sys.exit(f"extract failed ({proc.returncode}): {err.strip()}")
    return seconds, peak, err.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size (default 50)")
    parser.add_argument("--jobs", default="1,2", help="process counts to run (default 1,2)")
    parser.add_argument("--keep", metavar="PATH", help="write the corpus here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.keep or os.path.join(tmp, "corpus.jsonl")
        docs, size = build_corpus(corpus, args.mb)
        print(f"corpus: {docs} documents, {size / 1e6:.1f} MB of text "
              f"({os.path.getsize(corpus) / 1e6:.1f} MB of JSONL)")
        print(f"{'jobs':>4} {'seconds':>8} {'MB/s':>6} {'docs/s':>7} {'peak MB (all, PSS)':>19} "
              f"{'peak MB (one)':>14} {'RSS sum':>8}")
        base = None
        for jobs in (int(j) for j in args.jobs.split(",")):
            seconds, peak, summary = run(corpus, jobs)
            base = base or seconds
            print(f"{jobs:>4} {seconds:>8.1f} {size / 1e6 / seconds:>6.2f} {docs / seconds:>7.1f} "
                  f"{peak['total'] / 1024:>19.0f} {peak['one'] / 1024:>14.0f} "
                  f"{peak['rss_sum'] / 1024:>8.0f}"
                  f"   speed-up {base / seconds:.2f}")
            print(f"     {summary}")


if __name__ == "__main__":
    main()
