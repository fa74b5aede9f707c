#!/usr/bin/env bash
# Runs every command of README.md's ```sh blocks, in order, in one shell, in a
# scratch copy of the repository with a freshly built bapi first on PATH, so
# the README cannot rot. A command is expected to exit 0 unless its line ends
# with a comment "# exit N". A command ending in "&" runs in the background;
# the script then waits until the emulator's port (4599) answers.
# Blocks fenced as ```bash, ```yaml or ```text are shown, not run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

mkdir -p "$work/bin" "$work/repo"
(cd "$repo" && go build -o "$work/bin/bapi" ./cmd/bapi)
# Tracked and untracked (not ignored) files, as they are in the work tree.
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	xargs -0 cp --parents -t "$work/repo")

# Extract commands: join backslash continuations, drop blank lines and
# comment-only lines.
awk '
	/^```sh[ \t]*$/ { inblock = 1; next }
	/^```/ && inblock { inblock = 0; next }
	inblock {
		line = $0
		if (pending != "") { line = pending " " line; pending = "" }
		if (line ~ /\\$/) { sub(/\\$/, "", line); pending = line; next }
		if (line ~ /^[ \t]*$/ || line ~ /^[ \t]*#/) next
		print line
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

if (exec 3<>/dev/tcp/127.0.0.1/4599) 2>/dev/null; then
	echo "readme-examples: something already listens on 127.0.0.1:4599, which the README's emulator uses; stop it first" >&2
	exit 1
fi

cd "$work/repo"
# Keep the Go caches of the caller (a new HOME would download every module
# again); `go install` in the README puts bapi into the scratch bin.
export GOMODCACHE="$(go env GOMODCACHE)" GOCACHE="$(go env GOCACHE)" GOPATH="$(go env GOPATH)"
export GOBIN="$work/bin" PATH="$work/bin:$PATH" NO_COLOR=1 HOME="$work/home" AWS_PAGER=""
mkdir -p "$HOME"
passed=0 failed=0
while IFS= read -r cmd; do
	want=0
	if [[ $cmd =~ \#[[:space:]]*exit[[:space:]]+([0-9]+)[[:space:]]*$ ]]; then
		want=${BASH_REMATCH[1]}
	fi
	echo "\$ $cmd"
	set +e
	eval "$cmd" < /dev/null
	rc=$?
	set -e
	if [[ $cmd =~ \&[[:space:]]*$ ]]; then
		wait_port
		rc=0
	fi
	if [ "$rc" -ne "$want" ]; then
		echo "readme-examples: FAIL: exit $rc, README says $want: $cmd" >&2
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
done < "$work/commands"
echo "readme-examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
