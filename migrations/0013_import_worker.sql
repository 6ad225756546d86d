-- The process running an import job (issue 14, crash safety): "<host>:<pid>:<process start>". A server that starts
-- finds a job left checking or importing by a process of its host that is gone and marks it interrupted at once (its
-- transaction was rolled back); a job of another host is still judged by its age.
alter table import_jobs add column worker text;
