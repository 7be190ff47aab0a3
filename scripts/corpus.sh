#!/usr/bin/env bash
# Runs awaitype over real code and prints, per corpus: files, lines, diagnostics by rule, panics,
# wall time and peak memory; for the CPython standard library and the third-party libraries it
# also runs ty (pinned, from the same cache venv) on the same files, side by side.
#
#   scripts/corpus.sh [stdlib|typeshed|libs]...      (default: all three)
#
# Corpora:
#   stdlib   - the CPython standard library of this machine's python3 (Lib/test included)
#   typeshed - typeshed's stdlib stubs as bundled in the ty_vendored crate
#   libs     - pinned anyio, httpx, starlette, aiohttp and trio from PyPI, installed into a cache
#              venv ($AWAITYPE_CORPUS_CACHE, default ~/.cache/awaitype-corpus), each checked with
#              that venv as --python
set -euo pipefail
cd "$(dirname "$0")/.."

TY_VERSION=0.0.105
LIBS=(anyio==4.16.0 httpx==0.28.1 starlette==1.10.0 aiohttp==3.14.5 trio==0.35.0)
CACHE=${AWAITYPE_CORPUS_CACHE:-$HOME/.cache/awaitype-corpus}
corpora=("$@")
[ ${#corpora[@]} -eq 0 ] && corpora=(stdlib typeshed libs)

cargo build --release -q -p awaitype
AWAITYPE=$PWD/target/release/awaitype

# The cache venv with the libraries and ty (only when a corpus needs it).
venv() {
    if [ ! -x "$CACHE/venv/bin/python" ]; then
        mkdir -p "$CACHE"
        python3 -m venv "$CACHE/venv"
    fi
    "$CACHE/venv/bin/python" -m pip install -q --disable-pip-version-check "ty==$TY_VERSION" "${LIBS[@]}"
}

# Python files under paths, not descending into a nested site-packages (as awaitype does not).
python_files() {
    local path
    for path in "$@"; do
        find "$path" -path "$path/site-packages" -prune -o \( -name '*.py' -o -name '*.pyi' \) -type f -print
    done
}
count_files() { python_files "$@" | wc -l; }
count_lines() { python_files "$@" | tr '\n' '\0' | xargs -0 cat 2>/dev/null | wc -l; }

# Runs awaitype on paths (the array named by $2) with the given options; prints the summary and
# the counts by rule.
run_awaitype() {
    local name=$1
    local -n paths=$2
    shift 2
    local out err
    out=$(mktemp) err=$(mktemp)
    set +e
    /usr/bin/time -f "%e %M" "$AWAITYPE" check "${paths[@]}" --output-format concise "$@" >"$out" 2>"$err"
    local code=$?
    set -e
    local timing
    timing=$(tail -1 "$err")
    echo "== $name: awaitype"
    echo "   files: $(count_files "${paths[@]}")  lines: $(count_lines "${paths[@]}")  exit: $code"
    echo "   wall: ${timing% *} s  peak RSS: $(( ${timing#* } / 1024 )) MB"
    echo "   panics / internal errors: $(grep -ac 'internal-error\|panicked' "$out" "$err" | awk -F: '{s+=$2} END {print s}')"
    echo "   errors: $(grep -ac ': error\[' "$out")  warnings: $(grep -ac ': warning\[' "$out")  $(tail -1 "$out")"
    grep -ao ': \(error\|warning\|info\)\[[a-z-]*\]' "$out" | sed 's/.*\[\(.*\)\]/\1/' | sort | uniq -c | sort -rn | head -25 | sed 's/^/     /'
    rm -f "$out" "$err"
}

# Runs ty on the same path with the same environment; prints its counts.
run_ty() {
    local name=$1 path=$2; shift 2
    local out err
    out=$(mktemp) err=$(mktemp)
    set +e
    /usr/bin/time -f "%e %M" "$CACHE/venv/bin/ty" check "$path" --output-format concise "$@" >"$out" 2>"$err"
    set -e
    local timing
    timing=$(tail -1 "$err")
    echo "== $name: ty $TY_VERSION"
    echo "   wall: ${timing% *} s  peak RSS: $(( ${timing#* } / 1024 )) MB"
    echo "   errors: $(grep -ac 'error\[' "$out")  warnings: $(grep -ac 'warning\[' "$out")"
    grep -ao '\(error\|warning\)\[[a-z-]*\]' "$out" | sed 's/.*\[\(.*\)\]/\1/' | sort | uniq -c | sort -rn | head -15 | sed 's/^/     /'
    rm -f "$out" "$err"
}

for corpus in "${corpora[@]}"; do
    case $corpus in
        stdlib)
            stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
            stdlib_paths=("$stdlib")
            run_awaitype "stdlib ($stdlib)" stdlib_paths
            venv
            run_ty "stdlib" "$stdlib" --python "$CACHE/venv"
            ;;
        typeshed)
            # The stubs exactly as bundled: the ty_vendored crate's build zips typeshed (with its
            # patches) into the binary; that zip is unpacked and checked as the standard library
            # itself (--typeshed), once per Python version typeshed supports. Modules that don't
            # exist in a version are skipped in that run. `ty_extensions` (ty's own module, not
            # typeshed's) is resolved but not checked.
            zip=$(ls -t target/release/build/ty_vendored-*/out/zipped_typeshed.zip | head -1)
            unpacked=$CACHE/typeshed-$(sha256sum "$zip" | cut -c1-12)
            if [ ! -d "$unpacked/stdlib" ]; then
                mkdir -p "$unpacked"
                python3 -m zipfile -e "$zip" "$unpacked"
            fi
            mapfile -t stubs < <(find "$unpacked/stdlib" -mindepth 1 -maxdepth 1 \( -name '*.pyi' -o -type d \) ! -name ty_extensions | sort)
            for version in 3.9 3.10 3.11 3.12 3.13 3.14; do
                run_awaitype "typeshed stdlib stubs, Python $version ($unpacked/stdlib)" stubs \
                    --typeshed "$unpacked" --python-version "$version"
            done
            ;;
        libs)
            venv
            site=$("$CACHE/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
            for lib in "${LIBS[@]}"; do
                package=${lib%%==*}
                lib_paths=("$site/$package")
                run_awaitype "$lib" lib_paths --python "$CACHE/venv"
                run_ty "$lib" "$site/$package" --python "$CACHE/venv"
            done
            ;;
        *) echo "unknown corpus: $corpus" >&2; exit 2 ;;
    esac
done
