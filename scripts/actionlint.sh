#!/usr/bin/env bash
# Lints bapi's GitHub Actions files with actionlint (pinned):
#   - .github/workflows/*.yml, bapi's own CI;
#   - examples/github/*.yml, the workflows users copy;
#   - action.yml, the composite action. actionlint takes no action.yml on its
#     command line: it checks a local action's metadata (and the inputs given
#     to it) where a workflow uses it with `uses: ./`, as ci.yml does. This
#     script makes sure that use is there, and syntax-checks the action's
#     run: scripts with bash -n (and shellcheck, when it is installed).
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION=v1.7.12

fail() {
	echo "actionlint.sh: FAIL: $*" >&2
	exit 1
}

shopt -s nullglob
files=(.github/workflows/*.yml .github/workflows/*.yaml examples/github/*.yml examples/github/*.yaml)
((${#files[@]})) || fail "no workflow files found"

grep -Eq '^[[:space:]]*(-[[:space:]]+)?uses:[[:space:]]*\./[[:space:]]*$' .github/workflows/*.yml ||
	fail "no workflow uses the local action (uses: ./), so actionlint would not check action.yml; keep the action job in .github/workflows/ci.yml"

echo "actionlint ${ACTIONLINT_VERSION}: ${files[*]}"
go run "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}" -no-color "${files[@]}"

# action.yml: the keys GitHub requires, and its run: scripts.
for key in name description runs; do
	grep -Eq "^${key}:" action.yml || fail "action.yml has no top-level ${key}:"
done
grep -Eq '^[[:space:]]+using:[[:space:]]*composite[[:space:]]*$' action.yml || fail "action.yml is not a composite action (runs.using: composite)"
if python3 -c 'import yaml' 2>/dev/null; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	python3 - "$tmp" <<'PY'
import re, sys, yaml
out = sys.argv[1]
with open("action.yml") as f:
    action = yaml.safe_load(f)
for key in ("name", "description", "runs"):
    if not action.get(key):
        sys.exit(f"action.yml: missing {key}")
steps = action["runs"].get("steps") or []
if not steps:
    sys.exit("action.yml: runs.steps is empty")
for i, step in enumerate(steps):
    if "run" in step:
        if step.get("shell") != "bash":
            sys.exit(f"action.yml: step {i + 1} ({step.get('name')}) runs a script without shell: bash; composite steps must name their shell")
        # ${{ }} expressions are replaced before the shell sees the script.
        script = re.sub(r"\$\{\{.*?\}\}", "EXPR", step["run"])
        with open(f"{out}/step{i + 1}.sh", "w") as f:
            f.write("#!/usr/bin/env bash\n" + script)
PY
	for s in "$tmp"/*.sh; do
		bash -n "$s" || fail "action.yml: a run: script does not parse ($(basename "$s"))"
		if command -v shellcheck >/dev/null 2>&1; then
			shellcheck "$s" || fail "action.yml: shellcheck found problems in $(basename "$s")"
		fi
	done
else
	echo "actionlint.sh: python3 with PyYAML is missing; skipped the action.yml step checks" >&2
fi
echo "actionlint.sh: ok"
