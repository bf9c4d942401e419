#!/usr/bin/env bash
# Runs the multi-host scenarios (dev.discovery.hosts: MultiHostScenariosTest and SeedScenariosTest, node JVMs in
# network namespaces, dnsmasq) RUNS times in a row, 50 unless given, and prints runs, failures and, for every figure
# the scenarios report, its minimum, median and maximum. Needs root, as the scenarios do; not part of `verify`.
# Usage: discovery-core/src/test/scripts/multi-host-runs.sh [RUNS]     Logs are kept in the directory it names.
set -uo pipefail
runs=${1:-50}
cd "$(dirname "$0")/../../../.."
logs=$(mktemp -d /tmp/multi-host-runs.XXXXXX)
echo "multi-host scenarios, $runs runs; logs in $logs"

./mvnw -B -q -o test-compile -pl discovery-core || exit 2
failures=0
for run in $(seq 1 "$runs"); do
  started=$(date +%s)
  # surefire:test alone: the classes were compiled once above.
  if ./mvnw -B -o -pl discovery-core surefire:test -Dtest='MultiHostScenariosTest,SeedScenariosTest' \
      -Dsurefire.failIfNoSpecifiedTests=false >"$logs/run-$run.log" 2>&1; then
    outcome=ok
  else
    outcome=FAILED
    failures=$((failures + 1))
  fi
  counts=$(grep -Eo 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$logs/run-$run.log" | tail -1)
  # A scenario skipped (no root, no dnsmasq) proves nothing: the run counts as failed.
  if [ "$outcome" = ok ] && ! [[ "$counts" == *"Skipped: 0" ]]; then
    outcome=SKIPPED
    failures=$((failures + 1))
  fi
  echo "run $run: $outcome in $(( $(date +%s) - started )) s ($counts)"
  if [ "$outcome" != ok ]; then
    grep -E '^\[ERROR\] +[A-Za-z].*(Test|test)' "$logs/run-$run.log" | head -5
  fi
done

echo "runs: $runs, failed runs: $failures"
# Every '[multi-host] ...' line, its host names and numbers masked, is one kind of figure; its numbers in ms, summed up.
cat "$logs"/run-*.log | grep -h '^\[multi-host\]' | python3 -c '
import re, sys, statistics
figures = {}
for line in sys.stdin:
    text = re.sub(r" \(dtest-[^)]*\)", "", line.strip())
    text = re.sub(r"host \d+", "host N", text)
    values = [int(v) for v in re.findall(r"(\d+) ms", text)]
    figures.setdefault(re.sub(r"\d+ ms", "# ms", text), []).append(values)
for text, rows in figures.items():
    print(text)
    for i, column in enumerate(zip(*rows)):
        print("    #%d: n=%d min %d, median %d, max %d ms" % (i + 1, len(column), min(column),
              statistics.median(column), max(column)))
'
[ "$failures" -eq 0 ]
