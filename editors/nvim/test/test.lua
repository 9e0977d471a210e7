-- Headless end-to-end test of the macrolint Neovim plugin against the real server.
--
--   MACROLINT_BIN=target/release/macrolint nvim --headless -u NONE -l editors/nvim/test/test.lua
--
-- Loads the plugin, opens fixture templates and a file with an emoji before a finding, and checks
-- the diagnostics (rule code and the exact text each range covers: Neovim negotiates utf-8, so a
-- wrong conversion shows here), a quick fix, :MacrolintFixAll (against `macrolint fix`),
-- completion after `{{contact.`, hover and :checkhealth. Exits 1 on any failure.

local script = debug.getinfo(1, 'S').source:sub(2)
local plugin = vim.fs.dirname(vim.fs.dirname(vim.fs.normalize(vim.fn.fnamemodify(script, ':p'))))
local repo = vim.fs.dirname(vim.fs.dirname(plugin))
local bin = vim.env.MACROLINT_BIN or (repo .. '/target/release/macrolint')
if not bin:match('^/') then
  bin = repo .. '/' .. bin
end

vim.opt.rtp:prepend(plugin)
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'
vim.cmd('filetype on')

local passed, failed, results = 0, 0, {}

local function test(name, fn)
  local t = vim.uv.hrtime()
  local ok, err = xpcall(fn, debug.traceback)
  local ms = math.floor((vim.uv.hrtime() - t) / 1e6)
  if ok then
    passed = passed + 1
    table.insert(results, ('  ok   %s (%d ms)'):format(name, ms))
  else
    failed = failed + 1
    table.insert(results, ('  FAIL %s (%d ms)\n%s'):format(name, ms, tostring(err):gsub('\n', '\n       ')))
  end
  io.stdout:write(results[#results] .. '\n')
end

local function eq(got, want, what)
  if not vim.deep_equal(got, want) then
    error(('%s:\n  got:  %s\n  want: %s'):format(what, vim.inspect(got), vim.inspect(want)), 2)
  end
end

local function check(cond, what)
  if not cond then
    error(what, 2)
  end
end

local function wait(ms, what, fn)
  if not vim.wait(ms, fn, 50) then
    error('timed out after ' .. ms .. ' ms waiting for ' .. what, 2)
  end
end

local function sh(args)
  local r = vim.system(args, { text = true }):wait()
  return r.stdout, r.code, r.stderr
end

local tmp = vim.fn.tempname()
vim.fn.mkdir(tmp .. '/replies', 'p')

local function write(path, text)
  local f = assert(io.open(path, 'wb'))
  f:write(text)
  f:close()
end

local function read(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

--- What `macrolint fix` makes of `text` (the CLI and the editor must agree).
local function cli_fix(name, text)
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  write(dir .. '/' .. name, text)
  sh({ bin, 'fix', dir .. '/' .. name })
  return read(dir .. '/' .. name)
end

local function open(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  wait(10000, 'the macrolint client on ' .. path, function()
    return require('macrolint').client(buf) ~= nil
  end)
  return buf
end

local function diagnostics(buf, min)
  wait(15000, 'diagnostics', function()
    return #vim.diagnostic.get(buf) >= (min or 1)
  end)
  return vim.diagnostic.get(buf)
end

--- The text a diagnostic covers, from Neovim's own (byte) positions.
local function covered(buf, d)
  return table.concat(vim.api.nvim_buf_get_text(buf, d.lnum, d.col, d.end_lnum, d.end_col, {}), '\n')
end

local function with_code(diags, code)
  local out = {}
  for _, d in ipairs(diags) do
    if d.code == code then
      table.insert(out, d)
    end
  end
  table.sort(out, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return out
end

local function request(buf, method, params)
  local client = require('macrolint').client(buf)
  local r, err = client:request_sync(method, params, 10000, buf)
  check(r ~= nil, method .. ' failed: ' .. tostring(err))
  check(r.err == nil, method .. ': ' .. vim.inspect(r.err))
  return r.result
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
end

-- ---------------------------------------------------------------------------------------------

test('the server binary exists', function()
  check(vim.fn.executable(bin) == 1, 'no executable at ' .. bin .. ' (cargo build --release, or set MACROLINT_BIN)')
end)

test("setup({ cmd, settings, init_options }) registers vim.lsp.config.macrolint", function()
  require('macrolint').setup({
    cmd = { bin, 'lsp' },
    settings = { lang = 'en', debounceMs = 500 },
    init_options = { debounceMs = 0 },
  })
  local c = vim.lsp.config.macrolint
  eq(c.cmd, { bin, 'lsp' }, 'cmd')
  eq(c.init_options, { lang = 'en', debounceMs = 0 }, 'init_options: settings with init_options laid over them')
  eq(c.settings, { macrolint = { lang = 'en', debounceMs = 0 } }, 'settings answered to workspace/configuration')
  eq(c.root_markers, { 'macrolint.toml', '.git' }, 'root markers')
  check(vim.tbl_contains(c.filetypes, 'markdown') and vim.tbl_contains(c.filetypes, 'text'), 'filetypes')
  check(vim.fn.exists(':MacrolintFixAll') == 2, ':MacrolintFixAll exists')
end)

test('only files under a macrolint.toml folder or the include globs are checked', function()
  local m = require('macrolint')
  eq(m.root_for(repo .. '/fixtures/templates/broken/hotline.ru.txt'), repo .. '/fixtures/templates', 'fixture: root is the folder of its macrolint.toml')
  check(m.root_for(tmp .. '/replies/x.txt') ~= nil, 'replies/ matches the default include')
  eq(m.root_for(tmp .. '/notes/x.txt'), nil, 'an unrelated file is left alone')
end)

local hotline = repo .. '/fixtures/templates/broken/hotline.ru.txt'
local hotline_buf

test('fixture hotline.ru.txt: contact-format diagnostics cover exactly the numbers (utf-8)', function()
  hotline_buf = open(hotline)
  eq(vim.bo[hotline_buf].filetype, 'text', 'filetype')
  local client = require('macrolint').client(hotline_buf)
  eq(client.offset_encoding, 'utf-8', 'negotiated position encoding')
  local diags = diagnostics(hotline_buf, 5)
  local texts = {}
  for _, d in ipairs(with_code(diags, 'contact-format')) do
    table.insert(texts, covered(hotline_buf, d))
    eq(d.source, 'macrolint', 'source')
  end
  eq(texts, { '+7 495 232−10−00', '8 (800)234−70−70', '7 (812) 494−06−06' }, 'contact-format ranges')
  -- Line 3 dials the free number from abroad: that is a wrong-region finding on the number.
  local region = with_code(diags, 'wrong-region')[1]
  check(region ~= nil, 'a wrong-region finding')
  eq(covered(hotline_buf, region), '8 800 234-70-70', 'wrong-region range')
  local misleading = with_code(diags, 'misleading-claim')[1]
  check(misleading ~= nil, 'a misleading-claim finding')
  check(misleading.message:match('^«бесплатный» next to'), 'English message (lang setting): ' .. misleading.message)
end)

test('a quick fix (vim.lsp.buf.code_action) rewrites the first number', function()
  local d = with_code(vim.diagnostic.get(hotline_buf), 'contact-format')[1]
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col + 1 })
  local title = 'Write as +7 495 232-10-00'
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a)
      return a.title == title
    end,
  })
  wait(10000, 'the edit', function()
    return vim.api.nvim_buf_get_lines(hotline_buf, 0, 1, false)[1]:find('+7 495 232-10-00', 1, true) ~= nil
  end)
  local original = vim.split(read(hotline), '\n')
  local lines = vim.api.nvim_buf_get_lines(hotline_buf, 0, -1, false)
  eq(lines[1], (original[1]:gsub('%+7 495 232−10−00', '+7 495 232-10-00')), 'line 1')
  eq(lines[2], original[2], 'line 2 unchanged')
  eq(lines[3], original[3], 'line 3 unchanged')
end)

test('hover over the fixed number describes the Moscow hotline', function()
  wait(10000, 'the re-check after the edit', function()
    return #with_code(vim.diagnostic.get(hotline_buf), 'contact-format') == 3
  end)
  local line = vim.api.nvim_buf_get_lines(hotline_buf, 0, 1, false)[1]
  local col = line:find('+7 495 232-10-00', 1, true)
  local h = request(hotline_buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(hotline_buf) },
    position = { line = 0, character = col + 1 },
  })
  check(h and h.contents, 'a hover')
  local value = h.contents.value or vim.inspect(h.contents)
  check(value:find('phone.moscow', 1, true), 'the hover names phone.moscow: ' .. value)
end)

local emoji = tmp .. '/replies/emoji.txt'
local emoji_text = 'Здравствуйте! 👍🏽 Привет 🇷🇺\n👍🏽 Звоните 8 (800)234−70−70 — ответим. help@ozon.ru\n'

test('a file with emoji before a finding: the range still covers exactly the number', function()
  write(emoji, emoji_text)
  local buf = open(emoji)
  local diags = diagnostics(buf)
  local cf = with_code(diags, 'contact-format')
  eq(#cf, 1, 'one contact-format finding')
  eq(cf[1].lnum, 1, 'on line 2')
  eq(covered(buf, cf[1]), '8 (800)234−70−70', 'covered text')
  for _, d in ipairs(diags) do
    check(covered(buf, d) == '8 (800)234−70−70', d.code .. ' covers ' .. covered(buf, d))
  end
  -- Hover right after the emoji, on the number: utf-8 columns, not utf-16 ones.
  local line = vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1]
  local col = line:find('8 (800)', 1, true) - 1
  local h = request(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 1, character = col + 2 },
  })
  check(h and h.range, 'a hover with a range')
  eq(h.range.start, { line = 1, character = col }, 'hover range start (utf-8 bytes)')
  eq(h.range['end'], { line = 1, character = col + #'8 (800)234−70−70' }, 'hover range end (utf-8 bytes)')
end)

test(':MacrolintFixAll gives what `macrolint fix` gives', function()
  local buf = vim.fn.bufnr(emoji)
  vim.api.nvim_set_current_buf(buf)
  local expected = cli_fix('emoji.txt', emoji_text)
  check(expected ~= emoji_text, '`macrolint fix` changes the file')
  vim.cmd('MacrolintFixAll')
  wait(10000, 'fix-all', function()
    return buffer_text(buf) == expected
  end)
  eq(buffer_text(buf), expected, 'buffer after :MacrolintFixAll')
end)

test('completion after {{contact. offers every working catalog id', function()
  local path = tmp .. '/replies/completion.md'
  local text = 'Пишите {{contact.'
  write(path, text .. '\n')
  local buf = open(path)
  local result = request(buf, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 0, character = #text },
    context = { triggerKind = 2, triggerCharacter = '.' },
  })
  local items = result.items or result
  local labels = {}
  for _, item in ipairs(items) do
    labels[item.label] = item
  end
  local out = sh({ bin, 'catalog', '--format', 'json' })
  local catalog = vim.json.decode(out)
  local today = os.date('%Y-%m-%d')
  local expected = 0
  for _, c in ipairs(catalog.channels) do
    local since = c.since ~= vim.NIL and c.since or nil
    local outdated = (c.status == 'removed' or c.status == 'unavailable') and not (since and since > today)
    if not outdated then
      expected = expected + 1
      local item = labels[c.id]
      check(item ~= nil, 'completion offers ' .. c.id)
      check(item.textEdit.newText:sub(1, #c.id) == c.id, c.id .. ' inserts its id: ' .. item.textEdit.newText)
    end
  end
  check(expected > 10, 'the catalog has working channels')
  check(labels['email.help'] ~= nil and labels['phone.moscow'] ~= nil, 'email.help and phone.moscow')
end)

test(':checkhealth macrolint reports no error', function()
  vim.cmd('checkhealth macrolint')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  check(text:find('macrolint', 1, true), 'the health report: ' .. text)
  check(text:find('OK', 1, true), 'an OK line: ' .. text)
  check(text:find('server running', 1, true), 'the running server is listed: ' .. text)
  check(not text:find('ERROR', 1, true), 'no ERROR: ' .. text)
  vim.cmd('tabclose')
end)

-- ---------------------------------------------------------------------------------------------

for _, c in ipairs(vim.lsp.get_clients({ name = 'macrolint' })) do
  c:stop()
end
vim.wait(5000, function()
  return #vim.lsp.get_clients({ name = 'macrolint' }) == 0
end, 50)
for _, c in ipairs(vim.lsp.get_clients({ name = 'macrolint' })) do
  c:stop(true)
end
vim.fn.delete(tmp, 'rf')

io.stdout:write(('\nNeovim %s, macrolint plugin:\n%s\n'):format(tostring(vim.version()), table.concat(results, '\n')))
io.stdout:write(('nvim: %d passed, %d failed\n'):format(passed, failed))
io.stdout:flush()
os.exit(failed == 0 and 0 or 1)
