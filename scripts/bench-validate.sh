#!/usr/bin/env bash
# bench-validate.sh times `bapi validate` next to the parse-only floor
# (internal/parsefloor: read + yaml.v3 parse into nodes on all cores, nothing
# else) on generated corpora of 1, 1,000 and 10,000 spec files, and prints a
# markdown table: median wall and CPU time (user+sys), the validate/floor
# ratios, and peak RSS. The two programs run alternately, so a shared
# machine's changing load hits both alike.
#
# Usage: scripts/bench-validate.sh            (sizes 1 1000 10000, 5 runs each)
#        SIZES="1 1000" RUNS=3 scripts/bench-validate.sh
#
# Wall times come from the clock around each run (for one file, from
# hyperfine -N when it is installed, since start-up noise dominates there);
# CPU time and peak RSS from /usr/bin/time (GNU time; CPU has 10 ms
# resolution, so it reads 0 for one file). Targets (issue 2): 10,000 files
# in at most 1.5x the floor's time; a cold single-file run under 15 ms; peak
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

# run_once CMD... runs the command once under GNU time and prints
# "WALL_SECONDS CPU_SECONDS MAX_RSS_KB" (CPU is user+sys, 10 ms resolution).
# Exit status 1 (findings) is expected; 2 or more is a failure.
run_once() {
	local start end status
	start=$(now_ns)
	set +e
	/usr/bin/time -f '%M %U %S' -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr"
	status=$?
	set -e
	end=$(now_ns)
	if ((status >= 2)); then
		echo "bench-validate: $* failed (exit $status):" >&2
		cat "$work/stderr" >&2
		exit 1
	fi
	awk -v s="$start" -v e="$end" 'END {printf "%.4f %.2f %d\n", (e-s)/1e9, $2+$3, $1}' "$work/time.out"
}

# compare FLOOR_CMD -- VALIDATE_CMD runs the two commands alternately RUNS
# times after one warm-up each, so that load from other jobs on a shared
# machine hits both alike, and prints "FLOOR_WALL FLOOR_CPU FLOOR_RSS
# VALIDATE_WALL VALIDATE_CPU VALIDATE_RSS" (median wall and CPU, max RSS).
# For runs shorter than process start-up noise (one file), wall times come
# from hyperfine -N when it is installed.
compare() {
	local floor=() validate=() i
	while [[ $1 != -- ]]; do floor+=("$1"); shift; done
	shift
	validate=("$@")
	"${floor[@]}" >/dev/null 2>&1 || true
	"${validate[@]}" >/dev/null 2>&1 || true
	: >"$work/floor.txt"
	: >"$work/validate.txt"
	for ((i = 0; i < RUNS; i++)); do
		run_once "${floor[@]}" >>"$work/floor.txt"
		run_once "${validate[@]}" >>"$work/validate.txt"
	done
	local fw fc fr vw vc vr
	fw=$(awk '{print $1}' "$work/floor.txt" | median)
	fc=$(awk '{print $2}' "$work/floor.txt" | median)
	fr=$(awk 'BEGIN {m=0} $3>m {m=$3} END {print m}' "$work/floor.txt")
	vw=$(awk '{print $1}' "$work/validate.txt" | median)
	vc=$(awk '{print $2}' "$work/validate.txt" | median)
	vr=$(awk 'BEGIN {m=0} $3>m {m=$3} END {print m}' "$work/validate.txt")
	if [[ $SHORT == 1 ]] && command -v hyperfine >/dev/null; then
		hyperfine -N --runs "$RUNS" --warmup 2 -i --export-json "$work/hf.json" \
			"$(printf '%q ' "${floor[@]}")" "$(printf '%q ' "${validate[@]}")" >/dev/null 2>&1
		read -r fw vw < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print("%.4f %.4f" % (r[0]["median"], r[1]["median"]))' "$work/hf.json")
	fi
	echo "$fw $fc $fr $vw $vc $vr"
}

cores=$(getconf _NPROCESSORS_ONLN)
echo "| files | floor wall | validate wall | validate / floor | floor CPU | validate CPU | CPU ratio | floor peak RSS | validate peak RSS |"
echo "|------:|-----------:|--------------:|-----------------:|----------:|-------------:|----------:|---------------:|------------------:|"
for n in $SIZES; do
	corpus="$work/corpus-$n"
	"$work/gencorpus" -n "$n" -out "$corpus" -seed "$SEED" 2>/dev/null
	SHORT=0
	((n <= 10)) && SHORT=1
	read -r fw fc frss vw vc vrss < <(compare "$work/parsefloor" "$corpus" -- "$work/bapi" validate "$corpus")
	printf '| %s | %.1f ms | %.1f ms | %s | %s | %s | %s | %.1f MB | %.1f MB |\n' "$n" \
		"$(awk -v x="$fw" 'BEGIN{print x*1000}')" "$(awk -v x="$vw" 'BEGIN{print x*1000}')" \
		"$(awk -v v="$vw" -v f="$fw" 'BEGIN {printf "%.2fx", v/f}')" \
		"$(awk -v x="$fc" 'BEGIN{printf "%.2f s", x}')" "$(awk -v x="$vc" 'BEGIN{printf "%.2f s", x}')" \
		"$(awk -v v="$vc" -v f="$fc" 'BEGIN {if (f > 0) printf "%.2fx", v/f; else print "n/a"}')" \
		"$(awk -v x="$frss" 'BEGIN{print x/1024}')" "$(awk -v x="$vrss" 'BEGIN{print x/1024}')"
done
echo
echo "median of $RUNS alternating runs after one warm-up each; $cores cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(go version | awk '{print $3}'); $(uname -sm)"
