-- The step an import job is at (导入步骤), for its progress bar: which part of the dry run or the commit is running,
-- since when, and for the index builds how many of how many are done. {"name", "at", "done"?, "total"?}; null before
-- the first step and after the job ends. Rows read and written stay in their own columns.
alter table import_jobs add column step jsonb;
