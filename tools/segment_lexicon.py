#!/usr/bin/env python3
"""Learns the evidence tables of the built-in sentence segmenter from the shared corpus.

Punkt's observation (Kiss & Strunk 2006) applied to a corpus whose rows are single
segments: a word written with a final dot *inside* a row, before a lower-case word or a
number, is an abbreviation there; a word seen far more often without a dot than with one
inside a row is an ordinary word, so its dot before a lower-case word ends a sentence
(informal text does not capitalise sentence starts).

For every language it writes src/segment/model/<lang>.txt, one entry a line:

    abbr <word>    learned abbreviation (dot mid-row at least MIN_ABBR times, and at least as
                   often as the word without a dot): its dot never ends a sentence before
                   lower case
    word <word>    short ordinary word (at most SHORT chars, seen at least MIN_WORD times
                   without a dot, hardly ever as an abbreviation): its dot ends a sentence
                   before lower case even though it is shorter than the language's minimum

Words are lower-cased. Output is sorted, so the same corpus gives byte-identical files.

Usage: python3 tools/segment_lexicon.py [CORPUS_DIR] [OUT_DIR]
"""
import collections
import glob
import json
import os
import re
import sys

LANGS = ("en", "tr", "ru")
MIN_ABBR = 3
MIN_WORD = 5
SHORT = 5
MAX_ABBR = 7  # abbreviations are short: longer dotted words mid-row are noise
OPENERS = "\"'“‘«„‹([{"
TRAIL = ",;:)]}\"'”’»!?"
WORD = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")


def learn(rows):
    mid_dot = collections.Counter()   # "w." inside a row before lower case / digit
    plain = collections.Counter()     # "w" without a dot
    for text in rows:
        toks = text.split()
        for k, tok in enumerate(toks):
            tok = tok.lstrip(OPENERS)
            if tok.endswith(".") and not tok.endswith(".."):
                core = tok[:-1]
                if not core or not WORD.match(core.replace(".", "")):
                    continue
                if k + 1 < len(toks):
                    nxt = toks[k + 1].lstrip(OPENERS)
                    if nxt[:1].islower() or nxt[:1].isdigit():
                        mid_dot[core.lower()] += 1
            else:
                core = tok.rstrip(TRAIL)
                if core and WORD.match(core):
                    plain[core.lower()] += 1
    abbr = sorted(w for w, n in mid_dot.items()
                  if n >= MIN_ABBR and n >= plain[w] and (len(w) <= MAX_ABBR or "." in w))
    words = sorted(w for w, n in plain.items()
                   if len(w) <= SHORT and n >= MIN_WORD and mid_dot[w] * 20 <= n)
    return abbr, words


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "corpus")
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "src", "segment", "model")
    files = sorted(glob.glob(os.path.join(corpus, "*.jsonl")))
    if not files:
        sys.exit("no corpus rows under %s" % corpus)
    rows = {lang: [] for lang in LANGS}
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                for lang in LANGS:
                    text = row.get(lang)
                    if text:
                        # msgcat rows keep their newlines; a line is one segment there.
                        rows[lang].extend(t for t in text.split("\n") if t.strip())
    os.makedirs(out_dir, exist_ok=True)
    for lang in LANGS:
        abbr, words = learn(rows[lang])
        path = os.path.join(out_dir, lang + ".txt")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("# Learned by tools/segment_lexicon.py from %d %s corpus segments; do not edit.\n"
                    % (len(rows[lang]), lang))
            for w in abbr:
                f.write("abbr %s\n" % w)
            for w in words:
                f.write("word %s\n" % w)
        print("%s: %d segments, %d abbreviations, %d short words -> %s"
              % (lang, len(rows[lang]), len(abbr), len(words), os.path.relpath(path)))


if __name__ == "__main__":
    main()
