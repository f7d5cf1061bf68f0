#!/usr/bin/env bash
# The cold-start benchmark (docs/benchmarks.md, "Cold start"): every function in a fresh Lambda Runtime Interface
# Emulator + JVM per run, from its own artifact, with the java21 runtime's client and a 1,024 MB function's heap, on
# one pinned CPU. Prints a table on stderr and JSON on stdout. Options go to dev.spotter.lambda.ColdStartBenchmark,
# e.g. --runs 7, --jar OLD.jar (every function from one jar), --java-tool-options "", --jvm "-XX:SharedArchiveFile=...".
# Starts moto's server unless AWS_ENDPOINT_URL is set; builds the artifacts unless SPOTTER_SKIP_BUILD=true.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ "${SPOTTER_SKIP_BUILD:-false}" != true ]; then
  echo "== building the function artifacts and the tools' test classes" >&2
  nice -n 10 ./mvnw -B -ntp -q package -pl functions,tools -am -DskipTests >&2
fi
export SPOTTER_LAMBDA_RIE="${SPOTTER_LAMBDA_RIE:-$(scripts/lambda-rie.sh)}"
export SPOTTER_LAMBDA_RIC_DIR="$root/tools/target/lambda-runtime"

moto_pid=""
cleanup() { [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  mkdir -p target
  python3 -m moto.server -H 127.0.0.1 -p "$port" > target/cold-start-moto.log 2>&1 &
  moto_pid=$!
  for _ in $(seq 1 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null && break
    sleep 0.2
  done
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
fi

classpath_file="$root/tools/target/test-classpath.txt"
[ -f "$classpath_file" ] || { echo "cold-start: $classpath_file is missing: build with ./mvnw package -pl functions,tools -am" >&2; exit 1; }
cd tools
exec java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" dev.spotter.lambda.ColdStartBenchmark "$@"
