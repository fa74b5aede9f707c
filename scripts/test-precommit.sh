#!/usr/bin/env bash
# Tests the bapi-validate hook (.pre-commit-hooks.yaml) with the real
# pre-commit, the way a user meets it, in a throw-away sample repository:
#
#   1. `pre-commit try-repo` passes on good specs (and ignores YAML that is
#      not a spec, thanks to the hook's default `files`);
#   2. `pre-commit try-repo` fails on a bad spec with file:line:col;
#   3. with the hook in .pre-commit-config.yaml and `pre-commit install`,
#      `git commit` of a bad spec is refused, and a run with the hook's Go
#      environment already built is fast (timings are printed).
#
# pre-commit clones this repository at a commit, so the hook and bapi are
# tested as committed: uncommitted changes are not seen. BAPI_PRECOMMIT_REF
# picks another commit, tag or branch (default HEAD).
#
# Needs pre-commit (Debian: apt-get install pre-commit; or pipx install
# pre-commit), git and Go; pre-commit builds the hook with `go install`, which
# downloads bapi's dependencies from the Go module proxy.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

fail() {
	echo "test-precommit: FAIL: $*" >&2
	exit 1
}

for tool in pre-commit git go; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "test-precommit: $tool is not installed; install it (pre-commit: apt-get install pre-commit, or pipx install pre-commit) and run again" >&2
		exit 1
	fi
done

ref=$(git -C "$repo" rev-parse --verify "${BAPI_PRECOMMIT_REF:-HEAD}^{commit}") ||
	fail "cannot resolve ${BAPI_PRECOMMIT_REF:-HEAD} in $repo; set BAPI_PRECOMMIT_REF to a commit, tag or branch"
git -C "$repo" cat-file -e "$ref:.pre-commit-hooks.yaml" 2>/dev/null ||
	fail ".pre-commit-hooks.yaml is not committed at $ref; commit it and run again"
if ! git -C "$repo" diff --quiet HEAD -- .pre-commit-hooks.yaml cmd pkg schema go.mod go.sum 2>/dev/null; then
	echo "test-precommit: note: uncommitted changes are not tested; pre-commit builds the hook from commit ${ref:0:12}" >&2
fi

work=$(mktemp -d)
# Go's module cache is read-only; make it removable.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
export PRE_COMMIT_COLOR=never
export SKIP= # never skip hooks because of the caller's environment

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# The sample repository: good specs in bapi/, and YAML that is not a spec.
sample="$work/sample"
mkdir -p "$sample/bapi/team" "$sample/deploy"
cp "$repo"/examples/specs/*.yaml "$sample/bapi/"
mv "$sample/bapi/todo-apikey.yaml" "$sample/bapi/team/"
cat >"$sample/deploy/compose.yaml" <<'YAML'
# Not a bapi spec: the hook's default files pattern must skip it.
services:
  web:
    image: nginx
YAML
cd "$sample"
git init -q
git config user.email test@example.com
git config user.name "bapi test"
git config commit.gpgsign false
git add -A
git commit -q -m "good specs"

echo "--- 1. try-repo on good specs passes (cold: pre-commit builds the hook)"
t0=$(now)
if ! out=$(pre-commit try-repo "$repo" bapi-validate --ref "$ref" --all-files --verbose 2>&1); then
	echo "$out" >&2
	fail "pre-commit try-repo failed on good specs"
fi
t1=$(now)
echo "$out" | grep -E '^bapi validate\.+Passed' >/dev/null || { echo "$out" >&2; fail "bapi validate did not pass"; }
# deploy/compose.yaml is not a spec: had the hook's files pattern let it
# through, bapi would have failed on it.
try_cold=$(secs "$t0" "$t1")
echo "passed in ${try_cold}s"

echo "--- 2. try-repo on a bad spec fails with file:line:col"
cat >"$sample/bapi/bad.yaml" <<'YAML'
AppId: d9bad000example
BackendEnvironmentName: dev
ResourceName: badapi
ResourceConfig:
  ApiName: badapi
  Service: AppSync
  DefaultAuthType:
    Mode: PASSWORD
  ConflictResolution:
    ResolutionStrategy: LAST_WRITER_WINS
YAML
git add bapi/bad.yaml
if out=$(pre-commit try-repo "$repo" bapi-validate --ref "$ref" --all-files 2>&1); then
	echo "$out" >&2
	fail "pre-commit try-repo passed on a bad spec"
fi
echo "$out" | grep -E '^bapi validate\.+Failed' >/dev/null || { echo "$out" >&2; fail "bapi validate did not fail"; }
echo "$out" | grep -E 'bapi/bad\.yaml:[0-9]+:[0-9]+' >/dev/null ||
	{ echo "$out" >&2; fail "no bapi/bad.yaml:LINE:COL in the output"; }
echo "$out" | grep -E 'bapi/bad\.yaml:[0-9]+:[0-9]+'
git rm -q --cached bapi/bad.yaml
mv bapi/bad.yaml "$work/bad.yaml"

echo "--- 3. the hook in .pre-commit-config.yaml, as users set it up"
# What docs/pre-commit.md tells users to write, with this repository's path
# and commit in place of https://github.com/bapi-dev/bapi and a release tag.
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $ref
    hooks:
      - id: bapi-validate
YAML
git add .pre-commit-config.yaml
t0=$(now)
pre-commit install --install-hooks >/dev/null
t1=$(now)
install_cold=$(secs "$t0" "$t1")
git commit -q -m "add the bapi-validate hook" >/dev/null || fail "git commit of good specs was refused by the hook"

cp "$work/bad.yaml" bapi/bad.yaml
git add bapi/bad.yaml
if out=$(git commit -m "bad spec" 2>&1); then
	echo "$out" >&2
	fail "git commit of a bad spec was not refused"
fi
echo "$out" | grep -E 'bapi/bad\.yaml:[0-9]+:[0-9]+' >/dev/null ||
	{ echo "$out" >&2; fail "git commit refused, but without bapi/bad.yaml:LINE:COL"; }
echo "git commit of a bad spec refused, with file:line:col"
git rm -q -f bapi/bad.yaml

# Warm runs: the hook's Go environment is built and cached in PRE_COMMIT_HOME.
best=""
for _ in 1 2 3; do
	t0=$(now)
	pre-commit run bapi-validate --all-files >/dev/null || fail "warm pre-commit run failed on good specs"
	t1=$(now)
	s=$(secs "$t0" "$t1")
	if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
done

echo
echo "timings (this machine):"
echo "  try-repo, cold (clone + go install + validate):   ${try_cold}s"
echo "  pre-commit install --install-hooks (cold build):  ${install_cold}s"
echo "  pre-commit run --all-files, warm (best of 3):     ${best}s   ($(git ls-files 'bapi/*' | wc -l) specs)"
# A warm run only starts pre-commit and bapi: it must take a small part of
# the cold build (a ratio, so a slow or busy machine does not fail it).
awk -v w="$best" -v c="$install_cold" 'BEGIN { exit !(w * 4 < c) }' ||
	fail "the warm run (${best}s) is not much faster than the cold build (${install_cold}s): is the hook rebuilt on every run?"
echo "test-precommit: ok"
