#!/usr/bin/env bash
# The main job, end to end with no AWS account: plan and apply the example
# specs against an in-process emulator whose state is kept in .bapi/, then run
# it again to show that nothing is left to change.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .bapi
go build -o bin/bapi ./cmd/bapi
echo "--- first run: creates every example API"
./bin/bapi apply --local --auto-approve examples/specs/
echo "--- second run: nothing to change"
./bin/bapi plan --local --detailed-exitcode examples/specs/
