#!/usr/bin/env bash
# Sentence segmentation quality: polypress beside pySBD and sentencex, same data, same scorer
# (../shared/segmentation/evaluate.py), on the UD development set and on the case tables in
# tests/data/segment/*.toml (converted to the scorer's JSONL format). Prints exact cases and
# boundary F1 per language and segmenter.
#
#   bench/segmentation.sh            # builds the release binary first
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
cargo build --release --quiet
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
