-- Appends events to the log, all or none, atomically: the epoch, the numbering, the id index, the
-- node tail stream and each topic's history with its retention, all in one step.
-- ARGV: newEpoch maxEvents maxAgeMillis maxTopics tailLength deadline count, then per event
-- topic clientId type data private iris retry reusableId (eight each, count times; iris are a
-- Mercure update's topics, LF-separated; reusableId '1' lets a Mercure publisher repeat an id).
-- Every event is checked (topic room, id unique in its topic and in the batch) before any is
-- written: an answer other than 'ok' means nothing was appended.
-- A script that runs after its deadline (Redis was stalled and the node has answered 503 by then)
-- appends nothing: a 503 means the event is not in the log.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[6]) then
  return {'late', ''}
end
local meta = 'herald:meta'
local epoch = redis.call('HGET', meta, 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', meta, 'e', epoch, 's', 0)
end
local p = 'herald:' .. epoch .. ':'
local maxEvents, maxAge = tonumber(ARGV[2]), tonumber(ARGV[3])
local count = tonumber(ARGV[7])
local topics = p .. 'topics'

-- checks first
local newTopics, fresh, seen = 0, {}, {}
for i = 0, count - 1 do
  local topic, cid, reusable = ARGV[8 + i * 8], ARGV[9 + i * 8], ARGV[15 + i * 8]
  if not fresh[topic] and redis.call('HEXISTS', topics, topic) == 0 then
    fresh[topic] = true
    newTopics = newTopics + 1
  end
  if cid ~= '' and reusable ~= '1' then
    local key = topic .. '\0' .. cid
    if seen[key] or redis.call('EXISTS', p .. 'id:' .. topic .. ':' .. cid) == 1 then
      return {'duplicate', epoch, i}
    end
    seen[key] = true
  end
end
if newTopics > 0 and redis.call('HLEN', topics) + newTopics > tonumber(ARGV[4]) then
  return {'topics', epoch}
end

-- retention: drop the oldest beyond maxEvents and any older than maxAge, with their id index
local function trim(topic, stream)
  local excess = redis.call('XLEN', stream) - maxEvents
  local oldest = now - maxAge
  local dropThrough = nil
  for _, e in ipairs(redis.call('XRANGE', stream, '-', '+', 'COUNT', math.max(excess, 0) + 8)) do
    local fields = {}
    for j = 1, #e[2], 2 do fields[e[2][j]] = e[2][j + 1] end
    if excess <= 0 and tonumber(fields['m']) >= oldest then break end
    -- a reused id names a newer event, which keeps it
    local dropKey = p .. 'id:' .. topic .. ':' .. fields['c']
    if fields['c'] ~= '' and redis.call('GET', dropKey) == string.sub(e[1], 3) then
      redis.call('DEL', dropKey)
    end
    dropThrough = e[1]
    excess = excess - 1
  end
  if dropThrough then
    local n = tonumber(string.sub(dropThrough, 3))
    redis.call('XTRIM', stream, 'MINID', '0-' .. (n + 1))
    redis.call('HSET', p .. 'dropped', topic, n)
  end
end

local answer = {'ok', epoch, now}
local touched, order = {}, {}
for i = 0, count - 1 do
  local a = 8 + i * 8
  local topic, cid, typ, data, private, iris, retry =
    ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6]
  local seq = redis.call('HINCRBY', meta, 's', 1)
  local entry = '0-' .. seq
  redis.call('XADD', p .. 'log', 'MAXLEN', '~', ARGV[5], entry,
    't', topic, 'c', cid, 'y', typ, 'd', data, 'm', now, 'p', private, 'i', iris, 'r', retry)
  local stream = p .. 't:' .. topic
  redis.call('XADD', stream, entry, 'c', cid, 'y', typ, 'd', data, 'm', now, 'p', private,
    'i', iris, 'r', retry)
  redis.call('HSET', topics, topic, seq)
  local lastId = cid
  if cid == '' then lastId = seq .. '-' .. epoch end
  redis.call('HSET', p .. 'last', topic, lastId)
  if cid ~= '' then
    redis.call('SET', p .. 'id:' .. topic .. ':' .. cid, seq, 'PX', maxAge + 60000)
  end
  if not touched[topic] then
    touched[topic] = true
    order[#order + 1] = topic
  end
  answer[#answer + 1] = seq
end
for _, topic in ipairs(order) do
  local stream = p .. 't:' .. topic
  redis.call('PEXPIRE', stream, maxAge + 60000)
  trim(topic, stream)
end
for _, key in ipairs({topics, p .. 'last', p .. 'dropped', p .. 'log'}) do
  redis.call('PEXPIRE', key, 2592000000)
end
redis.call('PEXPIRE', meta, 2592000000)
return answer
