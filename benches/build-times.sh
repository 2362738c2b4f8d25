#!/usr/bin/env bash
# The build figures of issue 9, measured on a fresh clone of this
# repository's HEAD, as a newcomer meets them:
#   - clean release build (`cargo build --release`), target ≤ 120 s;
#   - `cargo test` from clean (build and run), target ≤ 120 s;
#   - the size of target/ after `cargo test`, target ≤ 2 GB.
# Crates already downloaded to ~/.cargo are used; downloading is not timed.
# Usage: benches/build-times.sh   (takes about six minutes on 2 cores)
set -euo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/verbale"
cd "$work/verbale"
cargo fetch --locked --quiet

seconds() {
    local start
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    echo $((($(date +%s%N) - start) / 1000000000))
}

release=$(seconds cargo build --release --locked)
printf 'clean release build: %d s (target <= 120 s)\n' "$release"
rm -rf target
tests=$(seconds cargo test --locked)
printf 'cargo test from clean: %d s (target <= 120 s)\n' "$tests"
printf 'target/ after cargo test: %s (target <= 2 GB)\n' "$(du -sh target | cut -f1)"
printf '%s cores, %s\n' "$(nproc)" "$(rustc --version)"
