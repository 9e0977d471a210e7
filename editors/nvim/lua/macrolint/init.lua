--- macrolint for Neovim 0.11+: `macrolint lsp` through the built-in client
--- (`vim.lsp.config` / `vim.lsp.enable`), a `:MacrolintFixAll` command and `:checkhealth macrolint`.
---
--- require('macrolint').setup({
---   cmd = { 'macrolint', 'lsp' },          -- the server command
---   settings = { lang = 'en' },            -- the server's settings (see README), sent as init_options
---   init_options = {},                     -- laid over `settings` in initializationOptions
---   include = { '**/{macros,templates,replies}/**' }, -- files checked outside macrolint.toml folders
--- })
local M = {}

--- The server's name in `vim.lsp.config`.
M.name = 'macrolint'

--- The code action kind of "fix everything safe in this file".
M.fix_all_kind = 'source.fixAll.macrolint'

M.defaults = {
  cmd = { 'macrolint', 'lsp' },
  -- Markdown, plain text, HTML, JSON, Liquid, Handlebars, and the other formats the server reads.
  filetypes = { 'markdown', 'text', 'html', 'json', 'jsonc', 'liquid', 'handlebars', 'mustache', 'jinja', 'htmldjango', 'yaml' },
  root_markers = { 'macrolint.toml', '.git' },
  -- Files outside a folder that has a macrolint.toml are checked when their path matches one of
  -- these globs (as the VS Code extension's `macrolint.include`); `{ '**' }` checks every file
  -- of the filetypes above.
  include = { '**/{macros,templates,replies}/**' },
  -- The server's settings (src/lsp/settings.rs): catalog, asOf, rules, defaultAudience, lang,
  -- debounceMs, completionStyle.
  settings = {},
  init_options = {},
}

--- The options in force after `setup()`.
M.options = nil

local function glob_matchers(globs)
  local matchers = {}
  for _, g in ipairs(globs or {}) do
    local ok, lpeg = pcall(vim.glob.to_lpeg, g)
    if ok then
      table.insert(matchers, lpeg)
    else
      vim.notify(('macrolint: bad include glob %q: %s'):format(g, lpeg), vim.log.levels.WARN)
    end
  end
  return matchers
end

--- The folder to start the server in for `path`, or nil when macrolint should leave the file
--- alone: files under a folder with a macrolint.toml, and files matching `include`.
function M.root_for(path, opts)
  opts = opts or M.options or M.defaults
  if path == nil or path == '' then
    return nil
  end
  path = vim.fs.normalize(vim.fn.fnamemodify(path, ':p'))
  local config = vim.fs.find('macrolint.toml', { path = vim.fs.dirname(path), upward = true })[1]
  local included = config ~= nil
  if not included then
    for _, m in ipairs(glob_matchers(opts.include)) do
      if m:match(path) then
        included = true
        break
      end
    end
  end
  if not included then
    return nil
  end
  return vim.fs.root(path, opts.root_markers) or vim.fs.dirname(path)
end

--- The settings sent to the server: `settings` with `init_options` laid over them.
function M.server_settings(opts)
  opts = opts or M.options or M.defaults
  return vim.tbl_deep_extend('force', {}, opts.settings or {}, opts.init_options or {})
end

--- The macrolint client attached to `bufnr` (default: the current buffer).
function M.client(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr or 0, name = M.name })[1]
end

--- Applies every safe fix in the buffer (the server's `source.fixAll.macrolint` action).
--- `on_done(applied: boolean, err?: string)` is called when the edit is applied or nothing is.
function M.fix_all(bufnr, on_done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  on_done = on_done or function(applied, err)
    if err then
      vim.notify('macrolint: ' .. err, vim.log.levels.ERROR)
    elseif not applied then
      vim.notify('macrolint: nothing to fix automatically in this file', vim.log.levels.INFO)
    end
  end
  local client = M.client(bufnr)
  if not client then
    on_done(false, 'no macrolint server is attached to this buffer')
    return
  end
  local last = vim.api.nvim_buf_line_count(bufnr)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = 0, character = 0 }, ['end'] = { line = last, character = 0 } },
    context = { only = { M.fix_all_kind }, diagnostics = {}, triggerKind = 1 },
  }
  client:request('textDocument/codeAction', params, function(err, actions)
    if err then
      on_done(false, err.message)
      return
    end
    for _, action in ipairs(actions or {}) do
      if action.kind == M.fix_all_kind and action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        on_done(true)
        return
      end
    end
    on_done(false)
  end, bufnr)
end

--- Prints what `macrolint/status` answers: the catalog in use and its channel count.
function M.status(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.client(bufnr)
  if not client then
    vim.notify('macrolint: no server attached to this buffer', vim.log.levels.WARN)
    return
  end
  client:request('macrolint/status', { textDocument = vim.lsp.util.make_text_document_params(bufnr) }, function(err, s)
    if err or not s then
      vim.notify('macrolint/status failed: ' .. (err and err.message or 'no answer'), vim.log.levels.ERROR)
      return
    end
    vim.notify(
      ('macrolint %s: %s (%s%s), %d channels, as of %s, %s, %s positions'):format(
        s.version,
        s.catalog.name,
        s.catalog.origin,
        s.catalog.path ~= vim.NIL and s.catalog.path and (': ' .. s.catalog.path) or '',
        s.catalog.channels,
        s.asOf,
        s.lang,
        s.positionEncoding
      )
    )
  end, bufnr)
end

function M.setup(opts)
  if vim.fn.has('nvim-0.11') ~= 1 then
    vim.notify('macrolint.nvim needs Neovim 0.11 or newer (vim.lsp.config / vim.lsp.enable)', vim.log.levels.ERROR)
    return
  end
  local o = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  -- Lists are replaced, not merged index by index.
  for _, key in ipairs({ 'cmd', 'filetypes', 'root_markers', 'include' }) do
    if opts and opts[key] then
      o[key] = opts[key]
    end
  end
  M.options = o
  local settings = M.server_settings(o)
  vim.lsp.config(M.name, {
    cmd = o.cmd,
    filetypes = o.filetypes,
    root_markers = o.root_markers,
    root_dir = function(bufnr, on_dir)
      local root = M.root_for(vim.api.nvim_buf_get_name(bufnr), o)
      if root then
        on_dir(root)
      end
    end,
    init_options = settings,
    -- Answers the server's workspace/configuration request for the `macrolint` section.
    settings = { macrolint = settings },
  })
  vim.lsp.enable(M.name)

  vim.api.nvim_create_user_command('MacrolintFixAll', function()
    M.fix_all(0)
  end, { desc = 'macrolint: apply every safe fix in this file' })
  vim.api.nvim_create_user_command('MacrolintStatus', function()
    M.status(0)
  end, { desc = 'macrolint: the catalog in use' })
end

return M
