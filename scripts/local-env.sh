#!/usr/bin/env bash
# A local AWS for `./spotter invoke` (docs/local.md): starts moto's server on 127.0.0.1 (DynamoDB, SQS, EC2, SSM,
# EKS and STS in one process), prepares it with `./spotter local-setup` (state table, provisioning queue, VPC with
# subnets and a security group tagged karpenter.sh/discovery=<cluster>, AMI parameters, EKS cluster) and writes
# .spotter-local.env for `./spotter invoke ... --env .spotter-local.env` (or to source).
#
#   scripts/local-env.sh [local-setup options]   start (or reuse) the server, set it up, write .spotter-local.env
#   scripts/local-env.sh status                  is the server running?
#   scripts/local-env.sh stop                    stop the server this script started (its state is in memory: gone)
#
# SPOTTER_LOCAL_PORT picks the port (default 5000). SPOTTER_LOCAL_ENDPOINT uses an emulator that is already running
# (e.g. LocalStack on http://127.0.0.1:4566) instead of starting moto. Extra options go to local-setup, e.g.
# `--cluster demo --config examples/nodepools.yaml`. Run `./spotter local-setup --help` for them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
state="$root/.spotter-local"
pid_file="$state/moto.pid"
port="${SPOTTER_LOCAL_PORT:-5000}"
endpoint="${SPOTTER_LOCAL_ENDPOINT:-http://127.0.0.1:$port}"

running() {
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

answers() {
  python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + '/moto-api/', timeout=2)" "$1" 2>/dev/null
}

case "${1:-}" in
  stop)
    if running; then
      kill "$(cat "$pid_file")"
      echo "local-env: stopped moto (pid $(cat "$pid_file"))" >&2
    else
      echo "local-env: no moto server started by this script is running" >&2
    fi
    rm -f "$pid_file"
    exit 0
    ;;
  status)
    if running; then
      echo "local-env: moto running (pid $(cat "$pid_file")) on $endpoint" >&2
    else
      echo "local-env: not running" >&2
      exit 1
    fi
    exit 0
    ;;
esac

mkdir -p "$state"
if [ -z "${SPOTTER_LOCAL_ENDPOINT:-}" ]; then
  if running && answers "$endpoint"; then
    echo "local-env: reusing moto (pid $(cat "$pid_file")) on $endpoint" >&2
  else
    if ! python3 -c 'import moto.server' 2>/dev/null; then
      echo "local-env: installing moto's server ($(grep '^moto' scripts/requirements-test.txt))" >&2
      python3 -m pip install --quiet --disable-pip-version-check "$(grep '^moto' scripts/requirements-test.txt)"
    fi
    if answers "$endpoint"; then
      echo "local-env: port $port already answers as moto but was not started by this script; using it" >&2
    else
      nohup python3 -m moto.server -H 127.0.0.1 -p "$port" > "$state/moto.log" 2>&1 &
      echo $! > "$pid_file"
      for _ in $(seq 1 100); do
        answers "$endpoint" && break
        if ! running; then
          echo "local-env: moto did not start; see $state/moto.log" >&2
          exit 1
        fi
        sleep 0.2
      done
      answers "$endpoint" || { echo "local-env: moto does not answer on $endpoint; see $state/moto.log" >&2; exit 1; }
      echo "local-env: started moto (pid $(cat "$pid_file")) on $endpoint, log $state/moto.log" >&2
    fi
  fi
fi

./spotter local-setup --endpoint "$endpoint" --env-file "$root/.spotter-local.env" "$@" >&2

cat >&2 <<MSG
local-env: ready. For example:
  ./spotter invoke interruption --event events/sqs/spot-interruption.json --env .spotter-local.env
  ./spotter invoke webhook --event events/webhook/admission-pod-create.json --env .spotter-local.env
  ./spotter invoke provisioner --event events/sqs/provisioning-signal.json --env .spotter-local.env --mock-cluster examples/web-batch.yaml
  ./spotter invoke tick --event events/tick/schedule-input-template.json --env .spotter-local.env --mock-cluster examples/web-batch.yaml --dry-run
Stop the server with: scripts/local-env.sh stop
MSG
