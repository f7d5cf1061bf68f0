#!/usr/bin/env bash
# Runs every test Spotter has, on a fresh machine: installs what the tests need, starts moto's server for the
# DynamoDB/EC2/SSM/EKS/STS/EventBridge/SQS wire protocols (unless AWS_ENDPOINT_URL already points at LocalStack or a
# real account), builds (once per machine, cached) the AWS Lambda Runtime Interface Emulator, runs unit tests (*Test)
# and integration tests (*IT) with Maven, then synthesises the CDK app offline and lints it. Prints each stage's time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

run_started=$SECONDS
stage_started=$SECONDS
stage_name=""
stage() {
  [ -n "$stage_name" ] && echo "== stage '$stage_name' took $((SECONDS - stage_started)) s"
  stage_name=$1
  stage_started=$SECONDS
  [ -n "$stage_name" ] && echo "== $stage_name"
  return 0
}

stage "installing test tools (moto server, cfn-lint)"
python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt

# headless Chromium from Debian's packages: the simulator's report.html is opened in it (ReportHtmlBrowserTest)
if ! command -v chromium > /dev/null 2>&1; then
  stage "installing chromium (Debian package) for the report page test"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  fi
fi

cleanup() { [ -n "${moto_pid:-}" ] && kill "$moto_pid" 2>/dev/null || true; }
trap cleanup EXIT

stage "moto server"
# shellcheck source=scripts/moto-server.sh
source scripts/moto-server.sh

stage "the AWS Lambda Runtime Interface Emulator (built once per machine)"
SPOTTER_LAMBDA_RIE="${SPOTTER_LAMBDA_RIE:-$(scripts/lambda-rie.sh)}"
export SPOTTER_LAMBDA_RIE
echo "== emulator: $SPOTTER_LAMBDA_RIE"


stage "unit and integration tests (FunctionArtifactIT runs each function's artifact under the emulator)"
./mvnw -B -ntp verify

if [ -f infra-cdk/package.json ]; then
  stage "cdk synth (offline) and cfn-lint"
  (cd infra-cdk && scripts/synth.sh)
fi
stage ""
echo "== all tests passed in $((SECONDS - run_started)) s"
