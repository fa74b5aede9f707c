#!/usr/bin/env bash
# Packages the VS Code extension (editors/vscode) into editors/vscode/bapi.vsix
# with vsce, from the dependencies package-lock.json pins, after the
# extension's own tests (node --test), and checks that the package holds the
# extension and its language client. CI runs it (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
npm ci --no-audit --no-fund --loglevel=error
node --check extension.js
node --test test/
npx --no-install vsce package --out bapi.vsix
listing=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' bapi.vsix)
for want in extension/extension.js extension/package.json extension/node_modules/vscode-languageclient/node.js; do
	if ! grep -qx "$want" <<<"$listing"; then
		echo "package-vscode: bapi.vsix lacks $want" >&2
		exit 1
	fi
done
echo "package-vscode: editors/vscode/bapi.vsix ($(wc -c <bapi.vsix) bytes)"
