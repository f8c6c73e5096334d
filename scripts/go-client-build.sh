#!/usr/bin/env bash
# Kubernetes' Go client (k8s.io/client-go, pinned in test/go-client/go.mod) for
# test/go-client.e2e-spec.ts: builds test/go-client into .go-client-test/goclient (git-ignored).
# The first run downloads the modules (Go's module proxy) into Go's module cache and compiles
# client-go (a few minutes); later runs build offline from the caches in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null || { echo "the Go client test needs Go >= 1.26 (https://go.dev/dl/)" >&2; exit 1; }
mkdir -p .go-client-test
cd test/go-client
# Never fetch another toolchain: the installed Go must do (go.mod says which it needs).
GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build -o ../../.go-client-test/goclient .
