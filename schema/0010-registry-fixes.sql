-- 0010-registry-fixes: registry fixes (issue 4). Placeholder while it is being written.
SELECT 1;
