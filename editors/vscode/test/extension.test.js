// Checks that the extension starts `bapi lsp --stdio` (or bapi.path) for YAML
// and GraphQL files, and reports a server that cannot start. VS Code and the
// language client are replaced by stand-ins that record what they are given;
// run with `node --test test/` (scripts/package-vscode.sh does).
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const Module = require('node:module');

function load({ path, startError }) {
  const seen = { errors: [], clients: [] };
  const vscode = {
    workspace: { getConfiguration: () => ({ get: (key) => (key === 'path' ? path : undefined) }) },
    window: { showErrorMessage: (msg) => seen.errors.push(msg) },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, stopped: false });
      seen.clients.push(this);
    }
    async start() {
      if (startError) throw new Error(startError);
    }
    stop() {
      this.stopped = true;
    }
  }
  const original = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return { LanguageClient };
    return original.call(this, request, parent, isMain);
  };
  try {
    delete require.cache[require.resolve('../extension.js')];
    return { ext: require('../extension.js'), seen };
  } finally {
    Module._load = original;
  }
}

test('starts bapi lsp --stdio for YAML and GraphQL', async () => {
  const { ext, seen } = load({ path: undefined });
  const context = { subscriptions: [] };
  await ext.activate(context);
  assert.strictEqual(seen.clients.length, 1);
  const c = seen.clients[0];
  assert.deepStrictEqual(c.serverOptions, { command: 'bapi', args: ['lsp', '--stdio'] });
  const languages = c.clientOptions.documentSelector.map((s) => s.language || s.pattern);
  assert.deepStrictEqual(languages, ['yaml', 'graphql', '**/*.graphql']);
  assert.deepStrictEqual(seen.errors, []);
  ext.deactivate();
  assert.ok(c.stopped);
});

test('bapi.path names the executable, and a failed start is reported', async () => {
  const { ext, seen } = load({ path: '/opt/bapi/bin/bapi', startError: 'spawn ENOENT' });
  await ext.activate({ subscriptions: [] });
  assert.strictEqual(seen.clients[0].serverOptions.command, '/opt/bapi/bin/bapi');
  assert.strictEqual(seen.errors.length, 1);
  assert.match(seen.errors[0], /cannot start "\/opt\/bapi\/bin\/bapi lsp": spawn ENOENT/);
});
