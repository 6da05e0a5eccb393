-- The log's epoch and last sequence number, starting a new epoch if Redis has none.
-- ARGV: newEpoch
local epoch = redis.call('HGET', 'herald:meta', 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', 'herald:meta', 'e', epoch, 's', 0)
end
return {epoch, redis.call('HGET', 'herald:meta', 's')}
