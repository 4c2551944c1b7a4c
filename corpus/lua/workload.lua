-- The corpus's Lua workload: recursion, tables, strings, closures,
-- metatables, coroutines and errors (pcall/error/xpcall run on longjmp,
-- so on Wasm exceptions). Every result is printed.
-- usage: workload.lua [SCALE [plain]]   (default 1)
-- With "plain" it stops before coroutines and errors, which unwind with
-- longjmp: for a Lua built without exception handling.
local scale = tonumber(arg[1] or "1")
local plain = arg[2] == "plain"

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(20 + scale))

-- tables: a sieve, sorting with a comparator, table functions
local n = 20000 * scale
local composite, primes = {}, 0
for i = 2, n do
  if not composite[i] then
    primes = primes + 1
    for j = i * i, n, i do composite[j] = true end
  end
end
print("primes below", n, primes)

local seed = 42
local function rand(m) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m end
local t = {}
for i = 1, 5000 * scale do t[i] = { key = rand(100000), id = i } end
table.sort(t, function(a, b) if a.key ~= b.key then return a.key < b.key end return a.id < b.id end)
print("sorted", t[1].key, t[#t // 2].key, t[#t].key, t[1].id)
local list = {}
for i = 1, 100 do list[#list + 1] = i * i end
table.remove(list, 1); table.insert(list, 1, -1)
print("concat", table.concat(list, ",", 1, 8), select("#", table.unpack(list)))

-- strings: format, patterns, gsub with functions, byte/char, rep
local words = {}
local text = string.rep("the quick brown fox jumps over the lazy dog ", 50 * scale)
for w in text:gmatch("%a+") do words[w] = (words[w] or 0) + 1 end
local keys = {}
for k in pairs(words) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", words[k], " ") end
print()
print(string.format("%5.2f|%-6s|%x|%q|%g", math.pi, "ab", 48879, "a\nb", 1e20))
print(("hello world"):gsub("o", function(c) return c:upper() .. "!" end))
print(("%d items at %s"):format(3, "noon"), string.char(76, 117, 97), ("abc"):byte(1, -1))
print(("  trim  "):match("^%s*(.-)%s*$") .. "|", ("key=value; other=thing"):match("(%w+)=(%w+)"))

-- closures and upvalues
local function counter()
  local c = 0
  return function() c = c + 1; return c end
end
local c1, c2 = counter(), counter()
c1(); c1()
print("closures", c1(), c2())

-- metatables: a vector type with operators and __index/__tostring
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({ x = a.x + b.x, y = a.y + b.y }, V) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
function V.len2(v) return v.x * v.x + v.y * v.y end
local acc = setmetatable({ x = 0, y = 0 }, V)
for i = 1, 1000 * scale do acc = acc + setmetatable({ x = i % 7, y = -(i % 3) }, V) end
print("vector", tostring(acc), acc:len2(), acc == setmetatable({ x = acc.x, y = acc.y }, V))

if plain then
  print("gc", collectgarbage("count") > 0, collectgarbage() == 0)
  return
end

-- coroutines: a generator and a pipeline
local function gen(k)
  return coroutine.wrap(function() for i = 1, k do coroutine.yield(i * i) end end)
end
local s = 0
for v in gen(100 * scale) do s = s + v end
print("coroutine sum", s)
local co = coroutine.create(function(a, b)
  local c = coroutine.yield(a + b)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
print(coroutine.resume(co, 1, 2)); print(coroutine.resume(co, 10)); print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co), coroutine.status(co))

-- errors: pcall, error with tables, nested pcall, xpcall with a handler,
-- errors raised inside coroutines, runtime errors
print(pcall(error, "plain"))
local ok0, e0 = pcall(error, { code = 7 })
print(ok0, type(e0), e0.code)
local ok, e = pcall(function() local x = nil; return x.field end)
print(ok, (e:gsub("^.-:%d+: ", "")))
print(xpcall(function() error("deep", 0) end, function(m) return "handled: " .. m end))
local depth = 0
local function nest(k)
  if k == 0 then error("bottom") end
  local ok2, err = pcall(nest, k - 1)
  depth = depth + 1
  error(err, 0)
end
local ok4, e4 = pcall(nest, 50)
print(ok4, (e4:gsub("^.-:%d+: ", "")), depth)
local caught = 0
for i = 1, 2000 * scale do
  local ok3 = pcall(function() if i % 3 == 0 then error(i) end return i end)
  if not ok3 then caught = caught + 1 end
end
print("caught", caught)
local bad = coroutine.create(function() coroutine.yield(1); error("in coroutine", 0) end)
print(coroutine.resume(bad)); print(coroutine.resume(bad))
print(select(2, pcall(string.rep)))
print(string.format("%.14g", 0.1 + 0.2), math.maxinteger, math.mininteger, 7 // 2, 7 % -3, 2^10, 10 / 4)
print("gc", collectgarbage("count") > 0, collectgarbage() == 0)
