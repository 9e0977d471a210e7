--- :checkhealth macrolint
local M = {}

function M.check()
  local h = vim.health
  h.start('macrolint')
  if vim.fn.has('nvim-0.11') == 1 then
    local v = vim.version()
    h.ok(('Neovim %d.%d.%d (vim.lsp.config / vim.lsp.enable)'):format(v.major, v.minor, v.patch))
  else
    h.error('Neovim 0.11 or newer is needed', { 'Upgrade Neovim, or use the server with nvim-lspconfig' })
    return
  end

  local macrolint = require('macrolint')
  local opts = macrolint.options
  if not opts then
    h.warn("require('macrolint').setup() has not been called", { "Add require('macrolint').setup({}) to your config" })
    opts = macrolint.defaults
  else
    h.ok('setup() called; filetypes: ' .. table.concat(opts.filetypes, ', '))
  end

  local exe = opts.cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    h.error(('the server command %q is not executable'):format(exe), {
      'Install macrolint (`cargo install --path .` in the macrolint repository)',
      "or pass its path: require('macrolint').setup({ cmd = { '/path/to/macrolint', 'lsp' } })",
    })
  else
    local out = vim.fn.system({ exe, '--version' })
    if vim.v.shell_error == 0 then
      h.ok(('%s: %s'):format(vim.fn.exepath(exe), vim.trim(out):gsub('\n', ' ')))
    else
      h.error(('%s --version failed: %s'):format(exe, vim.trim(out)))
    end
  end

  if opts ~= macrolint.defaults then
    local config = vim.lsp.config[macrolint.name]
    if config and config.cmd then
      h.ok('vim.lsp.config.macrolint: cmd = ' .. table.concat(config.cmd, ' '))
    else
      h.error('vim.lsp.config.macrolint is not set')
    end
    if vim.lsp.is_enabled and not vim.lsp.is_enabled(macrolint.name) then
      h.warn('macrolint is not enabled (vim.lsp.enable)')
    end
  end

  local settings = macrolint.server_settings(opts)
  local known = { catalog = true, asOf = true, rules = true, defaultAudience = true, lang = true, debounceMs = true, completionStyle = true }
  for key in pairs(settings) do
    if not known[key] then
      h.warn(('unknown setting %q: the server will ignore it'):format(key), { 'Known: catalog, asOf, rules, defaultAudience, lang, debounceMs, completionStyle' })
    end
  end
  h.info('settings (init_options): ' .. vim.inspect(settings, { newline = ' ', indent = '' }))

  local config_file = vim.fs.find('macrolint.toml', { path = vim.fn.getcwd(), upward = true })[1]
  if config_file then
    h.ok('macrolint.toml: ' .. config_file)
  else
    h.info('no macrolint.toml above ' .. vim.fn.getcwd() .. ': files are checked when they match ' .. table.concat(opts.include or {}, ', '))
  end

  local clients = vim.lsp.get_clients({ name = macrolint.name })
  if #clients == 0 then
    h.info('no macrolint server is running (it starts when a matching file is opened)')
  end
  for _, c in ipairs(clients) do
    local n = vim.tbl_count(c.attached_buffers or {})
    h.ok(('server running (id %d, %s positions, root %s, %d buffer(s))'):format(c.id, c.offset_encoding, c.root_dir or '-', n))
  end
end

return M
