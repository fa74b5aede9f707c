// The bapi extension: it starts `bapi lsp --stdio` and connects VS Code's
// language client to it for YAML specs and GraphQL schema files. Everything
// else (diagnostics, quick fixes, completion, hover) is the server's.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

async function activate(context) {
  const config = vscode.workspace.getConfiguration('bapi');
  const command = config.get('path') || 'bapi';
  const serverOptions = { command, args: ['lsp', '--stdio'] };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'graphql' },
      { scheme: 'file', pattern: '**/*.graphql' },
    ],
  };
  client = new LanguageClient('bapi', 'bapi', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `bapi: cannot start "${command} lsp": ${err.message}. Install bapi (see the README) or set bapi.path to its full path.`,
    );
  }
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
