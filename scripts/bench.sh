#!/usr/bin/env bash
# Benchmarks awaitype on the CPython standard library of this machine's `python3`.
#
# Builds the release binary, then checks the stdlib directory (against the Python version of
# that interpreter) under `/usr/bin/time -v` and prints: the number of files and lines checked,
# wall time, peak memory (max RSS), the exit code, and the diagnostics counted by rule.
# Finally it times a check of the bundled examples.
#
# Usage: scripts/bench.sh [STDLIB_DIR]
#   STDLIB_DIR  the directory to check instead of python3's stdlib
# Environment:
#   PYTHON      the interpreter whose stdlib is checked (default: python3)
#   CARGO_TARGET_DIR is honoured when locating the built binary.
#
# The script's own exit code is 0 whatever awaitype reports (diagnostics on the stdlib are
# expected); it fails only if the build fails, a tool is missing, or awaitype exits with
# anything other than 0, 1 or 2 (a crash).

set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"

die() {
    echo "bench.sh: $*" >&2
    exit 1
}

command -v "$python" >/dev/null || die "\`$python\` not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (install GNU time: apt-get install time)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/awaitype-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "==> building the release binary"
(cd "$root" && cargo build --release --quiet -p awaitype)
binary="${CARGO_TARGET_DIR:-$root/target}/release/awaitype"
[[ -x "$binary" ]] || die "no binary at $binary"

stdlib="${1:-$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
[[ -d "$stdlib" ]] || die "not a directory: $stdlib"
version="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"

# The files awaitype checks: `.py` and `.pyi`, skipping the directories it skips (hidden ones,
# `__pycache__`, `node_modules`, `site-packages`, `venv`, `target`; see
# crates/awaitype_checker/src/discover.rs).
list_files() {
    find "$1" -mindepth 1 -type d \
        \( -name '.*' -o -name __pycache__ -o -name node_modules -o -name site-packages \
        -o -name venv -o -name target \) -prune \
        -o -type f \( -name '*.py' -o -name '*.pyi' \) -print0
}

# Runs awaitype on $1 (more arguments are passed on) with `/usr/bin/time -v`; leaves the concise
# output in $tmp/out, the time report in $tmp/time, and the exit code in $status.
run_check() {
    local status_file="$tmp/status"
    # `|| echo` so that `set -e` doesn't stop at awaitype's exit code 1 or 2.
    { /usr/bin/time -v -o "$tmp/time" "$binary" check "$@" --output-format concise \
        >"$tmp/out" 2>"$tmp/err" && echo 0 || echo $?; } >"$status_file"
    status="$(cat "$status_file")"
    if ((status > 2)); then
        cat "$tmp/err" >&2
        die "awaitype exited with $status"
    fi
}

# Prints a field of the `/usr/bin/time -v` report.
time_field() {
    sed -n "s/^[[:space:]]*$1: //p" "$tmp/time"
}

report() {
    local label="$1" dir="$2"
    local files lines
    files="$(list_files "$dir" | tr -cd '\0' | wc -c)"
    lines="$(list_files "$dir" | xargs -0 cat -- | wc -l)"
    local rss_kb
    rss_kb="$(time_field 'Maximum resident set size (kbytes)')"
    echo
    echo "== $label: $dir"
    printf '%-18s %s\n' "files checked:" "$files"
    printf '%-18s %s\n' "lines checked:" "$lines"
    printf '%-18s %s\n' "wall time:" "$(time_field 'Elapsed (wall clock) time (h:mm:ss or m:ss)')"
    printf '%-18s %s\n' "user + sys time:" \
        "$(time_field 'User time (seconds)')s + $(time_field 'System time (seconds)')s"
    printf '%-18s %s KB (%s MB)\n' "peak memory:" "$rss_kb" "$((rss_kb / 1024))"
    printf '%-18s %s\n' "exit code:" "$status"
    printf '%-18s %s\n' "summary:" "$(tail -n 1 "$tmp/out")"
    if [[ -s "$tmp/err" ]]; then
        echo "stderr:"
        sed 's/^/    /' "$tmp/err"
    fi
    # Diagnostic lines are `path:line:col: severity[rule] message`; the last line is the summary.
    local counts
    counts="$(sed -n -E 's/^.*:[0-9]+:[0-9]+: (error|warning|info)\[([a-z-]+)\] .*$/\1 \2/p' "$tmp/out" |
        sort | uniq -c | sort -k1,1nr -k3)"
    if [[ -n "$counts" ]]; then
        echo "diagnostics by rule:"
        awk '{ printf "    %8d  %-8s %s\n", $1, $2, $3 }' <<<"$counts"
        awk '{ n += $1 } END { printf "    %8d  total\n", n }' <<<"$counts"
    fi
}

echo "==> checking $stdlib (Python $version)"
run_check "$stdlib" --python-version "$version"
report "CPython $version standard library" "$stdlib"

echo
echo "==> checking the bundled examples"
run_check "$root/examples"
report "examples" "$root/examples"
