-- Appends one event to the log, atomically: the epoch, the numbering, the id index, the node tail
-- stream and the topic's history with its retention, all in one step.
-- ARGV: newEpoch topic clientId type data maxEvents maxAgeMillis maxTopics tailLength deadline private
--       iris (a Mercure update's topics, LF-separated) retry reusableId
-- A script that runs after its deadline (Redis was stalled and the node has answered 503 by then)
-- appends nothing: a 503 means the event is not in the log.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[10]) then
  return {'late', ''}
end
local meta = 'herald:meta'
local epoch = redis.call('HGET', meta, 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', meta, 'e', epoch, 's', 0)
end
local p = 'herald:' .. epoch .. ':'
local topic, cid = ARGV[2], ARGV[3]
local maxEvents, maxAge = tonumber(ARGV[6]), tonumber(ARGV[7])
local topics = p .. 'topics'
local last = redis.call('HGET', topics, topic)
if not last then
  if redis.call('HLEN', topics) >= tonumber(ARGV[8]) then
    return {'topics', epoch}
  end
  last = '0'
end
local idKey = p .. 'id:' .. topic .. ':' .. cid
if cid ~= '' and ARGV[14] ~= '1' and redis.call('EXISTS', idKey) == 1 then
  return {'duplicate', epoch}
end
local seq = redis.call('HINCRBY', meta, 's', 1)
local entry = '0-' .. seq
redis.call('XADD', p .. 'log', 'MAXLEN', '~', ARGV[9], entry,
  't', topic, 'c', cid, 'y', ARGV[4], 'd', ARGV[5], 'm', now, 'p', ARGV[11], 'i', ARGV[12],
  'r', ARGV[13])
local stream = p .. 't:' .. topic
redis.call('XADD', stream, entry, 'c', cid, 'y', ARGV[4], 'd', ARGV[5], 'm', now, 'p', ARGV[11],
  'i', ARGV[12], 'r', ARGV[13])
redis.call('PEXPIRE', stream, maxAge + 60000)
redis.call('HSET', topics, topic, seq)
local lastId = cid
if cid == '' then lastId = seq .. '-' .. epoch end
redis.call('HSET', p .. 'last', topic, lastId)
if cid ~= '' then
  redis.call('SET', idKey, seq, 'PX', maxAge + 60000)
end
-- retention: drop the oldest beyond maxEvents and any older than maxAge, with their id index
local excess = redis.call('XLEN', stream) - maxEvents
local oldest = now - maxAge
local dropThrough = nil
for _, e in ipairs(redis.call('XRANGE', stream, '-', '+', 'COUNT', math.max(excess, 0) + 8)) do
  local fields = {}
  for i = 1, #e[2], 2 do fields[e[2][i]] = e[2][i + 1] end
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
for _, key in ipairs({topics, p .. 'last', p .. 'dropped', p .. 'log'}) do
  redis.call('PEXPIRE', key, 2592000000)
end
redis.call('PEXPIRE', meta, 2592000000)
return {'ok', epoch, seq, now}
