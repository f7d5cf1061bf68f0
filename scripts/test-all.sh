#!/usr/bin/env bash
# Runs every test Spotter has, on a fresh machine: installs what the tests need, starts moto's server for the
# EC2/SSM/EKS/STS wire protocols (unless AWS_ENDPOINT_URL already points at LocalStack or a real account),
# runs unit tests (*Test) and integration tests (*IT) with Maven, then synthesises the CDK app offline and lints it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

echo "== installing test tools (moto server, cfn-lint)"
python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt

# headless Chromium from Debian's packages: the simulator's report.html is opened in it (ReportHtmlBrowserTest)
if ! command -v chromium > /dev/null 2>&1; then
  echo "== installing chromium (Debian package) for the report page test"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  fi
fi

cleanup() { [ -n "${moto_pid:-}" ] && kill "$moto_pid" 2>/dev/null || true; }
trap cleanup EXIT
# shellcheck source=scripts/moto-server.sh
source scripts/moto-server.sh

echo "== the AWS Lambda Runtime Interface Emulator (built once per machine)"
stage_start=$SECONDS
SPOTTER_LAMBDA_RIE="${SPOTTER_LAMBDA_RIE:-$(scripts/lambda-rie.sh)}"
export SPOTTER_LAMBDA_RIE
echo "== emulator ready: $SPOTTER_LAMBDA_RIE ($((SECONDS - stage_start)) s)"

echo "== unit and integration tests (FunctionArtifactIT runs each function's artifact under the emulator)"
stage_start=$SECONDS
./mvnw -B -ntp verify
echo "== unit and integration tests took $((SECONDS - stage_start)) s"

if [ -f infra-cdk/package.json ]; then
  echo "== cdk synth (offline) and cfn-lint"
  (cd infra-cdk && scripts/synth.sh)
fi
echo "== all tests passed"
