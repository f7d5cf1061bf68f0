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

cleanup() { [ -n "${moto_pid:-}" ] && kill "$moto_pid" 2>/dev/null || true; }
trap cleanup EXIT
# shellcheck source=scripts/moto-server.sh
source scripts/moto-server.sh

classpath_file="$root/tools/target/test-classpath.txt"
[ -f "$classpath_file" ] || { echo "cold-start: $classpath_file is missing: build with ./mvnw package -pl functions,tools -am" >&2; exit 1; }
cd tools
exec java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" dev.spotter.lambda.ColdStartBenchmark "$@"
