#!/usr/bin/env python3
"""translate-toolkit's fuzzy matcher on the cases of `cargo bench --bench score`.

The benchmark writes, for each source language, the memory's TUs in memory order
(`memory.<lang>.jsonl`: one {"source", "target"} per line) and the queries
(`cases.jsonl`: one {"lang", "query"} per line). For each query this prints the line number
(0-based, in that language's memory file) of the toolkit's best match, or -1, one per line in
query order; then, on stderr, the time taken.

The matcher is set up as translate-toolkit's `pretranslate` sets it up (`max_candidates=1`,
`max_length=1000`), with `min_similarity` 50 like the benchmark's lookups; its comparer is
the toolkit's Levenshtein similarity (rapidfuzz or python-Levenshtein when installed).

usage: score_toolkit.py DIR
"""
import json
import os
import sys
import time

from translate.search import match
from translate.storage import base


def main():
    d = sys.argv[1]
    cases = [json.loads(l) for l in open(os.path.join(d, "cases.jsonl"), encoding="utf-8")]
    t0 = time.time()
    matchers = {}
    for lang in sorted({c["lang"] for c in cases}):
        store = base.TranslationStore()
        index = {}
        with open(os.path.join(d, f"memory.{lang}.jsonl"), encoding="utf-8") as f:
            for i, line in enumerate(f):
                r = json.loads(line)
                if not r["source"] or not r["target"]:
                    continue
                u = base.TranslationUnit(r["source"])
                u.target = r["target"]
                store.addunit(u)
                # The first TU of a source text wins ties, as a memory order would.
                index.setdefault(r["source"], i)
        m = match.matcher(store, max_candidates=1, min_similarity=50, max_length=1000)
        matchers[lang] = (m, index)
    t1 = time.time()
    out = []
    for c in cases:
        m, index = matchers[c["lang"]]
        found = m.matches(c["query"])
        out.append(str(index.get(str(found[0].source), -1)) if found else "-1")
    t2 = time.time()
    sys.stdout.write("\n".join(out) + "\n")
    print(f"translate-toolkit: memory {t1 - t0:.1f} s, {len(cases)} queries {t2 - t1:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
