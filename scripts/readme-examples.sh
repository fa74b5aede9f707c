#!/usr/bin/env bash
# Runs every command of README.md's ```sh blocks, in order, in one shell, in a
# scratch copy of the repository, the way a newcomer would: with no bapi on
# PATH (directories holding one are dropped from the caller's PATH) and an
# empty GOPATH, so `bapi` is found only if the README puts it there. A
# command is expected to exit 0 unless its line ends with a comment
# "# exit N". A command ending in "&" runs in the background; the script then
# waits until the emulator's port (4599) answers.
#
# A ```text block in the same section as (after) a ```sh block is that
# block's sample output: each of its lines must appear, in order, in what the
# block's commands print (stdout and stderr). Runs of spaces, durations
# (714ms, 1.3s) and job IDs are not compared; a line "..." stands for lines
# left out, and a line ending in "…" matches any line that starts with what
# comes before it.
# Blocks fenced as ```bash, ```yaml or ```json are shown, not run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

mkdir -p "$work/repo" "$work/out" "$work/want"
# Tracked and untracked (not ignored) files, as they are in the work tree.
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	xargs -0 cp --parents -t "$work/repo")

# Extract commands (block number, tab, command): join backslash
# continuations, drop blank and comment-only lines. Sample outputs go to
# want/N for sh block N.
awk -v want="$work/want" '
	/^#/ && !inblock { section++; next }
	/^```sh[ \t]*$/ { inblock = "sh"; block++; blocksection = section; next }
	/^```text[ \t]*$/ { inblock = (block && blocksection == section) ? "text" : "shown"; next }
	/^```/ && inblock { inblock = ""; next }
	/^```/ { inblock = "shown"; next }
	inblock == "text" { print > (want "/" block); next }
	inblock == "sh" {
		line = $0
		if (pending != "") { line = pending " " line; pending = "" }
		if (line ~ /\\$/) { sub(/\\$/, "", line); pending = line; next }
		if (line ~ /^[ \t]*$/ || line ~ /^[ \t]*#/) next
		print block "\t" line
	}
' "$repo/README.md" > "$work/commands"

n=$(wc -l < "$work/commands")
if [ "$n" -eq 0 ]; then
	echo "readme-examples: no \`\`\`sh commands found in README.md" >&2
	exit 1
fi

wait_port() {
	for _ in $(seq 1 100); do
		if (exec 3<>/dev/tcp/127.0.0.1/4599) 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	echo "readme-examples: nothing listens on 127.0.0.1:4599 after 10s" >&2
	return 1
}

# normalize makes output and sample comparable: spaces, durations and job
# IDs (UUIDs) are not compared.
normalize() {
	sed -E -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<id>/g' \
		-e 's/\b[0-9]+(\.[0-9]+)?(ns|µs|us|ms|s|m)\b/<t>/g' \
		-e 's/[[:space:]]+/ /g' -e 's/^ //' -e 's/ $//' "$@"
}

# check_sample: every line of sample $1 appears, in order, in output $2.
check_sample() {
	awk '
		NR == FNR { want[++n] = $0; next }
		{
			while (i < n && want[i + 1] == "...") i++
			if (i >= n) next
			w = want[i + 1]
			if (w ~ /…$/) { p = substr(w, 1, length(w) - length("…")); hit = substr($0, 1, length(p)) == p }
			else hit = ($0 == w)
			if (hit) i++
		}
		END {
			while (i < n && want[i + 1] == "...") i++
			if (i < n) { print "first sample line not printed (in order): " want[i + 1]; exit 1 }
		}
	' <(normalize "$1" | grep -v '^$') <(normalize "$2")
}

if (exec 3<>/dev/tcp/127.0.0.1/4599) 2>/dev/null; then
	echo "readme-examples: something already listens on 127.0.0.1:4599, which the README's emulator uses; stop it first" >&2
	exit 1
fi

# A newcomer's PATH: the caller's, without any directory that holds a bapi.
path=
IFS=: read -r -a dirs <<< "$PATH"
for d in "${dirs[@]}"; do
	[ -n "$d" ] && [ ! -x "$d/bapi" ] && path=${path:+$path:}$d
done

cd "$work/repo"
# Keep the Go caches of the caller (a new HOME would download every module
# and build everything again), but not its GOPATH or GOBIN: `go install`
# puts bapi into a scratch GOPATH/bin, which is on PATH only if the README
# says so.
export GOMODCACHE="$(go env GOMODCACHE)" GOCACHE="$(go env GOCACHE)" GOPATH="$work/gopath"
unset GOBIN
export PATH="$path" NO_COLOR=1 HOME="$work/home" AWS_PAGER=""
mkdir -p "$HOME"
passed=0 failed=0 i=0
while IFS=$'\t' read -r block cmd; do
	i=$((i + 1))
	want=0
	if [[ $cmd =~ \#[[:space:]]*exit[[:space:]]+([0-9]+)[[:space:]]*$ ]]; then
		want=${BASH_REMATCH[1]}
	fi
	echo "\$ $cmd"
	set +e
	eval "$cmd" < /dev/null > "$work/out/$i" 2>&1
	rc=$?
	set -e
	if [[ $cmd =~ \&[[:space:]]*$ ]]; then
		wait_port
		rc=0
	fi
	cat "$work/out/$i"
	cat "$work/out/$i" >> "$work/out/block$block"
	if [ "$rc" -ne "$want" ]; then
		echo "readme-examples: FAIL: exit $rc, README says $want: $cmd" >&2
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
done < "$work/commands"

samples=0
for f in "$work"/want/*; do
	[ -e "$f" ] || continue
	block=${f##*/}
	samples=$((samples + 1))
	if ! msg=$(check_sample "$f" "$work/out/block$block" 2>&1); then
		echo "readme-examples: FAIL: the sample output after sh block $block does not match what it printed: $msg" >&2
		failed=$((failed + 1))
	fi
done
echo "readme-examples: $passed commands passed, $samples sample outputs checked, $failed failed"
[ "$failed" -eq 0 ]
