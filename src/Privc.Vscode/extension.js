// The privc extension: starts `privc lsp` and connects VS Code to it. Everything the editor shows about intent
// files (diagnostics with privc's codes, hover, definitions, references, completion, formatting, quick fixes)
// comes from the language server; this file only starts it with the user's settings.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function serverOptions() {
  const configured = vscode.workspace.getConfiguration("privc").get("path") || "privc";
  const viaDotnet = configured.endsWith(".dll");
  return {
    command: viaDotnet ? "dotnet" : configured,
    args: viaDotnet ? [configured, "lsp"] : ["lsp"],
  };
}

function activate(context) {
  const topology = vscode.workspace.getConfiguration("privc").get("topology") || "";
  client = new LanguageClient(
    "privc",
    "privc language server",
    serverOptions(),
    {
      documentSelector: [{ scheme: "file", language: "privc" }],
      initializationOptions: { privc: { topology } },
      synchronize: { configurationSection: "privc" },
    });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
