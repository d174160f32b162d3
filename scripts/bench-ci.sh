#!/usr/bin/env bash
# Performance-regression gate, the same in CI and locally:
#   bash scripts/bench-ci.sh                 # every suite (the app suites need PostgreSQL)
#   bash scripts/bench-ci.sh --kind micro    # arguments go to `bench`: suite names, --kind, --time
# Runs the suites, compares them with the committed bench/baseline.json, writes the comparison
# as markdown (for the pull-request comment) and exits 1 on a regression, 2 if a suite failed.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${BENCH_OUT_DIR:-tmp/bench}"
mkdir -p "$out"
rm -f "$out/current.json" "$out/comparison.md"

# Through the product's own entry point, so the gate measures the runtime settings users get
# (bin/greenline.js sets V8's young-generation size) and matches how the baseline was recorded.
bench() { node bin/greenline.js bench "$@"; }

if ! bench "$@" --json "$out/current.json"; then
  printf '## Benchmark comparison\n\n**❌ The benchmarks did not run to completion**: see the job log.\n' >"$out/comparison.md"
  exit 2
fi
bench compare bench/baseline.json "$out/current.json" --markdown "$out/comparison.md"
