-- The due date each reminder was last sent for: a reminder goes out once per task per due date,
-- and changing the due date re-arms it (the stored value no longer matches).
ALTER TABLE tasks
    ADD COLUMN due_soon_sent_for TIMESTAMPTZ,
    ADD COLUMN overdue_sent_for  TIMESTAMPTZ;

-- Open tasks with a due date, the only ones the reminder scan looks at.
CREATE INDEX tasks_open_due_idx ON tasks (due_date)
    WHERE due_date IS NOT NULL AND status IN ('todo', 'in_progress', 'review');
