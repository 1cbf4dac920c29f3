#!/usr/bin/env bash
# Runs Canary Gate's benchmarks: mains under shared-core/src/test/java/io/canarygate/bench/.
#   bench/run.sh breach [runs]            breach -> weight 0 against a real Prometheus (default 5 runs)
#   bench/run.sh waits [n] [threads]      n concurrent waitForSlo on one SystemScheduler (default 1000, 2)
#   bench/run.sh compare [runs]           one evaluation of a compare objective at 21, 241 and 1000 samples
#   bench/run.sh all                      all three, with the defaults
# Builds the test classpath once (target/bench.classpath); rebuild with BENCH_REBUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=shared-core/target/bench.classpath
if [[ ! -f $CP_FILE || ${BENCH_REBUILD:-0} == 1 ]]; then
  ./mvnw -q -B -pl shared-core -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$CP_FILE.deps" -Dmdep.includeScope=test
  echo "shared-core/target/test-classes:shared-core/target/classes:testkit/target/classes:$(cat $CP_FILE.deps)" > "$CP_FILE"
fi
CP=$(cat "$CP_FILE")
JAVA_OPTS=(-Djava.util.logging.config.file=.ci/logging.properties -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
run() { java "${JAVA_OPTS[@]}" -cp "$CP" "$@"; }
case "${1:-all}" in
  breach) shift; run io.canarygate.bench.BreachToZero "$@" ;;
  waits)  shift; run -Xmx256m io.canarygate.bench.ThousandWaits "$@" ;;
  compare) shift; run -Xmx256m io.canarygate.bench.CompareCost "$@" ;;
  all)    run io.canarygate.bench.BreachToZero; run -Xmx256m io.canarygate.bench.ThousandWaits
          run -Xmx256m io.canarygate.bench.CompareCost ;;
  *) echo "usage: bench/run.sh breach [runs] | waits [n] [threads] | compare [runs] | all" >&2; exit 2 ;;
esac
