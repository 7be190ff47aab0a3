#!/usr/bin/env bash
# Fills fuzz/corpus/check_source with seed inputs, which libFuzzer then mutates: the example
# program, every Python block of the Markdown test suite (one file per block), the blocks of each
# Markdown section with several files joined by `#---` (so the target sees them as modules that
# import each other), and the third-party libraries of the corpus cache when it exists.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus/check_source
mkdir -p "$out"
cp examples/app/*.py "$out"/
python3 - "$out" <<'PY'
import glob, re, sys, hashlib, os
out = sys.argv[1]
def write(text):
    name = hashlib.sha1(text.encode()).hexdigest()[:16]
    open(os.path.join(out, name + ".py"), "w").write(text)
for path in glob.glob("crates/awaitype_mdtest/resources/mdtest/*.md"):
    text = open(path).read()
    for section in re.split(r"^#+ ", text, flags=re.M):
        blocks = re.findall(r"```(?:py|python|pyi)\n(.*?)```", section, re.S)
        for block in blocks:
            write(block)
        if len(blocks) > 1:
            write("\n#---\n".join(blocks))
PY
cache=${AWAITYPE_CORPUS_CACHE:-$HOME/.cache/awaitype-corpus}
for library in anyio httpx starlette; do
    for file in "$cache"/venv/lib/python3.*/site-packages/"$library"/*.py; do
        [ -f "$file" ] && cp "$file" "$out/$library-$(basename "$file")"
    done
done
ls "$out" | wc -l
