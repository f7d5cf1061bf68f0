# Sourced by scripts/test-all.sh and scripts/cold-start.sh: unless AWS_ENDPOINT_URL already points at LocalStack or a
# real account, starts moto's server on a free loopback port (log in target/moto-server.log), waits until it answers
# and exports the endpoint and dummy credentials; sets moto_pid for the caller's cleanup ("" when none was started).
moto_pid=""
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
  echo "== moto server on $AWS_ENDPOINT_URL" >&2
else
  echo "== using AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL" >&2
fi
