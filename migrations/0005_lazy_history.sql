-- Imports at a million rows (issue 3).
--
-- 1. A timeline entry written by an import carries no snapshot (null): the household stays as the import left it
--    until its next change, so "as of" reads the household itself, and the next change first fills the entry with
--    the household as it still is (history.ts settleHistory; set-based in the import's commit). Building a million
--    members' JSON snapshots was the import's most expensive statement.
alter table household_history alter column snapshot drop not null;

-- 2. One index for a person's ID number instead of two: the look-up (any status) and the rule "active in at most one
--    household" (every active row of a person maps to the same key 0; other rows to their own id). One index fewer
--    for every member written.
drop index if exists members_active_person_idx;
drop index if exists members_idx_idx;
create unique index members_person_idx on members (id_idx, (case when status = 'active' then 0 else id end));
