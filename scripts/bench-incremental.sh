#!/usr/bin/env bash
# The incremental benchmark: checks the CPython standard library of this machine's `python3`
# (without test/, idlelib/, lib2to3/ and site-packages/) cold through a check session, then makes
# single-file edits through the same session API that `check --watch` uses (append a function
# with one type error, re-check; revert, re-check) and prints, as its last line:
#
#   incremental: files F, cold C ms, edit p50 P ms, p95 Q ms, rss after cold S MiB, rss after edits E MiB
#
# The edit timings are over every re-check (edits and reverts). The corpus is copied to a
# temporary directory first, so the edits never touch the installed library.
#
# Usage: scripts/bench-incremental.sh [DIR]
#   DIR     the directory to use instead of python3's stdlib (copied, then edited in the copy)
# Environment:
#   PYTHON  the interpreter whose stdlib (and version) is used (default: python3)
#   EDITS   how many files to edit (default: 50)

set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
edits="${EDITS:-50}"

die() {
    echo "bench-incremental.sh: $*" >&2
    exit 1
}

command -v "$python" >/dev/null || die "\`$python\` not found"
source_dir="${1:-$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
[[ -d "$source_dir" ]] || die "not a directory: $source_dir"
version="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/awaitype-bench-incremental.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "==> copying $source_dir (without test/, idlelib/, lib2to3/, site-packages/)"
corpus="$tmp/stdlib"
mkdir -p "$corpus"
(cd "$source_dir" && tar cf - --exclude=./test --exclude=./idlelib --exclude=./lib2to3 \
    --exclude=./site-packages --exclude=__pycache__ .) | (cd "$corpus" && tar xf -)

echo "==> building the driver"
(cd "$root" && cargo build --release --quiet -p awaitype_checker --example incremental_bench)
driver="${CARGO_TARGET_DIR:-$root/target}/release/examples/incremental_bench"
[[ -x "$driver" ]] || die "no driver at $driver"

echo "==> checking cold, then $edits single-file edits and their reverts (Python $version)"
"$driver" "$corpus" "$version" "$edits"
