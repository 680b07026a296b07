-- The relay counts dead events and prunes delivered ones; both by index, not by scanning the
-- whole outbox.
CREATE INDEX outbox_dead ON learning.outbox (id) WHERE dead_time IS NOT NULL;
CREATE INDEX outbox_delivered ON learning.outbox (delivered_time) WHERE delivered_time IS NOT NULL;
