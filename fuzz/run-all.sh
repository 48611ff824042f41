#!/usr/bin/env bash
# Builds every fuzz target once, then runs each for SECONDS (default 600), one at a
# time, at the lowest priority, from a copy of the binaries (so editing src/ while
# they run rebuilds nothing). Logs: fuzz/logs/<target>.log; summary on stdout.
# Usage: fuzz/run-all.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(front_matter versions links import_front_matter serve_path)
RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz build || exit 1
mkdir -p logs bin
for target in "${targets[@]}"; do
  cp "target/x86_64-unknown-linux-gnu/release/$target" "bin/$target"
done
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  nice -n 19 "bin/$target" "corpus/$target" "seeds/$target" \
    -artifact_prefix="artifacts/$target/" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 > "logs/$target.log" 2>&1
  status=$?
  runs=$(grep -E '^stat::number_of_executed_units' "logs/$target.log" | awk '{print $2}')
  secs=$(grep -E '^stat::average_exec_per_sec' "logs/$target.log" | awk '{print $2}')
  found=$(ls "artifacts/$target" | wc -l)
  echo "$target: exit $status, ${runs:-?} executions (${secs:-?}/s) in ${seconds} s, ${found} artifacts"
done
