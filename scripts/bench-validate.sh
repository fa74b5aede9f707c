#!/usr/bin/env bash
# bench-validate.sh times `bapi validate` next to the parse-only floor
# (internal/parsefloor: read + yaml.v3 parse into nodes on all cores, nothing
# else) on generated corpora of 1, 1,000 and 10,000 spec files, and prints a
# markdown table: median wall time, the validate/floor ratio, and peak RSS.
#
# Usage: scripts/bench-validate.sh            (sizes 1 1000 10000, 5 runs each)
#        SIZES="1 1000" RUNS=3 scripts/bench-validate.sh
#
# Uses hyperfine for the wall times when it is installed; peak RSS always
# comes from /usr/bin/time -v (GNU time). Targets (issue 2): 10,000 files in
# at most 1.5x the floor's time; a cold single-file run under 15 ms; peak
# RSS under 100 MB at 10,000 files.
set -euo pipefail

SIZES=${SIZES:-"1 1000 10000"}
RUNS=${RUNS:-5}
SEED=${SEED:-1}

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/bapi-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [[ ! -x /usr/bin/time ]]; then
	echo "bench-validate: needs GNU time at /usr/bin/time (apt-get install time)" >&2
	exit 2
fi

echo "building into $work ..." >&2
(cd "$root" && go build -o "$work/bapi" ./cmd/bapi &&
	go build -o "$work/parsefloor" ./internal/parsefloor &&
	go build -o "$work/gencorpus" ./internal/gencorpus)

# now_ns prints a monotonic-enough timestamp in nanoseconds.
now_ns() { date +%s%N; }

# median reads numbers, one per line, and prints the median.
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# measure CMD... runs the command RUNS times after one warm-up run and prints
# "MEDIAN_WALL_SECONDS MAX_RSS_KB". Exit status 1 (findings) is expected;
# 2 or more is a failure.
measure() {
	local walls=() rss=0 start end kb status
	"$@" >/dev/null 2>&1 || true # warm-up: page cache, binary
	for ((i = 0; i < RUNS; i++)); do
		start=$(now_ns)
		set +e
		/usr/bin/time -f '%M' -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr"
		status=$?
		set -e
		end=$(now_ns)
		if ((status >= 2)); then
			echo "bench-validate: $* failed (exit $status):" >&2
			cat "$work/stderr" >&2
			exit 1
		fi
		walls+=("$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.4f", (e-s)/1e9}')")
		kb=$(tail -n 1 "$work/time.out")
		((kb > rss)) && rss=$kb
	done
	local wall
	if command -v hyperfine >/dev/null; then
		hyperfine --runs "$RUNS" --warmup 1 -i --export-json "$work/hf.json" "$(printf '%q ' "$@")" >/dev/null 2>&1
		wall=$(python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/hf.json")
	else
		wall=$(printf '%s\n' "${walls[@]}" | median)
	fi
	echo "$wall $rss"
}

cores=$(getconf _NPROCESSORS_ONLN)
echo "| files | floor wall | validate wall | validate / floor | floor peak RSS | validate peak RSS |"
echo "|------:|-----------:|--------------:|-----------------:|---------------:|------------------:|"
for n in $SIZES; do
	corpus="$work/corpus-$n"
	"$work/gencorpus" -n "$n" -out "$corpus" -seed "$SEED" 2>/dev/null
	read -r fw frss < <(measure "$work/parsefloor" "$corpus")
	read -r vw vrss < <(measure "$work/bapi" validate "$corpus")
	ratio=$(awk -v v="$vw" -v f="$fw" 'BEGIN {printf "%.2fx", v/f}')
	printf '| %s | %.1f ms | %.1f ms | %s | %.1f MB | %.1f MB |\n' "$n" \
		"$(awk -v x="$fw" 'BEGIN{print x*1000}')" "$(awk -v x="$vw" 'BEGIN{print x*1000}')" \
		"$ratio" "$(awk -v x="$frss" 'BEGIN{print x/1024}')" "$(awk -v x="$vrss" 'BEGIN{print x/1024}')"
done
echo
echo "median of $RUNS runs after one warm-up; $cores cores; $(go version | awk '{print $3}'); $(uname -sm)"
