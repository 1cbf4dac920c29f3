#!/usr/bin/env bash
# Cold start of Canary Gate, as a pipeline step pays it. Prints medians beside the goals; it is a measurement, not a test.
#
#   host:      `canarygate lint` with the shaded jar (the JVM on PATH, default flags)
#   container: the action image until "inputs parsed, clients ready" (CANARYGATE_EXIT_AFTER_SETUP: the step reads its
#              INPUT_* variables, loads canary.yaml, masks the secrets, builds the Kubernetes client and the Prometheus
#              source, then exits without a request), with podman:
#              - plain: the reproducible offline image (jlinked runtime with its default CDS archive)  goal <= 800 ms
#              - aot:   the same image plus a JDK 25 AOT cache trained inside it, a separate tag         goal <= 400 ms
#              - and `java -version` in the plain image: podman's own start plus a bare JVM, the floor under both
#              Each is timed from `podman run` to the line the step prints when it is ready (the goal's point), and to
#              podman's exit, which adds stopping and removing the container (--rm) after the step's work.
#
# Usage: bench/cold-start.sh            (RUNS=11 by default; CANARYGATE_IMAGE_JDK=<jdk with jlink>, default Temurin 25)
# Needs podman and runc (configured as research/github-actions.md §3 says: lower ulimits, runc) and a JDK 25 for the
# AOT variant. Every image and file it makes is removed at exit. On a loaded machine the figures are noisy: the load
# average is printed with them.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-11}"
JDK="${CANARYGATE_IMAGE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -x "$JDK/bin/jlink" ]; then
  JDK="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
fi
PLAIN="localhost/canarygate-bench:plain-$$"
AOT="localhost/canarygate-bench:aot-$$"
FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)

WORK="$(mktemp -d /tmp/canarygate-bench.XXXXXX)"
cleanup() {
  podman rmi -f --ignore "$PLAIN" "$AOT" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$WORK/containers.conf"

echo "building the CLI jar and the image builder's classpath ..." >&2
./mvnw -q -B -pl action -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >&2
CP="action/target/classes:$(cat "$WORK/cp.txt")"
JAR=action/target/canarygate-cli.jar
builder() { java -cp "$CP" io.canarygate.cli.image.ImageBuilder "$@" >&2; }

# The workspace of one step: canary.yaml and a kubeconfig for a server that is never called, shaped like a real
# cluster's (the server's CA as certificate-authority-data, a token), so the client sets up its TLS trust for real.
mkdir -p "$WORK/ws" "$WORK/aot"
cp examples/github/canary.yaml "$WORK/ws/canary.yaml"
"$JDK/bin/keytool" -genkeypair -alias ca -keyalg RSA -keysize 2048 -dname CN=bench-cluster-ca -ext bc:c -validity 2 \
  -keystore "$WORK/ca.p12" -storepass bench-pass >/dev/null 2>&1
CA_DATA="$("$JDK/bin/keytool" -exportcert -rfc -alias ca -keystore "$WORK/ca.p12" -storepass bench-pass | base64 -w0)"
cat >"$WORK/ws/kubeconfig.yaml" <<KUBE
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: "$CA_DATA"}}]
users: [{name: u, user: {token: bench-token}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
KUBE
chmod -R a+rwX "$WORK/ws" "$WORK/aot"

STEP_ENV=(-e GITHUB_ACTIONS=true -e CI=true -e GITHUB_WORKSPACE=/github/workspace -e GITHUB_RUN_ID=1
  -e INPUT_COMMAND=status -e INPUT_CONFIG=canary.yaml -e INPUT_KUBECONFIG=kubeconfig.yaml
  -e INPUT_PROMETHEUS-TOKEN=bench-prom-token -e CANARYGATE_EXIT_AFTER_SETUP=1)
step() { # image [extra podman options ...] [-- container args ...]
  local image="$1"; shift
  local opts=() args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift && args=("$@")
  podman run --rm --network none --workdir /github/workspace -v "$WORK/ws:/github/workspace" \
    "${STEP_ENV[@]}" "${opts[@]}" "$image" "${args[@]}"
}

echo "building the plain image (jlink from $JDK) ..." >&2
builder tar --jar "$JAR" --jdk "$JDK" --work "$WORK/img-plain" --out "$WORK/plain.tar" --tag "$PLAIN"
podman load -q -i "$WORK/plain.tar" >/dev/null
step "$PLAIN" >/dev/null || { echo "the plain image does not start" >&2; exit 1; }

aot=false
if "$JDK/bin/java" -XX:AOTCacheOutput=/dev/null -version >/dev/null 2>&1; then
  echo "training an AOT cache inside the plain image ..." >&2
  step "$PLAIN" -v "$WORK/aot:/out" --entrypoint /opt/java/bin/java -- \
    "${FLAGS[@]}" -XX:AOTCacheOutput=/out/canarygate-cli.aot -jar /app/canarygate-cli.jar >/dev/null 2>"$WORK/train.log" || true
  if [ -s "$WORK/aot/canarygate-cli.aot" ]; then
    builder tar --jar "$JAR" --jdk "$JDK" --work "$WORK/img-aot" --out "$WORK/aot.tar" --tag "$AOT" \
      --aot-cache "$WORK/aot/canarygate-cli.aot"
    podman load -q -i "$WORK/aot.tar" >/dev/null
    # AOTMode=on fails instead of falling back when the cache cannot be used (wrong JVM, moved or changed jar).
    if step "$AOT" --entrypoint /opt/java/bin/java -- "${FLAGS[@]}" -XX:AOTCache=/app/canarygate-cli.aot \
      -XX:AOTMode=on -jar /app/canarygate-cli.jar >/dev/null 2>"$WORK/aot-check.log"; then
      aot=true
    else
      echo "the AOT cache is not usable in the image:" >&2; cat "$WORK/aot-check.log" >&2
    fi
  else
    echo "training wrote no AOT cache:" >&2; cat "$WORK/train.log" >&2
  fi
else
  echo "$JDK cannot write AOT caches (JDK 25 can); skipping the AOT variant" >&2
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
# One container run, two figures: ms from `podman run` to the line that says the step is ready (what the goal names;
# for `java -version`, its first line), and to podman's exit, which adds stopping and removing the container (--rm).
ready() { # ready-pattern file-prefix step-args ...
  local pattern="$1" out="$2" t0 t1="" line; shift 2
  t0=${EPOCHREALTIME/./}
  while IFS= read -r line; do
    if [ -z "$t1" ] && [[ $line == *"$pattern"* ]]; then t1=${EPOCHREALTIME/./}; fi
  done < <(step "$@" 2>&1 || true)
  local t2=${EPOCHREALTIME/./}
  [ -n "$t1" ] || { echo "no \"$pattern\" line from: step $*" >&2; exit 1; }
  echo $(((t1 - t0) / 1000)) >>"$out.ready"
  echo $(((t2 - t0) / 1000)) >>"$out.exit"
}
READY="inputs parsed, clients ready"

load="$(cut -d' ' -f1-3 /proc/loadavg)"
: >"$WORK/host"
echo "measuring, $RUNS interleaved rounds ..." >&2
for _ in $(seq "$RUNS"); do
  ms java -jar "$JAR" lint --config examples/github/canary.yaml >>"$WORK/host"
  ready "$READY" "$WORK/plain" "$PLAIN"
  ready "version" "$WORK/version" "$PLAIN" --entrypoint /opt/java/bin/java -- "${FLAGS[@]}" -version
  if $aot; then ready "$READY" "$WORK/aot" "$AOT"; fi
done

verdict() { if [ "$1" -le "$2" ]; then echo "ok"; else echo "over"; fi; }
host_ms=$(median <"$WORK/host")
plain_ms=$(median <"$WORK/plain.ready")
floor_ms=$(median <"$WORK/version.ready")
printf '\ncold start, median of %s runs (load average %s; %s cores)\n' "$RUNS" "$load" "$(nproc)"
printf '  %-58s %5s ms\n' "host: canarygate lint ($(java -version 2>&1 | head -1 | cut -d'"' -f2))" "$host_ms"
printf '  %-58s %5s ms   goal <= 800 ms  %s   (%s ms to exit)\n' "container: inputs parsed, clients ready (plain image)" \
  "$plain_ms" "$(verdict "$plain_ms" 800)" "$(median <"$WORK/plain.exit")"
if $aot; then
  aot_ms=$(median <"$WORK/aot.ready")
  printf '  %-58s %5s ms   goal <= 400 ms  %s   (%s ms to exit)\n' "container: inputs parsed, clients ready (AOT cache image)" \
    "$aot_ms" "$(verdict "$aot_ms" 400)" "$(median <"$WORK/aot.exit")"
else
  printf '  %-58s %5s\n' "container: inputs parsed, clients ready (AOT cache image)" "n/a"
fi
printf '  %-58s %5s ms   (%s ms to exit; podman and a bare JVM: the floor under both)\n' \
  "container: java -version in the plain image, first line" "$floor_ms" "$(median <"$WORK/version.exit")"
printf '  %-58s %5s ms plain, %s ms AOT (what the step adds to podman and a bare JVM)\n' \
  "beyond the floor" "$((plain_ms - floor_ms))" "$(if $aot; then echo $((aot_ms - floor_ms)); else echo n/a; fi)"
printf '  (image: %s; "to exit" adds podman stopping and removing the container, after the step is ready)\n' "$JDK"
