#!/usr/bin/env python3
"""Is there evidence a learned classifier could use where the rules split at `?`, `!` or a
closing quote before a capital?

The rules end a sentence at every `?` / `!` (and every terminator followed by a closing quote)
before a capitalised word. The Universal Dependencies development set sometimes keeps such a
pair as one sentence (Turkish BOUN does so for a third of them). This script asks whether the
text around the candidate tells the two apart: it trains a logistic regression on features of
the tokens around each such candidate (terminator, closing quote, words before and after,
the word before and the word after, a proper-noun apostrophe, what ends the next sentence) and
scores it by 10-fold cross-validation, folds by paragraph, beside the rules' decisions
and beside the same classifier scored on its own training data (what shipping a model fitted to
the development set would show).

Per language it prints the candidates, how many the treebank splits, and the accuracy of the
rule, of the cross-validated classifier and of the fitted one; then the exact-case figure on
ud-dev that each would give (a case counts as exact when polypress gets everything else in it
right and the decider gets every candidate in it right).

    bench/segmentation_cv.py                      # needs target/release/polypress
    bench/segmentation_cv.py --folds 5 --langs tr

Standard library only; deterministic (fixed seeds).
"""
import argparse
import json
import math
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
UD = os.path.join(HERE, "..", "..", "shared", "segmentation", "ud-dev")
BIN = os.path.join(HERE, "..", "target", "release", "polypress")
CANDIDATE = re.compile(r'([.?!…]+)(["”’»\']*)(\s+)(["“«\']?)(\w+)')


def gold_starts(case):
    text, out, pos = case["text"], set(), 0
    for s in case["sentences"][:-1]:
        pos = text.find(s, pos) + len(s)
        out.add(pos + len(text[pos:]) - len(text[pos:].lstrip()))
    return out


def predicted_starts(text, sentences):
    out, pos = set(), 0
    for s in sentences[:-1]:
        k = text.find(s, pos)
        if k < 0:
            return None
        pos = k + len(s)
        out.add(pos + len(text[pos:]) - len(text[pos:].lstrip()))
    return out


def bucket(n):
    return "1" if n <= 1 else "2" if n <= 2 else "3" if n <= 3 else "4-6" if n <= 6 else "7+"


def candidates(case):
    """(start offset, features) of every `?`/`!`/closing-quote candidate before a capital."""
    text = case["text"]
    for m in CANDIDATE.finditer(text):
        term, close, ws, _, word = m.groups()
        if not word[0].isupper() or not ("?" in term or "!" in term or close):
            continue
        start = m.start(3) + len(ws)
        before = re.split(r'[.?!…]["”’»]*\s+', text[: m.start()])[-1].split()
        after_text = re.split(r"(?<=[.?!…])\s+", text[start:])[0]
        after = after_text.split()
        feats = [
            "bias",
            "term=" + term[-1],
            "close=%s" % bool(close),
            "before=" + bucket(len(before)),
            "after=" + bucket(len(after)),
            "last=" + (before[-1].lower() if before else ""),
            "next=" + word.lower(),
            "apostrophe=%s" % ("'" in after[0] or "’" in after[0]),
            "next_ends=" + after_text[-1:],
            "next_comma=%s" % after[0].endswith(","),
        ]
        feats += [f + "&" + feats[1] for f in feats[2:5]]
        yield start, feats


def train(rows, epochs=30, rate=0.3, l2=0.01):
    w = {}
    rows = list(rows)
    for epoch in range(epochs):
        random.Random(epoch).shuffle(rows)
        for feats, label in rows:
            z = sum(w.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for f in feats:
                w[f] = w.get(f, 0.0) - rate * ((p - label) + l2 * w.get(f, 0.0))
    return w


def decide(w, feats):
    return sum(w.get(f, 0.0) for f in feats) > 0


def polypress(text, lang):
    out = subprocess.run([BIN, "segment", "-", "--plain", "--lang", lang], input=text.encode(),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    return [s for s in out.stdout.decode().splitlines() if s.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--langs", default="en,ru,tr")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--data-dir", default=UD)
    args = ap.parse_args()
    print("| lang | candidates | treebank splits | rules | classifier, %d-fold CV "
          "| classifier, fitted | exact: rule | exact: CV | exact: fitted |" % args.folds)
    print("|---|---|---|---|---|---|---|---|---|")
    for lang in args.langs.split(","):
        with open(os.path.join(args.data_dir, lang + ".jsonl"), encoding="utf-8") as f:
            cases = [json.loads(line) for line in f if line.strip()]
        rows = []  # (case index, start, feats, label)
        rule = {}  # what polypress decided at each candidate
        other_ok = []  # polypress right on every boundary that is not a candidate
        rule_ok = []
        for k, case in enumerate(cases):
            gold = gold_starts(case)
            cands = list(candidates(case))
            starts = {s for s, _ in cands}
            pred = predicted_starts(case["text"], polypress(case["text"], lang))
            if pred is None:
                other_ok.append(False)
                rule_ok.append(False)
            else:
                other_ok.append((pred - starts) == (gold - starts))
                rule_ok.append(pred == gold)
            rows += [(k, s, f, int(s in gold)) for s, f in cands]
            rule.update({(k, s): pred is not None and s in pred for s, _ in cands})
        if not rows:
            continue
        ids = sorted({r[0] for r in rows})
        random.Random(1).shuffle(ids)
        cv = {}
        for fold in range(args.folds):
            held = set(ids[fold:: args.folds])
            w = train((f, y) for k, _, f, y in rows if k not in held)
            for k, s, f, _ in rows:
                if k in held:
                    cv[(k, s)] = decide(w, f)
        w = train((f, y) for _, _, f, y in rows)
        fitted = {(k, s): decide(w, f) for k, s, f, _ in rows}
        n, splits = len(rows), sum(r[3] for r in rows)

        def acc(d):
            return sum(d[(k, s)] == bool(y) for k, s, _, y in rows) / n

        def exact(d):
            wrong = {k for k, s, _, y in rows if d[(k, s)] != bool(y)}
            return sum(1 for k in range(len(cases)) if other_ok[k] and k not in wrong) / len(cases)

        print("| %s | %d | %d | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% |" % (
            lang, n, splits, 100 * acc(rule), 100 * acc(cv), 100 * acc(fitted),
            100 * sum(rule_ok) / len(cases), 100 * exact(cv), 100 * exact(fitted)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
