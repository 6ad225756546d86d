-- Import jobs can be cancelled (取消导入) before the commit starts, and their files are removed after a retention period.
-- States: uploaded → checking → checked → importing → done | failed, and uploaded | checking | checked → cancelled.

alter table import_jobs drop constraint import_jobs_state_check;
alter table import_jobs add constraint import_jobs_state_check
  check (state in ('uploaded','checking','checked','importing','done','failed','cancelled'));

-- When the uploaded file and the report were deleted (cancel, or IMPORT_RETENTION_DAYS after the job's last change).
-- The job's record, counts and problems stay; the report can no longer be downloaded, the job no longer committed.
alter table import_jobs add column files_removed_at timestamptz;

-- Cancelled is final. A dry run still working in the background when its job is cancelled may try to finish
-- ("checked") or fail ("failed"): refused here, whatever the code path, so a cancelled job never comes back.
create function import_jobs_cancelled_is_final() returns trigger language plpgsql as $$
begin
  raise exception 'import job % was cancelled', old.id using errcode = '55000';
end $$;
create trigger import_jobs_cancelled_is_final
  before update of state on import_jobs
  for each row when (old.state = 'cancelled' and new.state is distinct from 'cancelled')
  execute function import_jobs_cancelled_is_final();
