#!/usr/bin/env bash
# Runs bapi's tests: every package, with the race detector.
#
#   ./scripts/test.sh          the everyday run: go test -short, which cuts
#                              the slow parts down (fewer damaged inputs in
#                              the GraphQL differential test) or skips them
#                              (tests that build bapi and run subprocesses,
#                              or the AWS CLI)
#   ./scripts/test.sh -full    every test in full, as CI runs them
#
# Extra arguments go to `go test` (e.g. -run TestScript -v).
set -euo pipefail
cd "$(dirname "$0")/.."
short=-short
if [ "${1:-}" = "-full" ] || [ "${1:-}" = "--full" ]; then
	short=
	shift
fi
exec go test -race -count=1 $short "$@" ./...
