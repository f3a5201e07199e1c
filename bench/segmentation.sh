#!/usr/bin/env bash
# Sentence segmentation quality: polypress beside pySBD and sentencex, same data, same scorer
# (../shared/segmentation/evaluate.py), on the UD development set and on the case tables in
# tests/data/segment/*.toml (converted to the scorer's JSONL format). Prints exact cases and
# boundary F1 per language and segmenter.
#
#   bench/segmentation.sh            # builds the release binary first
#   bench/segmentation.sh --no-build # measures target/release/polypress as it is
#
# Needs python3 with pysbd and sentencex (`pip install pysbd sentencex`); a missing peer is
# reported and skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=../shared/segmentation/evaluate.py
UD=../shared/segmentation/ud-dev
if [[ ! -f $EVAL ]]; then
    echo "skipping: no scorer at $EVAL" >&2
    exit 0
fi
if [[ ${1:-} != --no-build ]]; then
    cargo build --release --quiet
fi
CASES=$(mktemp -d)
trap 'rm -rf "$CASES"' EXIT
python3 - "$CASES" <<'PY'
import json, sys, tomllib
out = sys.argv[1]
for lang in ("en", "ru", "tr"):
    with open(f"tests/data/segment/{lang}.toml", "rb") as f:
        table = tomllib.load(f)
    with open(f"{out}/{lang}.jsonl", "w", encoding="utf-8") as f:
        for c in table["case"]:
            # Inline-code placeholders are polypress internals; peers get plain text.
            if any(0xE000 <= ord(ch) <= 0xE003 for ch in c["input"]):
                continue
            f.write(json.dumps({"id": f"{lang}-{c['name']}", "text": c["input"],
                                "sentences": c["expected"], "note": c["note"]},
                               ensure_ascii=False) + "\n")
PY
declare -A SEG=(
    [polypress]="--cmd|target/release/polypress segment - --plain --lang {lang}"
    [pysbd]="--python-module|pysbd"
    [sentencex]="--python-module|sentencex"
)
printf '| set | segmenter | exact en | exact ru | exact tr | F1 en | F1 ru | F1 tr |\n|---|---|---|---|---|---|---|---|\n'
for set in ud-dev cases; do
    dir=$UD
    [[ $set == cases ]] && dir=$CASES
    for name in polypress pysbd sentencex; do
        IFS='|' read -r flag value <<<"${SEG[$name]}"
        json=$(mktemp)
        if ! python3 "$EVAL" "$flag" "$value" --data-dir "$dir" --jobs 2 --json "$json" >/dev/null 2>&1; then
            echo "| $set | $name | (not available) | | | | | |"
            rm -f "$json"
            continue
        fi
        python3 - "$json" "$set" "$name" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
ex = " | ".join("%.1f %%" % (100.0 * s[l]["exact"] / s[l]["cases"]) for l in ("en", "ru", "tr"))
f1 = " | ".join("%.3f" % s[l]["f1"] for l in ("en", "ru", "tr"))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {ex} | {f1} |")
PY
        rm -f "$json"
    done
done

# Speed, end to end: the release binary reads ~40 MB of prose per language (corpus segments of
# four words or more and at most 2,000 bytes, five to a paragraph, as in `cargo bench --bench
# segment`) on stdin and
# writes its sentences to /dev/null; pySBD segments the first 1 MB of the same text in-process.
# With valgrind, also the instructions per byte of the whole run on the first 4 MB (a figure
# that does not depend on how loaded the machine is).
CORPUS=../shared/corpus
if ! ls "$CORPUS"/*.jsonl >/dev/null 2>&1; then
    echo "skipping speed: no corpus at $CORPUS" >&2
    exit 0
fi
python3 - "$CORPUS" "$CASES" <<'PY'
import glob, json, sys
corpus, out = sys.argv[1], sys.argv[2]
target = 40 << 20
segs = {"en": [], "tr": [], "ru": []}
for path in sorted(glob.glob(f"{corpus}/*.jsonl")):
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            for lang in segs:
                s = row.get(lang)
                # Rows over 2,000 bytes are lists (names, keywords), not prose; five of them in
                # one sentence would pass the reader's 16 KB segment limit.
                if s and len(s.split()) >= 4 and len(s.encode()) <= 2000:
                    segs[lang].append(s.replace("\n", " "))
for lang, rows in segs.items():
    parts, size, i = [], 0, 0
    while size < target and rows:
        s = rows[i % len(rows)]
        sep = "\n\n" if i % 5 == 4 else " "
        parts.append(s + sep)
        size += len(s.encode()) + len(sep)
        i += 1
    text = "".join(parts)
    with open(f"{out}/{lang}.txt", "w", encoding="utf-8") as f:
        f.write(text)
    with open(f"{out}/{lang}.4mb.txt", "w", encoding="utf-8") as f:
        f.write(text.encode()[: 4 << 20].decode("utf-8", "ignore"))
PY
printf '\nload average: %s\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| lang | MB | polypress MB/s (best of 3) | pySBD MB/s (1 MB) | polypress instructions/byte |\n|---|---|---|---|---|\n'
for lang in en tr ru; do
    file=$CASES/$lang.txt
    bytes=$(stat -c %s "$file")
    best=
    for _ in 1 2 3; do
        start=$(date +%s.%N)
        if ! target/release/polypress segment - --plain --lang "$lang" <"$file" >/dev/null 2>"$CASES/err"; then
            echo "polypress failed on the $lang speed text: $(cat "$CASES/err")" >&2
            exit 1
        fi
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
    done
    ours=$(echo "$bytes / 1000000 / $best" | bc -l)
    peer=$(python3 - "$file" "$lang" <<'PY' 2>/dev/null || echo "n/a"
import sys, time
import pysbd
text = open(sys.argv[1], encoding="utf-8").read().encode()[: 1 << 20].decode("utf-8", "ignore")
lang = sys.argv[2] if sys.argv[2] in ("en", "ru") else "en"
seg = pysbd.Segmenter(language=lang, clean=False)
start = time.perf_counter()
for para in text.split("\n\n"):
    seg.segment(para)
print("%.2f" % (len(text.encode()) / 1e6 / (time.perf_counter() - start)))
PY
)
    ipb=n/a
    if command -v valgrind >/dev/null; then
        small=$CASES/$lang.4mb.txt
        log=$(mktemp)
        valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            target/release/polypress segment - --plain --lang "$lang" <"$small" >/dev/null 2>"$log" || true
        ir=$(grep -o 'Collected : [0-9]*' "$log" | grep -o '[0-9]*$' || true)
        [[ -n $ir ]] && ipb=$(echo "$ir / $(stat -c %s "$small")" | bc -l | xargs printf '%.0f')
        rm -f "$log"
    fi
    printf '| %s | %.1f | %.1f | %s | %s |\n' "$lang" "$(echo "$bytes / 1000000" | bc -l)" "$ours" "$peer" "$ipb"
done
