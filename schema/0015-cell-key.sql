-- 0015-cell-key: record keys for the cell-key method (issue 12; docs/metrics.md, "Disclosure
-- control"). Every case, referral and volunteer gets a random record key from 0 to 255 when
-- it is made (existing rows get theirs here); a published count's cell key is the sum of the
-- record keys of what it counts, modulo 256, and chooses its noise. A record key is plain, not
-- personal, and never changes (stats-upkeep.sql's trigger record_key_fixed).

ALTER TABLE bb_case ADD COLUMN record_key smallint NOT NULL
    DEFAULT floor(random() * 256)::smallint CHECK (record_key BETWEEN 0 AND 255);
ALTER TABLE referral ADD COLUMN record_key smallint NOT NULL
    DEFAULT floor(random() * 256)::smallint CHECK (record_key BETWEEN 0 AND 255);
ALTER TABLE volunteer ADD COLUMN record_key smallint NOT NULL
    DEFAULT floor(random() * 256)::smallint CHECK (record_key BETWEEN 0 AND 255);

-- The figures' tables carry them: stat_case the case's key, stat_day the sum of the keys of
-- the cases behind each row's n (open: added on the day a case enters a status, subtracted on
-- the day it leaves it). The per-day sums are made again from stat_case by stats-upkeep.sql
-- (it finds stat_day empty), which knows the facts; here they are only emptied. The copy of
-- the keys into stat_case changes no fact, so stat_day's triggers rest while it runs.
ALTER TABLE stat_case ADD COLUMN record_key smallint NOT NULL DEFAULT 0;
ALTER TABLE stat_case DISABLE TRIGGER stat_day_update;
UPDATE stat_case s SET record_key = c.record_key FROM bb_case c WHERE c.id = s.case_id;
ALTER TABLE stat_case ENABLE ALWAYS TRIGGER stat_day_update;

ALTER TABLE stat_day ADD COLUMN key_sum bigint NOT NULL DEFAULT 0;
TRUNCATE stat_day;

-- A cell's key travels with it through the figures' functions.
ALTER TYPE bb_stat_cell ADD ATTRIBUTE cell_key bigint, ADD ATTRIBUTE top numeric;
