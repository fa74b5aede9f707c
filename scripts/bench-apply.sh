#!/bin/sh
# bench-apply.sh: apply 200 resources over 20 app/environment pairs against a
# local emulator (job duration 200ms, parallelism 8) and report the wall time
# against the ideal schedule and the API calls per resource. Exits 1 when the
# ratio is above the target (1.25). Extra arguments go to the program, e.g.
#   scripts/bench-apply.sh -resources 400 -pairs 40
set -eu
cd "$(dirname "$0")/.."
exec go run ./internal/benchapply \
	-resources 200 -pairs 20 -parallelism 8 -job-duration 200ms \
	-poll-initial 20ms -poll-max 40ms -target 1.25 "$@"
