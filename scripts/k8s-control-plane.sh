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

case "${1:-}" in
  build) build ;;
  *) echo "usage: $0 build | start DIR | stop DIR" >&2; exit 2 ;;
esac
