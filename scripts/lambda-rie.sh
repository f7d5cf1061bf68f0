#!/usr/bin/env bash
# Prints the path of the AWS Lambda Runtime Interface Emulator (aws-lambda-rie), building it first if needed: once
# per machine, with `go install` from the Go module proxy, into the user's cache directory keyed by version.
# Used by scripts/test-all.sh (FunctionArtifactIT) and scripts/cold-start.sh; export SPOTTER_LAMBDA_RIE to use another.
set -euo pipefail
version="v0.0.0-20261030222936-bef5c4ba774d"
dir="${XDG_CACHE_HOME:-$HOME/.cache}/spotter/aws-lambda-rie/$version"
if [ ! -x "$dir/aws-lambda-rie" ]; then
  command -v go >/dev/null || { echo "lambda-rie: go is not installed (needed once, to build the emulator)" >&2; exit 1; }
  echo "lambda-rie: building aws-lambda-rie $version into $dir" >&2
  mkdir -p "$dir"
  GOBIN="$dir" GOFLAGS=-mod=mod go install \
    "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$version" >&2
fi
echo "$dir/aws-lambda-rie"
