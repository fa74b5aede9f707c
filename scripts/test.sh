#!/usr/bin/env bash
# Runs bapi's tests: every package, with the race detector.
# Extra arguments go to `go test` (e.g. -run TestScript -v).
set -euo pipefail
cd "$(dirname "$0")/.."
exec go test -race -count=1 "$@" ./...
