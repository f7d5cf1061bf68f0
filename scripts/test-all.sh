#!/usr/bin/env bash
# Runs every test Spotter has, on a fresh machine: installs what the tests need, starts moto's server for the
# DynamoDB/EC2/SSM/EKS/STS/EventBridge/SQS wire protocols (unless AWS_ENDPOINT_URL already points at LocalStack or a
# real account), builds (once per machine, cached) and starts a real Kubernetes control plane on 127.0.0.1
# (scripts/k8s-control-plane.sh; unless SPOTTER_TEST_K8S_URL already names one), runs unit tests (*Test) and
# integration tests (*IT) with Maven, then synthesises the CDK app offline and lints it. Prints each stage's time.
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

moto_pid=""
k8s_dir=""
cleanup() {
  [ -n "$k8s_dir" ] && scripts/k8s-control-plane.sh stop "$k8s_dir" || true
  [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null || true
}
trap cleanup EXIT

stage "moto server"
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

if [ -z "${SPOTTER_TEST_K8S_URL:-}" ]; then
  stage "Kubernetes control plane: build (cached per version)"
  scripts/k8s-control-plane.sh build
  stage "Kubernetes control plane: start"
  k8s_dir="$root/target/k8s-control-plane"
  scripts/k8s-control-plane.sh start "$k8s_dir"
  # shellcheck source=/dev/null
  source "$k8s_dir/env"
else
  echo "== using the Kubernetes control plane at SPOTTER_TEST_K8S_URL=$SPOTTER_TEST_K8S_URL"
fi

stage "unit and integration tests"
./mvnw -B -ntp verify

if [ -f infra-cdk/package.json ]; then
  stage "cdk synth (offline) and cfn-lint"
  (cd infra-cdk && scripts/synth.sh)
fi
stage ""
echo "== all tests passed in $((SECONDS - run_started)) s"
