#!/usr/bin/env bash
# Fills fuzz/corpus/check_source with seed inputs: the example program and every Python block of
# the Markdown test suite (one file per block), which libFuzzer then mutates.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus/check_source
mkdir -p "$out"
cp examples/app/*.py "$out"/
python3 - "$out" <<'PY'
import glob, re, sys, hashlib, os
out = sys.argv[1]
for path in glob.glob("crates/awaitype_mdtest/resources/mdtest/*.md"):
    text = open(path).read()
    for block in re.findall(r"```(?:py|python|pyi)\n(.*?)```", text, re.S):
        name = hashlib.sha1(block.encode()).hexdigest()[:16]
        open(os.path.join(out, name + ".py"), "w").write(block)
PY
ls "$out" | wc -l
