#!/usr/bin/env bash
# bench-validate.sh times `bapi validate` next to the parse-only floor
# (internal/parsefloor: read + yaml.v3 parse into nodes on all cores, nothing
# else) on generated corpora of 1, 1,000 and 10,000 spec files, and prints a
# markdown table: median wall and CPU time (user+sys), the validate/floor
# ratios, and peak RSS. The two programs run alternately, so a shared
# machine's changing load hits both alike.
#
# Two more sections (issue 12):
#   startup: a cold `bapi validate` of one file beside `bapi version` and a Go
#     hello-world (hyperfine -N when installed, else a loop of STARTUP_RUNS
#     runs timed by the clock), mean and median; target at most 5 ms.
#   memory: 10,000 files of testdata/bench/eight-findings.yaml (8 findings
#     each, 80,000 in all) in every --format, peak RSS of each (target under
#     150 MB), and BenchmarkHeldFindings' live heap per finding held.
#
# Usage: scripts/bench-validate.sh            (all sections; sizes 1 1000 10000, 5 runs each)
#        SIZES="1 1000" RUNS=3 scripts/bench-validate.sh
#        SECTIONS="startup memory" scripts/bench-validate.sh
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
SECTIONS=${SECTIONS:-"floor startup memory"}
STARTUP_RUNS=${STARTUP_RUNS:-100}
MEMORY_FILES=${MEMORY_FILES:-10000}

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
mkdir -p "$work/hello"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n' >"$work/hello/main.go"
(cd "$work/hello" && go build -o "$work/hello-world" main.go)

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
has() { [[ " $SECTIONS " == *" $1 "* ]]; }

if has floor; then
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
fi

# startup_times CMD... prints "MEAN_MS MEDIAN_MS" of STARTUP_RUNS cold runs.
startup_times() {
	if command -v hyperfine >/dev/null; then
		hyperfine -N --runs "$STARTUP_RUNS" --warmup 5 -i --export-json "$work/hf1.json" "$(printf '%q ' "$@")" >/dev/null 2>&1
		python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f" % (r["mean"]*1000, r["median"]*1000))' "$work/hf1.json"
		return
	fi
	local i start end
	: >"$work/startup.txt"
	for ((i = 0; i < STARTUP_RUNS; i++)); do
		start=$(now_ns)
		"$@" >/dev/null 2>&1 || true
		end=$(now_ns)
		echo $(((end - start) / 1000)) >>"$work/startup.txt"
	done
	awk '{s+=$1} END {printf "%.2f ", s/NR/1000}' "$work/startup.txt"
	median <"$work/startup.txt" | awk '{printf "%.2f\n", $1/1000}'
}

if has startup; then
	spec="$root/testdata/specs/good/cognito-full.yaml"
	echo
	echo "| cold run ($STARTUP_RUNS runs) | mean | median |"
	echo "|---|---:|---:|"
	for what in hello-world version validate; do
		case $what in
		hello-world) cmd=("$work/hello-world") ;;
		version) cmd=("$work/bapi" version) ;;
		validate) cmd=("$work/bapi" validate "$spec") ;;
		esac
		read -r mean med < <(startup_times "${cmd[@]}")
		case $what in
		hello-world) label="Go hello-world" ;;
		version) label='`bapi version`' ;;
		validate) label='`bapi validate` one file' ;;
		esac
		printf '| %s | %s ms | %s ms |\n' "$label" "$mean" "$med"
	done
	echo
	echo "$(command -v hyperfine >/dev/null && echo "hyperfine -N" || echo "clock loop"), after 5 warm-up runs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if has memory; then
	corpus="$work/findings-$MEMORY_FILES"
	# One spec with 8 findings, copied with a distinct ResourceName per file
	# (no cross-file duplicate-address findings).
	awk -v n="$MEMORY_FILES" -v dir="$corpus" '
		{ tmpl[NR] = $0 }
		END {
			for (i = 0; i < n; i++) {
				d = sprintf("%s/%03d", dir, int(i / 100))
				if (i % 100 == 0) system("mkdir -p " d)
				f = sprintf("%s/spec-%05d.yaml", d, i)
				name = sprintf("api%05d", i)
				for (j = 1; j <= NR; j++) { line = tmpl[j]; gsub(/NAME/, name, line); print line > f }
				close(f)
			}
		}' "$root/testdata/bench/eight-findings.yaml"
	echo
	echo "| format ($MEMORY_FILES files, 8 findings each) | peak RSS | wall | report size |"
	echo "|---|---:|---:|---:|"
	for format in text compact json sarif github junit; do
		read -r wall _ rss < <(run_once "$work/bapi" validate --format "$format" -o "$work/report" "$corpus")
		printf '| %s | %.1f MB | %.0f ms | %.1f MB |\n' "$format" "$(awk -v x="$rss" 'BEGIN{print x/1024}')" \
			"$(awk -v x="$wall" 'BEGIN{print x*1000}')" "$(awk -v b="$(stat -c %s "$work/report")" 'BEGIN{print b/1e6}')"
	done
	per=$(cd "$root" && go test -run '^$' -bench BenchmarkHeldFindings -benchtime 3x ./pkg/validate 2>/dev/null | awk '/B\/finding/ {for (i = 1; i < NF; i++) if ($(i+1) == "B/finding") print $i}')
	echo
	echo "live heap held per finding (BenchmarkHeldFindings): ${per:-?} B; load average $(cut -d' ' -f1-3 /proc/loadavg)"
fi
