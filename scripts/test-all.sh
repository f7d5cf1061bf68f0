#!/usr/bin/env bash
# Runs every test Spotter has, on a fresh machine: installs what the tests need, starts moto's server for the
# EC2/SSM/EKS/STS wire protocols (unless AWS_ENDPOINT_URL already points at LocalStack or a real account),
# runs unit tests (*Test) and integration tests (*IT) with Maven, then synthesises the CDK app offline and lints it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

echo "== installing test tools (moto server, cfn-lint)"
python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt

moto_pid=""
cleanup() { [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null || true; }
trap cleanup EXIT

if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  mkdir -p target
  python3 -m moto.server -H 127.0.0.1 -p "$port" > target/moto-server.log 2>&1 &
  moto_pid=$!
  for _ in $(seq 1 100); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/'); " 2>/dev/null; then break; fi
    sleep 0.2
  done
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  export SPOTTER_TEST_MOTO=true
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  echo "== moto server on $AWS_ENDPOINT_URL"
else
  echo "== using AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL"
fi

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
