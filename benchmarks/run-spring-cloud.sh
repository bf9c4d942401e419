#!/usr/bin/env bash
# The Spring Cloud side by side of docs/benchmarks.md: a caller under steady load through a @LoadBalanced RestClient
# (two callers, load-balancer retry off and on) to three callee JVMs, while every callee is restarted gracefully one
# after the other and then one is killed with SIGKILL; with discovery, then with a Eureka server and Eureka clients at
# their defaults. HTTP on 127.0.0.1 only; discovery says hello on 127.255.255.255 on a free port.
# Arguments: discovery | eureka | both (default both), then options for the driver (--rate N, --settle SECONDS).
# Takes about 2 minutes for discovery and 10 for Eureka (whose caches are the point of the comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-both}"
shift || true
./mvnw -B -q -Pbenchmarks -pl benchmarks-spring -am package -DskipTests
run() {
  java -Dbench.jar=benchmarks-spring/target/benchmarks-spring-0.1.0-SNAPSHOT.jar \
    -cp benchmarks-spring/target/classes dev.discovery.bench.spring.SpringCloudDriver "$1" "${@:2}"
}
case "$which" in
  discovery|eureka) run "$which" "$@" ;;
  both) run discovery "$@"; run eureka "$@" ;;
  *) echo "usage: $0 [discovery|eureka|both] [--rate N] [--settle SECONDS]" >&2; exit 2 ;;
esac
