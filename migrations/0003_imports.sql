-- Household and member import (农户信息导入): one row per uploaded file, its dry run and its commit.
-- States: uploaded → checking → checked → importing → done | failed. The validated rows of a job live in an unlogged
-- staging table import_stage.job_<id> between the dry run and the commit (ciphertext and blind index only, never a
-- plain ID number); it is dropped when the job is done.

create table import_jobs (
  id             bigserial primary key,
  kind           text not null default 'households' check (kind in ('households')),
  state          text not null default 'uploaded'
                 check (state in ('uploaded','checking','checked','importing','done','failed')),
  file_name      text not null,
  file_path      text not null,
  file_size      bigint not null,
  file_type      text check (file_type in ('csv','xlsx')),
  encoding       text,
  sheet_name     text,
  header_row     integer,
  -- The column mapping the dry run used: [{index, header, field}], and the user's adjustments (header → field).
  mapping        jsonb,
  mapping_override jsonb,
  mode           text check (mode in ('all_or_nothing','valid_only')),
  -- Who imports: the job is visible in the subtree of area_code; actor is the session user at upload time.
  area_code      varchar(12) not null,
  area_level     smallint not null,
  created_by     integer references users(id),
  actor          jsonb,
  rows_total     integer,
  rows_checked   integer not null default 0,
  rows_written   integer not null default 0,
  bytes_read     bigint not null default 0,
  counts         jsonb,
  problems       jsonb,
  report_path    text,
  error_code     text,
  error_message  text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  checked_at     timestamptz,
  finished_at    timestamptz
);
create index import_jobs_area_idx on import_jobs (area_code varchar_pattern_ops, id);
create index import_jobs_state_idx on import_jobs (state, updated_at);

-- Saved column mappings (导入模板): header text → field, shared in the subtree of area_code.
create table import_templates (
  id          serial primary key,
  name        text not null check (length(name) between 1 and 60),
  area_code   varchar(12) not null,
  area_level  smallint not null,
  mapping     jsonb not null,
  header_row  integer,
  created_by  integer references users(id),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  unique (area_code, name)
);

create schema if not exists import_stage;
