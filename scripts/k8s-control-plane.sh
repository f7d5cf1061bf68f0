#!/usr/bin/env bash
# A real Kubernetes control plane for the end-to-end tests, on 127.0.0.1 only.
#
#   scripts/k8s-control-plane.sh build        builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok
#                                             once per machine into the cache (skipped when the binaries are there)
#   scripts/k8s-control-plane.sh start DIR    generates certificates (openssl) and starts them with their state in DIR;
#                                             writes DIR/env (SPOTTER_TEST_K8S_* variables) for the tests to source
#   scripts/k8s-control-plane.sh stop DIR     stops what start started (by the pids it recorded)
#
# The binaries come from the Go module in scripts/k8s-control-plane (k8s.io/kubernetes with every k8s.io/* staging
# module pinned by replace directives; etcd built inside the same module) and `go install` of kwok, through the Go
# module proxy configured on the machine. Cache: ${XDG_CACHE_HOME:-~/.cache}/spotter/k8s-<version>/bin.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module="$here/k8s-control-plane"
k8s_version=$(awk '$1 == "k8s.io/kubernetes" {print $2}' "$module/go.mod")
kwok_version=v0.7.0
cache="${XDG_CACHE_HOME:-$HOME/.cache}/spotter/k8s-$k8s_version"
bin="$cache/bin"
binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

build() {
  local missing=0
  for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || missing=1; done
  if [ "$missing" = 0 ]; then echo "k8s control plane $k8s_version: cached in $bin"; return; fi
  mkdir -p "$bin"
  local tmp="$cache/build.$$"
  mkdir -p "$tmp"
  # A build interrupted half-way leaves nothing in bin: each binary is built into tmp and moved when complete.
  (
    cd "$module"
    export GOFLAGS=-mod=mod CGO_ENABLED=0
    nice -n 10 go build -trimpath -ldflags=-s -o "$tmp/etcd" go.etcd.io/etcd/server/v3
    nice -n 10 go build -trimpath -ldflags=-s -o "$tmp/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
  )
  (cd "$tmp" && CGO_ENABLED=0 GOBIN="$tmp" nice -n 10 go install -trimpath -ldflags=-s "sigs.k8s.io/kwok/cmd/kwok@$kwok_version")
  for b in "${binaries[@]}"; do mv "$tmp/$b" "$bin/$b"; done
  rm -rf "$tmp"
  echo "k8s control plane $k8s_version: built into $bin"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# A certificate signed by the test CA: cert NAME SUBJECT [SAN]; client certificates carry their groups as O=.
cert() {
  local name=$1 subject=$2 san=${3:-}
  openssl genrsa -out "$pki/$name.key" 2048 2>/dev/null
  openssl req -new -key "$pki/$name.key" -subj "$subject" -out "$pki/$name.csr" 2>/dev/null
  local ext="$pki/$name.ext"
  if [ -n "$san" ]; then
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" > "$ext"
  else
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' > "$ext"
  fi
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 2 \
    -extfile "$ext" -out "$pki/$name.crt" 2>/dev/null
}

kubeconfig() {
  local user=$1
  cat > "$dir/$user.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: test
  cluster: {server: "https://127.0.0.1:$api_port", certificate-authority: "$pki/ca.crt"}
users:
- name: $user
  user: {client-certificate: "$pki/$user.crt", client-key: "$pki/$user.key"}
contexts:
- name: test
  context: {cluster: test, user: $user}
current-context: test
KUBECONFIG
}

launch() {
  local name=$1; shift
  "$@" > "$dir/$name.log" 2>&1 &
  echo "$!" >> "$dir/pids"
}

start() {
  build
  dir=$(mkdir -p "$1" && cd "$1" && pwd)
  pki="$dir/pki"
  rm -rf "$pki" "$dir/etcd" "$dir/pids" "$dir/env"
  mkdir -p "$pki"
  local started
  started=$(date +%s%N)
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/ca.crt" -days 2 \
    -subj "/CN=spotter-test-ca" 2>/dev/null
  cert apiserver "/CN=kube-apiserver" "IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes.default.svc"
  cert admin "/O=system:masters/CN=spotter-test-admin"
  cert controller-manager "/CN=system:kube-controller-manager"
  cert scheduler "/CN=system:kube-scheduler"
  # The webhook the tests serve over HTTPS: the API server trusts it through SSL_CERT_FILE (like a Function URL's
  # public certificate), so the ValidatingWebhookConfiguration carries no caBundle, exactly as the stack applies it.
  cert webhook "/CN=spotter-test-webhook" "IP:127.0.0.1,DNS:localhost"
  openssl pkcs12 -export -in "$pki/webhook.crt" -inkey "$pki/webhook.key" -name webhook \
    -passout pass:spotter-test -out "$pki/webhook.p12"
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null

  local etcd_port etcd_peer_port cm_port scheduler_port kwok_port
  etcd_port=$(free_port); etcd_peer_port=$(free_port); api_port=$(free_port)
  cm_port=$(free_port); scheduler_port=$(free_port); kwok_port=$(free_port)
  for user in admin controller-manager scheduler; do kubeconfig "$user"; done

  launch etcd "$bin/etcd" --name test --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "test=http://127.0.0.1:$etcd_peer_port" --unsafe-no-fsync --quota-backend-bytes 1073741824
  launch kube-apiserver env SSL_CERT_FILE="$pki/ca.crt" NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost \
    "$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" --cert-dir "$dir/apiserver" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$pki/sa.pub" \
    --service-account-signing-key-file "$pki/sa.key" --service-cluster-ip-range 10.96.0.0/16 \
    --endpoint-reconciler-type none --authorization-mode RBAC --enable-priority-and-fairness=false --profiling=false --allow-privileged
  wait_ready "https://127.0.0.1:$api_port/readyz" kube-apiserver
  launch kube-controller-manager "$bin/kube-controller-manager" --kubeconfig "$dir/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$dir/controller-manager.kubeconfig" --authorization-kubeconfig "$dir/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$cm_port" --leader-elect=false --profiling=false \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" --use-service-account-credentials=false
  launch kube-scheduler "$bin/kube-scheduler" --kubeconfig "$dir/scheduler.kubeconfig" \
    --authentication-kubeconfig "$dir/scheduler.kubeconfig" --authorization-kubeconfig "$dir/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$scheduler_port" --leader-elect=false --profiling=false
  # kwok plays the kubelet of the nodes the tests register (annotated kwok.x-k8s.io/node=fake): it keeps them
  # Ready and runs the pods bound to them; every other node is left alone.
  launch kwok "$bin/kwok" --kubeconfig "$dir/admin.kubeconfig" --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake --node-ip 10.0.0.1 --cidr 10.0.0.1/24 \
    --node-lease-duration-seconds 40 --server-address "127.0.0.1:$kwok_port"
  wait_default_service_account
  cat > "$dir/env" <<ENV
export SPOTTER_TEST_K8S_URL=https://127.0.0.1:$api_port
export SPOTTER_TEST_K8S_CA_FILE=$pki/ca.crt
export SPOTTER_TEST_K8S_CLIENT_CERT_FILE=$pki/admin.crt
export SPOTTER_TEST_K8S_CLIENT_KEY_FILE=$pki/admin.key
export SPOTTER_TEST_K8S_WEBHOOK_KEYSTORE=$pki/webhook.p12
export SPOTTER_TEST_K8S_WEBHOOK_KEYSTORE_PASSWORD=spotter-test
export SPOTTER_TEST_K8S_KUBECONFIG=$dir/admin.kubeconfig
ENV
  local elapsed_ms=$((($(date +%s%N) - started) / 1000000))
  echo "k8s control plane $k8s_version: https://127.0.0.1:$api_port ready in $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s (state in $dir)"
}

curl_admin() { curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "$@"; }

wait_ready() {
  local url=$1 name=$2
  for _ in $(seq 1 300); do
    if curl_admin -o /dev/null "$url"; then return; fi
    sleep 0.2
  done
  echo "$name did not become ready: $url (log: $dir/$name.log)" >&2
  tail -20 "$dir/$name.log" >&2
  stop "$dir"; exit 1
}

# Pods need their namespace's default ServiceAccount, which the controller-manager creates.
wait_default_service_account() {
  for _ in $(seq 1 300); do
    if curl_admin -o /dev/null "https://127.0.0.1:$api_port/api/v1/namespaces/default/serviceaccounts/default"; then return; fi
    sleep 0.2
  done
  echo "kube-controller-manager made no default ServiceAccount (log: $dir/kube-controller-manager.log)" >&2
  tail -20 "$dir/kube-controller-manager.log" >&2
  stop "$dir"; exit 1
}

stop() {
  local dir=$1
  [ -f "$dir/pids" ] || return 0
  # Reverse order: kwok and the controllers before the API server, etcd last.
  for pid in $(tac "$dir/pids"); do kill "$pid" 2>/dev/null || true; done
  for pid in $(tac "$dir/pids"); do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$dir/pids"
}

case "${1:-}" in
  build) build ;;
  start) [ -n "${2:-}" ] || { echo "usage: $0 start DIR" >&2; exit 2; }; start "$2" ;;
  stop) [ -n "${2:-}" ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
  *) echo "usage: $0 build | start DIR | stop DIR" >&2; exit 2 ;;
esac
