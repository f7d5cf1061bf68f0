#!/usr/bin/env bash
# The CDK app command (cdk.json "app"): starts the compiled app with plain `java -cp`, from the classpath file that
# Maven writes at process-classes (target/classpath.txt), so `cdk synth` does not run Maven each time.
# Build first, from the repository root: ./mvnw -B package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/classpath.txt ] || [ ! -d target/classes/dev/spotter/infra ]; then
  echo "Spotter: infra-cdk is not built (no target/classpath.txt or target/classes)." >&2
  echo "Build it from the repository root first: ./mvnw -B package -DskipTests" >&2
  exit 1
fi
exec java ${SPOTTER_CDK_JAVA_OPTS:-} -cp "target/classes:$(cat target/classpath.txt)" dev.spotter.infra.SpotterApp "$@"
