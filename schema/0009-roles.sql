-- 0009-roles: roles and row-level security (issue 7). Placeholder while it is being written.
SELECT 1;
