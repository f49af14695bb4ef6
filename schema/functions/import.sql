-- import: what `bbctl import cases` asks of the database (lib/import/write.c): moving the
-- imported cases through their statuses by the database's own rules and dating their history.
-- revision: 1
--
-- The current definition of every function here (schema/README.md): to change one, edit it
-- here and raise the revision; `bbctl db migrate` then runs this file again.

-- The cases p_cases, just inserted as 'aangemeld', go through the statuses of p_steps (an
-- n x 4 array, NULL after the last) one UPDATE per step, so every trigger checks them as it
-- checks any client's move (case_check, case_check_melder, case_log_event writes the events).
-- The first step records the intake decision (p_suitable, p_intake_on, p_intake_reason), the
-- step to 'afgesloten' the outcome and closing date. Then the events get the imported dates
-- (noon, in the session's time zone): the creation the report's, the closing the closing
-- date's, every other step the intake's (the old register has no other date), and the ids
-- p_created and p_closed, under which libbb stored their notes (the closing reason that
-- case_check_close_reason asks for at the commit).
CREATE OR REPLACE FUNCTION bb_import_history(p_cases uuid[], p_steps text[], p_suitable boolean[],
    p_intake_on date[], p_intake_reason text[], p_outcome text[], p_closed_on date[],
    p_created uuid[], p_closed uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    n int := cardinality(p_cases);
BEGIN
    FOR k IN 1..4 LOOP
        UPDATE bb_case c
           SET status = s.step,
               intake_suitable = CASE WHEN k = 1 THEN s.suitable ELSE c.intake_suitable END,
               intake_on = CASE WHEN k = 1 THEN s.intake_on ELSE c.intake_on END,
               intake_reason = CASE WHEN k = 1 THEN s.intake_reason ELSE c.intake_reason END,
               outcome = CASE WHEN s.step = 'afgesloten' THEN s.outcome END,
               closed_on = CASE WHEN s.step = 'afgesloten' THEN s.closed_on END
          FROM unnest(p_cases, p_steps[1:n][k:k], p_suitable, p_intake_on, p_intake_reason,
                      p_outcome, p_closed_on)
               AS s(id, step, suitable, intake_on, intake_reason, outcome, closed_on)
         WHERE c.id = s.id AND s.step IS NOT NULL;
    END LOOP;
    UPDATE case_event e
       SET at = (CASE WHEN e.from_status IS NULL THEN c.reported_on
                      WHEN e.to_status = 'afgesloten' THEN c.closed_on
                      ELSE coalesce(c.intake_on, c.reported_on) END) + time '12:00',
           id = CASE WHEN e.from_status IS NULL THEN s.created
                     WHEN e.to_status = 'afgesloten' THEN s.closed ELSE e.id END
      FROM unnest(p_cases, p_created, p_closed) AS s(id, created, closed), bb_case c
     WHERE c.id = s.id AND e.case_id = s.id;
END $$;
