-- 0014-export-k: k of the figures' suppression is never below 5 (issue 12: "k is not a
-- coordinator's choice"). With k = 2, "<2" meant exactly 1. The trigger that lets only an
-- administrator change it is in functions/stats.sql.

-- A setting below 5 becomes 5: the figures of every later export are at least as safe as the
-- default promised. The audit log records the change like any other (actor: the migration).
UPDATE setting SET value = '5', version = version + 1, updated_at = now()
 WHERE key = 'export.k' AND value ~ '^[0-9]{1,3}$' AND value::int < 5;

ALTER TABLE setting DROP CONSTRAINT setting_stats_check;
ALTER TABLE setting ADD CONSTRAINT setting_stats_check CHECK (
    key NOT LIKE 'export.%' AND key NOT LIKE 'stats.%' OR CASE
        WHEN value !~ '^[0-9]{1,3}$' THEN false
        WHEN key = 'export.k' THEN value::int BETWEEN 5 AND 99
        WHEN key IN ('stats.hours_avoided.politie', 'stats.hours_avoided.woningcorporatie',
                     'stats.hours_avoided.gemeente') THEN value::int BETWEEN 1 AND 999
        ELSE false END);
