#!/usr/bin/env python3
"""Builds an en/tr/ru TMX of N TUs from ../shared/corpus (one <tu> per line), for the
end-to-end memory benchmark. Beyond the corpus size, rows repeat with a distinguishing
suffix (" (2)", " (3)", …) so every TU stays distinct and real-length.

usage: make_tmx.py CORPUS_DIR N OUT.tmx [--pair en-tr]
"""
import glob
import json
import os
import sys
from xml.sax.saxutils import escape


def rows(corpus, pair):
    out = []
    for path in sorted(glob.glob(os.path.join(corpus, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                en = (r.get("en") or "").strip()
                if not en:
                    continue
                langs = pair or ["tr", "ru"]
                targets = {l: (r.get(l) or "").strip() for l in langs}
                targets = {l: t for l, t in targets.items() if t}
                if not targets:
                    continue
                if any(c < " " and c not in "\t" for c in en + "".join(targets.values())):
                    continue
                out.append((en, targets))
    return out


def main():
    corpus, n, dest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    pair = None
    if "--pair" in sys.argv:
        pair = sys.argv[sys.argv.index("--pair") + 1].split("-")[1:]
    data = rows(corpus, pair)
    seen = set()
    uniq = []
    for en, t in data:
        if en not in seen:
            seen.add(en)
            uniq.append((en, t))
    tmp = dest + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        f.write('<header creationtool="make_tmx" creationtoolversion="1" segtype="sentence" '
                'o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n')
        for i in range(n):
            en, t = uniq[i % len(uniq)]
            rep = i // len(uniq)
            suffix = f" ({rep + 1})" if rep else ""
            parts = [f'<tu tuid="b{i}"><tuv xml:lang="en"><seg>{escape(en + suffix)}</seg></tuv>']
            for lang, text in sorted(t.items()):
                parts.append(f'<tuv xml:lang="{lang}"><seg>{escape(text + suffix)}</seg></tuv>')
            parts.append("</tu>\n")
            f.write("".join(parts))
        f.write("</body>\n</tmx>\n")
    os.replace(tmp, dest)


if __name__ == "__main__":
    main()
