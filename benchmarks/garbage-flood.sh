#!/usr/bin/env bash
# Issue 11, item 7: the junk rate two real nodes on loopback survive without a false removal, before and after, in the
# same run. Builds discovery-core at a base revision (default: the one before the receive path was made cheaper for
# junk) into a temporary directory, builds the benchmarks, then for each rate runs GarbageFlood against the old core
# and the new one, one after the other, so both see the same load. Everything is sent on loopback only.
#   benchmarks/garbage-flood.sh [base-revision] [rates] [seconds] [junk kinds]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-c952d03}
RATES=${2:-10000,20000,34000,50000,70000,100000}
SECONDS_PER_RATE=${3:-15}
KINDS=${4:-random,json}

BASE_DIR=$(mktemp -d)
trap 'rm -rf "$BASE_DIR"' EXIT
git archive "$BASE" | tar -x -C "$BASE_DIR"
(cd "$BASE_DIR" && ./mvnw -B -q package -DskipTests -pl discovery-core)
./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests

run() { # label, core jar first on the class path (or none), rate, kind
  java -Xmx512m -Ddiscovery.allowedDestinations=127.0.0.0/8 -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp "$2benchmarks/target/benchmarks.jar" dev.discovery.bench.GarbageFlood "$1" "$3" "$SECONDS_PER_RATE" "$4"
}
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -sr)"
echo "| build | junk | rate asked /s | rate sent /s | sent | received (both nodes) | kernel drops (both sockets) | false removals | two masters |"
echo "|---|---|---|---|---|---|---|---|---|"
for kind in ${KINDS//,/ }; do
  for rate in ${RATES//,/ }; do
    run "before ($BASE)" "$BASE_DIR/discovery-core/target/discovery-core-0.1.0-SNAPSHOT.jar:" "$rate" "$kind"
    run "after" "" "$rate" "$kind"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
