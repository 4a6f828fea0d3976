// doalint for VS Code: starts `doalint lsp` and hands it the deployment files the editor opens.
// Everything else (diagnostics, hovers, quick fixes, "fix all", file watching) is the server's.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("doalint");
  const folder = vscode.workspace.workspaceFolders ? vscode.workspace.workspaceFolders[0].uri.fsPath : "";
  const serverOptions = {
    // "${workspaceFolder}/.venv/bin/doalint": the project's own environment
    command: config.get("path", "doalint").replace("${workspaceFolder}", folder),
    args: ["lsp"],
    transport: TransportKind.stdio, // (the client adds --stdio, which doalint lsp accepts)
  };
  const files = [];
  for (const scheme of ["file", "untitled"]) {
    for (const language of ["json", "jsonc", "yaml", "terraform", "terraform-vars"]) {
      files.push({ scheme, language });
    }
  }
  // Terraform without HashiCorp's extension, and templates, have no language of their own.
  files.push({ scheme: "file", pattern: "**/*.{tf,tfvars,tpl,tmpl,tftpl,template,j2,jinja,jinja2}" });
  const clientOptions = {
    documentSelector: files,
    initializationOptions: { debounce: config.get("debounce", 200) },
  };
  client = new LanguageClient("doalint", "doalint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("doalint") && client) {
        client.restart();
      }
    }),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
