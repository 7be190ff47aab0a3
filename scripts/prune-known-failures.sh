#!/usr/bin/env bash
# Removes entries from crates/awaitype_mdtest/known-failures.txt that the Markdown suite reports
# as passing now (together with the comment lines directly above them when no entry remains
# under that comment). Run after fixing checker bugs.
set -euo pipefail
cd "$(dirname "$0")/.."
list=crates/awaitype_mdtest/known-failures.txt
passing=$(mktemp)
trap 'rm -f "$passing"' EXIT
cargo test -q -p awaitype_mdtest --test mdtest 2>&1 | sed -n 's/^\(.*\): now passes: remove it from known-failures.txt$/\1/p' | sed 's/^ *//' > "$passing" || true
if [ ! -s "$passing" ]; then
    echo "no known failure passes now"
    exit 0
fi
python3 - "$list" "$passing" <<'PY'
import sys
path, passing_path = sys.argv[1], sys.argv[2]
passing = {line.strip() for line in open(passing_path) if line.strip()}
lines = open(path).read().split("\n")
kept = [l for l in lines if l.strip() not in passing]
# The header ends at the line that explains comments; after it, a comment block is kept only
# when an entry follows it directly.
header_end = next((i for i, l in enumerate(kept) if "are comments." in l), -1) + 1
out = kept[:header_end]
i = header_end
while i < len(kept):
    line = kept[i]
    if line.startswith("#"):
        j = i
        while j < len(kept) and kept[j].startswith("#"):
            j += 1
        if j < len(kept) and kept[j].strip() and not kept[j].startswith("#"):
            out.extend(kept[i:j])  # the whole comment block describing the group
        i = j
        continue
    out.append(line)
    i += 1
text = "\n".join(out)
while "\n\n\n" in text:
    text = text.replace("\n\n\n", "\n\n")
open(path, "w").write(text)
print(f"removed {len(passing)} entries:")
for name in sorted(passing):
    print("  " + name)
PY
