"""Measure extraction against gold annotations, and show where it goes wrong.

Gold is JSONL, one document a line::

    {"id": "...", "text": "...", "quotes": [{"start", "end", "speaker",
     "speaker_mentions": [[s, e], ...], "cue", "kind", "source"?}],
     "sources_annotated"?: true}

The figures follow the shared scorer's definitions (a test checks that both
agree): spans are trimmed of spaces, quote marks and ``,.;:!?…-–—``; a
prediction and a gold quote overlap-match when the characters they share
cover at least half of the shorter one, taken greedily one-to-one by
decreasing overlap, then intersection over union; exact matches have
identical trimmed spans. Speaker accuracy is over overlap-matched pairs
with a gold speaker: names are compared case-, accent- and title-blind, one
name may be a token subsequence of the other, the same surname with no
conflicting first name counts, and so does a ``speaker_span`` that overlaps
a gold speaker mention (a resolved pronoun). End-to-end counts a matched
pair whose speaker is right (or both null). ``--kind direct`` scores only
direct gold quotes and ignores predictions matched or overlapping only
non-direct ones. Source name and mode P/R/F1 are computed on documents
marked ``sources_annotated``.
"""
from __future__ import annotations

import json
import unicodedata
from typing import Dict, Iterable, List, Optional, Tuple

from .pipeline import extract_document
from .speakers import is_subsequence
from .records import Document

_TRIM = set(" \t\r\n\f\v\u00a0\u2009\u200a\u200b\u202f\u3000\"“”„‟«»〝〞＂'‘’‚‛`‹›,.;:!?…-–—")
_APOSTROPHES = "'’‘`ʼ"
# title words ignored when names are compared (the metric's definition)
_TITLE_WORDS = frozenset("""mr mrs ms miss mx dr prof professor sir dame lord lady president vice
prime minister premier chancellor secretary senator sen rep representative congressman
congresswoman gov governor mayor judge justice king queen prince princess pope rev reverend
colonel col gen general lt lieutenant capt captain maj sgt sergeant adm admiral cmdr commander
det detective insp inspector former then""".split())
_ARTICLES = ("the", "a", "an")
_MODE_SYNONYMS = {
    "news_conference": "press_conference", "press_briefing": "briefing", "tweet": "post",
    "social_media_post": "post", "social_media": "post", "press_release": "statement",
    "written_statement": "statement", "testimony": "hearing", "op_ed": "article",
    "oped": "article", "column": "article", "blog_post": "article", "essay": "article",
    "address": "speech", "video_address": "speech", "memoir": "book", "e_mail": "email",
    "campaign_rally": "rally", "tv_interview": "interview", "broadcast": "interview",
    "remarks_to_reporters": "remarks"}
_PLATFORM_SAME = {("x",): ["twitter"], ("x", "formerly", "twitter"): ["twitter"],
                  ("x", "twitter"): ["twitter"]}
OVERLAP_MIN = 0.5


def trim(text: str, start: int, end: int) -> Tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def overlap(a: Tuple[int, int], b: Tuple[int, int]) -> Tuple[float, float]:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    la, lb = a[1] - a[0], b[1] - b[0]
    if inter <= 0 or la <= 0 or lb <= 0:
        return 0.0, 0.0
    return inter / min(la, lb), inter / (la + lb - inter)


def match_overlap(gold: List[Tuple[int, int]], pred: List[Tuple[int, int]]) -> Dict[int, int]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ratio, iou = overlap(g, p)
            if ratio >= OVERLAP_MIN:
                pairs.append((-ratio, -iou, gi, pi))
    pairs.sort()
    used, result = set(), {}
    for _, _, gi, pi in pairs:
        if gi not in used and pi not in result:
            used.add(gi)
            result[pi] = gi
    return result


def match_exact(gold: List[Tuple[int, int]], pred: List[Tuple[int, int]]) -> Dict[int, int]:
    free: Dict[Tuple[int, int], List[int]] = {}
    for gi, span in enumerate(gold):
        if span[1] > span[0]:
            free.setdefault(span, []).append(gi)
    return {pi: free[span].pop(0) for pi, span in enumerate(pred) if free.get(span)}


def _fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    for ch in _APOSTROPHES:
        s = s.replace(ch, "")
    return "".join(ch if ch.isalnum() else " " for ch in s)


def name_tokens(name: Optional[str]) -> List[str]:
    if not name:
        return []
    tokens = _fold(name).split()
    kept = [t for t in tokens if t not in _TITLE_WORDS]
    while kept and kept[0] in _ARTICLES:
        kept.pop(0)
    return kept or tokens


def speaker_correct(pred: Optional[str], gold: Optional[str], mentions: Iterable[str] = ()) -> bool:
    p, g_main = name_tokens(pred), name_tokens(gold)
    if not p or not g_main:
        return False
    for candidate in [gold, *mentions]:
        g = name_tokens(candidate)
        if g and (p == g or is_subsequence(p, g) or is_subsequence(g, p)):
            return True
    if p[-1] != g_main[-1]:
        return False
    return len(p) < 2 or len(g_main) < 2 or p[0] == g_main[0]


def _span_hits(span, mentions) -> bool:
    if not (isinstance(span, (list, tuple)) and len(span) == 2):
        return False
    return any(min(span[1], e) > max(span[0], s) for s, e in mentions)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _source_parts(source) -> Tuple[Optional[str], Optional[str]]:
    if isinstance(source, str):
        return (source if source.strip() else None), None
    if isinstance(source, dict):
        name, mode = source.get("name"), source.get("mode")
        return (name if isinstance(name, str) and name.strip() else None,
                mode if isinstance(mode, str) and mode.strip() else None)
    return None, None


def _outlet_tokens(name: str) -> List[str]:
    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    for ch in _APOSTROPHES:
        s = s.replace(ch + "s ", " ").replace(ch, "")
    if s.endswith(tuple(a + "s" for a in _APOSTROPHES)):
        s = s[:-2]
    tokens = "".join(ch if ch.isalnum() else " " for ch in s).split()
    while tokens and tokens[0] in _ARTICLES:
        tokens.pop(0)
    return _PLATFORM_SAME.get(tuple(tokens), tokens)


def source_name_correct(pred: str, gold: str) -> bool:
    p, g = _outlet_tokens(pred), _outlet_tokens(gold)
    return bool(p and g) and (p == g or is_subsequence(p, g) or is_subsequence(g, p))


def canonical_mode(mode: str) -> str:
    m = "_".join(mode.casefold().replace("-", " ").split())
    return _MODE_SYNONYMS.get(m, m)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp}


def score(gold_docs: Dict[str, dict], predictions: Dict[str, List[dict]], kind: str = "all",
          errors: Optional[List[dict]] = None) -> dict:
    """Figures for predicted claim dicts (``start``, ``end``, ``speaker``, ...) against gold."""
    n_gold = n_pred = ignored = tp_exact = tp_overlap = tp_e2e = 0
    spk_total = spk_ok = 0
    src = {"name": [0, 0, 0], "mode": [0, 0, 0]}
    src_docs = 0
    for doc_id, doc in gold_docs.items():
        text = doc["text"]
        gq = doc.get("quotes", [])
        pq = predictions.get(doc_id, [])
        g_spans = [trim(text, q["start"], q["end"]) for q in gq]
        p_spans = [trim(text, p["start"], p["end"]) for p in pq]
        scored_g = [kind == "all" or q.get("kind") == "direct" for q in gq]
        ov = match_overlap(g_spans, p_spans)
        ex = match_exact(g_spans, p_spans)
        scored_p = [True] * len(pq)
        if kind != "all":
            for pi in range(len(pq)):
                if pi in ov:
                    scored_p[pi] = scored_g[ov[pi]]
                else:
                    hits = [scored_g[gi] for gi, g in enumerate(g_spans)
                            if overlap(g, p_spans[pi])[0] >= OVERLAP_MIN]
                    if hits and not any(hits):
                        scored_p[pi] = False
        n_gold += sum(scored_g)
        n_pred += sum(scored_p)
        ignored += len(pq) - sum(scored_p)
        tp_exact += sum(1 for pi, gi in ex.items() if scored_p[pi] and scored_g[gi])
        matched_gold = {}
        for pi, gi in ov.items():
            if not (scored_p[pi] and scored_g[gi]):
                continue
            tp_overlap += 1
            q, p = gq[gi], pq[pi]
            matched_gold[gi] = pi
            if _blank(q.get("speaker")):
                tp_e2e += _blank(p.get("speaker"))
                continue
            spans = q.get("speaker_mentions") or []
            ok = not _blank(p.get("speaker")) and (
                speaker_correct(p["speaker"], q["speaker"], [text[s:e] for s, e in spans])
                or _span_hits(p.get("speaker_span"), spans))
            spk_total += 1
            spk_ok += ok
            tp_e2e += ok
            if not ok and errors is not None:
                errors.append(_error("wrong speaker", doc_id, text, q, p))
        if errors is not None:
            for gi, q in enumerate(gq):
                if scored_g[gi] and gi not in matched_gold:
                    near = [pi for pi, ps in enumerate(p_spans) if overlap(g_spans[gi], ps)[0] > 0]
                    errors.append(_error("wrong boundary" if near else "missed", doc_id, text, q,
                                         pq[near[0]] if near else None))
            for pi, p in enumerate(pq):
                if scored_p[pi] and pi not in ov:
                    errors.append(_error("false positive", doc_id, text, None, p))
        if doc.get("sources_annotated"):
            src_docs += 1
            _count_sources(src, gq, pq, ov, scored_g, scored_p)
    result = {
        "kind": kind, "documents": len(gold_docs), "gold_quotes": n_gold,
        "predictions": n_pred, "predictions_ignored": ignored,
        "exact": _prf(tp_exact, n_pred, n_gold), "overlap": _prf(tp_overlap, n_pred, n_gold),
        "speaker": {"accuracy": spk_ok / spk_total if spk_total else 0.0, "correct": spk_ok,
                    "total": spk_total},
        "end_to_end": _prf(tp_e2e, n_pred, n_gold),
    }
    if src_docs:
        result["sources"] = {"documents": src_docs}
        for key, (tp, n_p, n_g) in src.items():
            result["sources"][key] = dict(_prf(tp, n_p, n_g), predicted=n_p, gold=n_g)
    return result


def _count_sources(src, gq, pq, ov, scored_g, scored_p) -> None:
    gold_of = {pi: gi for pi, gi in ov.items() if scored_p[pi] and scored_g[gi]}
    for key, index, same in (("name", 0, source_name_correct),
                             ("mode", 1, lambda a, b: canonical_mode(a) == canonical_mode(b))):
        counts = src[key]
        for gi, q in enumerate(gq):
            if scored_g[gi] and _source_parts(q.get("source"))[index]:
                counts[2] += 1
        for pi, p in enumerate(pq):
            value = _source_parts(p.get("source"))[index]
            if not scored_p[pi] or not value:
                continue
            counts[1] += 1
            if pi in gold_of:
                want = _source_parts(gq[gold_of[pi]].get("source"))[index]
                counts[0] += bool(want) and same(value, want)


def _error(category: str, doc_id: str, text: str, gold: Optional[dict], pred: Optional[dict]
           ) -> dict:
    anchor = gold or pred
    start, end = anchor["start"], anchor["end"]
    if category == "wrong speaker" and gold:
        mentions = [text[s:e] for s, e in gold.get("speaker_mentions") or []]
        low = " ".join(mentions).casefold().split()
        if any(w in ("he", "she", "they", "it", "i", "we", "him", "her") for w in low):
            category = "wrong speaker: pronoun"
        elif pred and _blank(pred.get("speaker")):
            category = "wrong speaker: none found"
        elif any(w.endswith("s") and w.islower() for w in low[-1:]):
            category = "wrong speaker: group"
    elif category == "missed" and gold and gold.get("kind"):
        category = f"missed {gold['kind']}"
    return {
        "category": category, "doc_id": doc_id, "start": start, "end": end,
        "gold_speaker": gold.get("speaker") if gold else None,
        "gold_kind": gold.get("kind") if gold else None,
        "gold_cue": gold.get("cue") if gold else None,
        "pred_speaker": pred.get("speaker") if pred else None,
        "pred_span": [pred["start"], pred["end"]] if pred else None,
        "pred_rule": (pred.get("rule") or [None])[0] if pred else None,
        "context": " ".join(text[max(0, start - 120):min(len(text), end + 120)].split()),
        "length": end - start,
    }


def load_gold(path: str) -> Dict[str, dict]:
    """Gold documents by id; a malformed line raises ValueError naming ``path:line``."""
    docs: Dict[str, dict] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{where}: not JSON ({err.msg})") from None
            problem = _gold_problem(doc)
            if problem:
                raise ValueError(f"{where}: {problem}")
            doc_id = str(doc["id"])
            if doc_id in docs:
                raise ValueError(f"{where}: duplicate gold id {doc_id!r}")
            docs[doc_id] = doc
    return docs


def _gold_problem(doc) -> Optional[str]:
    if not isinstance(doc, dict) or not isinstance(doc.get("text"), str) \
            or not isinstance(doc.get("id"), (str, int)):
        return 'a gold line is {"id": str, "text": str, "quotes": [...]}'
    quotes = doc.get("quotes", [])
    if not isinstance(quotes, list):
        return '"quotes" must be a list'
    size = len(doc["text"])
    for i, q in enumerate(quotes):
        if not isinstance(q, dict):
            return f"quote {i} is not an object"
        start, end = q.get("start"), q.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= size):
            return f"quote {i} needs integer offsets 0 <= start <= end <= {size}"
        for pair in q.get("speaker_mentions") or []:
            if not (isinstance(pair, list) and len(pair) == 2
                    and all(isinstance(x, int) for x in pair)):
                return f"quote {i}: speaker_mentions are [start, end] pairs"
    return None


def predict(gold_docs: Dict[str, dict], rules) -> Dict[str, List[dict]]:
    result = {}
    for doc_id, doc in gold_docs.items():
        meta = {k: v for k, v in doc.items() if k not in ("text", "quotes")}
        ex = extract_document(Document(doc_id, doc["text"], meta), rules)
        result[doc_id] = [c.to_dict() for c in ex.claims]
    return result


def evaluate_file(path: str, rules, kind: str = "all", errors: int = 0) -> dict:
    gold = load_gold(path)
    found: Optional[List[dict]] = [] if errors else None
    report = score(gold, predict(gold, rules), kind, found)
    report["gold_file"] = path
    if found is not None:
        report["errors"] = summarise_errors(found, errors)
    return report


def summarise_errors(found: List[dict], per_category: int) -> dict:
    """Counts per category, and the ``per_category`` longest cases of each."""
    by_category: Dict[str, List[dict]] = {}
    for e in found:
        by_category.setdefault(e["category"], []).append(e)
    return {cat: {"count": len(items),
                  "examples": sorted(items, key=lambda e: -e["length"])[:per_category]}
            for cat, items in sorted(by_category.items(), key=lambda kv: -len(kv[1]))}


def format_report(report: dict) -> str:
    lines = [f"kind={report['kind']}  documents={report['documents']}  "
             f"gold quotes={report['gold_quotes']}  predictions={report['predictions']}  "
             f"(ignored {report['predictions_ignored']})",
             f"{'':<12} {'precision':>9} {'recall':>9} {'F1':>9} {'TP':>7}"]
    for key in ("exact", "overlap", "end_to_end"):
        m = report[key]
        lines.append(f"{key.replace('_', '-'):<12} {m['precision']:9.3f} {m['recall']:9.3f} "
                     f"{m['f1']:9.3f} {m['tp']:7d}")
    s = report["speaker"]
    lines.append(f"speaker accuracy (overlap-matched, gold speaker known): {s['accuracy']:.3f} "
                 f"({s['correct']}/{s['total']})")
    for key in ("name", "mode"):
        if "sources" in report:
            m = report["sources"][key]
            lines.append(f"{'source-' + key:<12} {m['precision']:9.3f} {m['recall']:9.3f} "
                         f"{m['f1']:9.3f} {m['tp']:7d}")
    for category, data in (report.get("errors") or {}).items():
        lines.append("")
        lines.append(f"== {category}: {data['count']}")
        for e in data["examples"]:
            who = f"gold speaker {e['gold_speaker']!r}" if e["gold_kind"] else ""
            if e["pred_speaker"] is not None or e["pred_rule"]:
                who += f"; predicted {e['pred_speaker']!r} by {e['pred_rule']}"
            lines.append(f"- {e['doc_id']} [{e['start']}:{e['end']}] {who}")
            lines.append(f"    …{e['context']}…")
    return "\n".join(lines)
