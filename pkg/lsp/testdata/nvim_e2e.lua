-- Neovim's built-in LSP client against bapi lsp (TestNeovim). The test
-- gives the server command, the spec and where to write the results in
-- the environment; this script opens the spec, waits for its diagnostic,
-- then makes a change with a second mistake and times its diagnostic.
local server = vim.fn.json_decode(os.getenv("BAPI_LSP_CMD"))
local spec = os.getenv("BAPI_SPEC")
local out = os.getenv("BAPI_OUT")
local results = {}

local function finish(err)
  results.error = err
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.lsp.stop_client(vim.lsp.get_active_clients())
  vim.cmd("qa!")
end

local function diags(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(list, { lnum = d.lnum, col = d.col, end_col = d.end_col, code = code, message = d.message, source = d.source })
  end
  return list
end

local function has(buf, code)
  for _, d in ipairs(diags(buf)) do
    if d.code == code then return true end
  end
  return false
end

vim.cmd("edit " .. vim.fn.fnameescape(spec))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "bapi",
  cmd = server,
  root_dir = vim.fn.fnamemodify(spec, ":h"),
  flags = { debounce_text_changes = 0 },
})
if not client then return finish("start_client failed") end
vim.lsp.buf_attach_client(buf, client)

if not vim.wait(20000, function() return has(buf, "schema") end, 5) then
  return finish("no schema diagnostic after opening")
end
results.open = diags(buf)

-- Line 6 (0-based 5) is "  Service: AppSync": make it a mistake.
local start = vim.loop.hrtime()
vim.api.nvim_buf_set_lines(buf, 5, 6, false, { "  Service: AppSynk" })
if not vim.wait(20000, function() return has(buf, "service-appsync") end, 1) then
  return finish("no service-appsync diagnostic after the change")
end
results.change_ms = (vim.loop.hrtime() - start) / 1e6
results.changed = diags(buf)

-- The quick fix for the quoted number, applied as the user's code action
-- would, makes its diagnostic go.
local d
for _, x in ipairs(vim.diagnostic.get(buf)) do
  local code = x.code or (x.user_data and x.user_data.lsp and x.user_data.lsp.code)
  if code == "schema" then d = x end
end
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
  context = { diagnostics = {} },
}
local answers = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
local fix
for _, a in pairs(answers or {}) do
  for _, action in ipairs(a.result or {}) do
    if action.title:find("Remove the quotes", 1, true) then fix = action end
  end
end
if not fix then return finish("no unquote code action") end
vim.lsp.util.apply_workspace_edit(fix.edit, "utf-16")
results.fixed_line = vim.api.nvim_buf_get_lines(buf, 9, 10, false)[1]
if not vim.wait(20000, function() return not has(buf, "schema") end, 5) then
  return finish("the schema diagnostic stayed after the quick fix")
end
results.after_fix = diags(buf)

-- Completion inside the YAML-embedded GraphQL offers Amplify's directives:
-- line 11 (0-based) is "    type Post @model ...", after its "@".
local comp = vim.lsp.buf_request_sync(buf, "textDocument/completion",
  { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 11, character = 15 } }, 10000)
results.completion = {}
for _, a in pairs(comp or {}) do
  local items = a.result and (a.result.items or a.result) or {}
  for _, it in ipairs(items) do table.insert(results.completion, it.label) end
end
finish(nil)
