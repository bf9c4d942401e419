#!/usr/bin/env bash
# Builds and runs every benchmark of docs/benchmarks.md (JMH, then the side-by-side scenarios, then convergence at
# scale) in under 10 minutes on 2 cores. Prints the tables and writes them to benchmarks/target/results.md.
# Everything is sent on loopback only (127.255.255.255 and 127.0.0.1). Arguments go to the harness:
#   --quick    a few runs of everything, to check that it works (about a minute)
#   --no-jmh   skip the JMH benchmarks
#   --no-node  skip node-discover (also skipped, with a note, when node or its npm packages are missing)
#   --messaging  only channel messaging, ours and node-discover's side by side (about a minute)
#   --join-leave only discovery and graceful leave at N=10, side by side (about two minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v npm >/dev/null && [ ! -d interop/node/node_modules/node-discover ]; then
  (cd interop/node && npm ci --no-audit --no-fund)
fi
# -am builds discovery-core too; its test suites are not what is measured here.
./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
exec java -Xmx3g -Ddiscovery.allowedDestinations=127.0.0.0/8 -jar benchmarks/target/benchmarks.jar "$@"
