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
finish(nil)
