#!/usr/bin/env python3
"""End-to-end memory benchmark: the release binary as a user runs it, against
translate-toolkit's `pretranslate` on the same en→tr pairs and queries, in the same run.

For each memory size it builds an en–tr TMX from ../shared/corpus (bench/make_tmx.py), a
project with that TMX as memory/big.tmx and a 200-segment article whose sentences are memory
sentences with one word dropped, then measures whole processes with /usr/bin/time -v:
`tm import` (into a scratch project), `tm stats` (cold, then warm), `prefill` cold (no
memory/.index) and warm, and `tm lookup --stdin` with 2,000 such queries (per-query times
from --timings). translate-toolkit gets the same 200 sentences as a PO file and the same TMX.
"Right" means the draft target (or msgstr) is exactly the TU's Turkish text.

usage: bench/memory-e2e.sh [SIZES...]   (default: 70000 100000 1000000)
"""
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
BIN = os.path.join(ROOT, "target", "release", "polypress")
TOOLKIT_MAX = int(os.environ.get("TOOLKIT_MAX", "100000"))


def timed(cmd, cwd, stdin=None):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak RSS MiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + cmd, cwd=cwd,
                           input=stdin, capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
        t = tf.read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
    h, m, s = wall.groups()
    secs = (int(h) if h else 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    return secs, rss, p.stdout


def memory_pairs(tmx, limit):
    """(en, tr) of the TUs in a make_tmx.py file, in order (only rows without a repeat suffix)."""
    out = []
    rx = re.compile(r'<tuv xml:lang="en"><seg>(.*?)</seg></tuv><tuv xml:lang="tr"><seg>(.*?)</seg>')
    from xml.sax.saxutils import unescape
    with open(tmx, encoding="utf-8") as f:
        for line in f:
            m = rx.search(line)
            if m:
                out.append((unescape(m.group(1)), unescape(m.group(2))))
                if len(out) >= limit:
                    break
    return out


def plain(s):
    return re.fullmatch(r"[A-Z][A-Za-z ,']+[a-z]\.", s) and 6 <= len(s.split()) <= 22


def queries(pairs, n, seed):
    """n sentences with one word dropped, and the Turkish wanted."""
    rnd = random.Random(seed)
    seen = {}
    for en, tr in pairs:
        seen.setdefault(en, set()).add(tr)
    good = [(en, tr) for en, tr in pairs if plain(en) and len(seen[en]) == 1]
    rnd.shuffle(good)
    out, used = [], set()
    for en, tr in good:
        if en in used:
            continue
        words = en[:-1].split()
        i = rnd.randrange(1, len(words))
        q = " ".join(words[:i] + words[i + 1:]) + "."
        out.append((q, tr))
        used.add(en)
        if len(out) == n:
            break
    return out


def po_escape(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def run_size(n, tmpdir, rows):
    tmx = os.path.join(tmpdir, f"{n}.tmx")
    subprocess.run([sys.executable, os.path.join(HERE, "make_tmx.py"), CORPUS, str(n), tmx,
                    "--pair", "en-tr"], check=True)
    mb = os.path.getsize(tmx) / 1e6
    pairs = memory_pairs(tmx, 200_000)
    article = queries(pairs, 200, 1)
    batch = queries(pairs, 2000, 2)
    proj = os.path.join(tmpdir, f"p{n}")
    shutil.rmtree(proj, ignore_errors=True)
    os.makedirs(os.path.join(proj, "memory"))
    os.makedirs(os.path.join(proj, "sources", "bench"))
    with open(os.path.join(proj, "polypress.toml"), "w") as f:
        f.write('languages = ["en", "tr"]\n')
    shutil.copy(tmx, os.path.join(proj, "memory", "big.tmx"))
    with open(os.path.join(proj, "sources", "bench", "en.md"), "w") as f:
        f.write('+++\ntitle = "Benchmark"\nlang = "en"\ndate = "2024-01-01"\nauthor = "bench"\n+++\n\n')
        for q, _ in article:
            f.write(q + "\n\n")
    r = {"n": n, "mb": mb}
    # tm import into a scratch project (parse + merge + write project.tmx).
    scratch = os.path.join(tmpdir, f"i{n}")
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(os.path.join(scratch, "memory"))
    shutil.copy(os.path.join(proj, "polypress.toml"), scratch)
    r["import"] = timed([BIN, "-q", "tm", "import", tmx], scratch)[:2]
    shutil.rmtree(scratch)
    r["stats_cold"] = timed([BIN, "-q", "tm", "stats"], proj)[:2]
    r["stats_warm"] = timed([BIN, "-q", "tm", "stats"], proj)[:2]
    wanted = {q: tr for q, tr in article}
    draft = os.path.join(proj, "sources", "bench", "tr.json")

    def prefill():
        if os.path.exists(draft):
            os.remove(draft)
        t = timed([BIN, "-q", "prefill", "--to", "tr"], proj)[:2]
        d = json.load(open(draft, encoding="utf-8"))
        right = sum(1 for s in d["segments"] if wanted.get(s["source"]) == s.get("target"))
        return t, right, len(article)

    shutil.rmtree(os.path.join(proj, "memory", ".index"), ignore_errors=True)
    r["prefill_cold"], r["right"], r["segments"] = prefill()
    r["prefill_warm"], _, _ = prefill()
    lines = "".join(json.dumps({"text": q, "from": "en", "to": "tr"}) + "\n" for q, _ in batch)
    secs, rss, out = timed([BIN, "-q", "tm", "lookup", "--stdin", "--timings", "-k", "1"], proj,
                           stdin=lines)
    micros, right = [], 0
    for (q, tr), line in zip(batch, out.splitlines()):
        rec = json.loads(line)
        micros.append(rec["micros"])
        if rec["matches"] and rec["matches"][0]["target"] == tr:
            right += 1
    micros.sort()
    r["lookup"] = (secs, rss)
    r["lookup_median_ms"] = statistics.median(micros) / 1000
    r["lookup_p95_ms"] = micros[int(len(micros) * 0.95)] / 1000
    r["lookup_right"] = right
    r["lookup_n"] = len(batch)
    if shutil.which("pretranslate") and n <= TOOLKIT_MAX:
        po = os.path.join(tmpdir, f"q{n}.po")
        with open(po, "w", encoding="utf-8") as f:
            f.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
            for q, _ in article:
                f.write(f'msgid "{po_escape(q)}"\nmsgstr ""\n\n')
        outpo = os.path.join(tmpdir, f"o{n}.po")
        secs, rss, _ = timed(["pretranslate", "--tm", tmx, "-s", "70", "-t", po, "-i", po, "-o", outpo],
                             tmpdir)
        from translate.storage import factory
        store = factory.getobject(outpo)
        right = sum(1 for u in store.units if u.source and wanted.get(u.source) == u.target)
        r["toolkit"] = (secs, rss)
        r["toolkit_right"] = right
    return r


def fmt(t):
    return f"{t[0]:.2f} s / {t[1]:.0f} MiB"


def main():
    if not os.path.isdir(CORPUS):
        print(f"skipped: {CORPUS} not found (the shared corpus is needed)")
        return
    if not os.path.exists(BIN):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    if not shutil.which("pretranslate"):
        print("note: translate-toolkit's pretranslate not found: polypress figures only")
    sizes = [int(s) for s in sys.argv[1:]] or [70_000, 100_000, 1_000_000]
    tmpdir = tempfile.mkdtemp(prefix="pp-e2e-")
    results = []
    try:
        for n in sizes:
            r = run_size(n, tmpdir, None)
            results.append(r)
            print(json.dumps(r), file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    print("| TUs | TMX | tm import | tm stats cold | tm stats warm | prefill 200 cold | prefill warm | "
          "right (polypress) | pretranslate | right (toolkit) | warm vs toolkit |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        tk = r.get("toolkit")
        ratio = f"{tk[0] / r['prefill_warm'][0]:.1f}× faster" if tk else "–"
        print(f"| {r['n']:,} | {r['mb']:.0f} MB | {fmt(r['import'])} | {fmt(r['stats_cold'])} | "
              f"{fmt(r['stats_warm'])} | {fmt(r['prefill_cold'])} | {fmt(r['prefill_warm'])} | "
              f"{r['right']} / {r['segments']} | {fmt(tk) if tk else '–'} | "
              f"{r.get('toolkit_right', '–')} / {r['segments']} | {ratio} |")
    print()
    print("| TUs | tm lookup --stdin, 2,000 queries | median | p95 | right |")
    print("|---|---|---|---|---|")
    for r in results:
        print(f"| {r['n']:,} | {fmt(r['lookup'])} | {r['lookup_median_ms']:.2f} ms | "
              f"{r['lookup_p95_ms']:.2f} ms | {r['lookup_right']} / {r['lookup_n']} |")
    print()
    print("cold load time per 100k TUs (tm stats, no cache):")
    for r in results:
        print(f"  {r['n']:,} TUs: {r['stats_cold'][0] / (r['n'] / 100_000):.2f} s per 100k")


if __name__ == "__main__":
    main()
