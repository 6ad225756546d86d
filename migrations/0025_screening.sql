-- 部门筛查预警: department datasets (versioned, immutable once submitted), matching runs against the registry, the
-- review queue of fuzzy candidates, remembered pairs, rules (versioned per county) and warnings back to the villages.
-- ID numbers only as SM4 ciphertext + blind index + masked copy, as the registry stores them.

create table screening_datasets (
  id bigserial primary key,
  area_code varchar(12) not null references areas(code),
  area_level smallint not null,
  department text not null,
  template text not null,
  period char(7) not null check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  version int not null,
  state text not null default 'draft' check (state in ('draft', 'submitted', 'superseded', 'discarded')),
  file_name text not null,
  file_path text,
  file_type text,
  header_row int,
  mapping jsonb not null default '{}',
  file_problems jsonb not null default '[]',
  row_count int not null default 0,
  error_rows int not null default 0,
  warning_rows int not null default 0,
  uploaded_by bigint not null references users(id),
  created_at timestamptz not null default now(),
  submitted_by bigint references users(id),
  submitted_at timestamptz,
  unique (area_code, template, period, version)
);
create index screening_datasets_area_idx on screening_datasets (area_code varchar_pattern_ops, department, period);
-- At most one submitted (current) version of a month per area and template.
create unique index screening_datasets_current_idx on screening_datasets (area_code, template, period) where state = 'submitted';

create table screening_rows (
  id bigserial primary key,
  dataset_id bigint not null references screening_datasets(id),
  row_no int not null,
  name text,
  name_pinyin text,
  id_enc text,
  id_idx text,
  id_masked text,
  birth_date date,
  gender char(1),
  village_code varchar(12),
  data jsonb not null default '{}',
  problems jsonb not null default '[]',
  has_error boolean not null default false,
  pair_key text
);
create index screening_rows_dataset_idx on screening_rows (dataset_id, row_no);

-- A submitted dataset and its rows never change (a correction is a new version).
create function screening_immutable() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'screening_rows' then
    if exists (select 1 from screening_datasets d where d.id = coalesce(old.dataset_id, new.dataset_id) and d.state <> 'draft') then
      raise exception 'screening dataset % is submitted and cannot change', coalesce(old.dataset_id, new.dataset_id) using errcode = 'check_violation';
    end if;
    return coalesce(new, old);
  end if;
  if tg_op = 'DELETE' and old.state <> 'draft' then
    raise exception 'screening dataset % is submitted and cannot be deleted', old.id using errcode = 'check_violation';
  end if;
  if tg_op = 'UPDATE' and old.state <> 'draft' then
    -- Only its state may move on: submitted → superseded.
    if not (old.state = 'submitted' and new.state = 'superseded'
            and (to_jsonb(new) - 'state') = (to_jsonb(old) - 'state')) then
      raise exception 'screening dataset % is submitted and cannot change', old.id using errcode = 'check_violation';
    end if;
  end if;
  return coalesce(new, old);
end $$;
create trigger screening_datasets_immutable before update or delete on screening_datasets for each row execute function screening_immutable();
create trigger screening_rows_immutable before insert or update or delete on screening_rows for each row execute function screening_immutable();

-- The column mapping a department last used for a template (per area).
create table screening_mappings (
  area_code varchar(12) not null,
  department text not null,
  template text not null,
  mapping jsonb not null,
  header_row int,
  updated_by bigint references users(id),
  updated_at timestamptz not null default now(),
  primary key (area_code, department, template)
);

create table screening_runs (
  id bigserial primary key,
  dataset_id bigint not null references screening_datasets(id),
  area_code varchar(12) not null,
  state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
  step text,
  total int not null default 0,
  done int not null default 0,
  exact int not null default 0,
  remembered int not null default 0,
  candidates int not null default 0,
  unmatched int not null default 0,
  warnings int not null default 0,
  review_threshold numeric(4, 3) not null default 0.7,
  auto_threshold numeric(4, 3) not null default 0.98,
  error_code text,
  started_by bigint references users(id),
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index screening_runs_area_idx on screening_runs (area_code varchar_pattern_ops, id);
create unique index screening_runs_active_idx on screening_runs (dataset_id) where state in ('queued', 'running');

create table screening_matches (
  run_id bigint not null references screening_runs(id) on delete cascade,
  row_id bigint not null references screening_rows(id),
  status text not null check (status in ('exact', 'remembered', 'auto', 'confirmed', 'candidate', 'unmatched')),
  member_id bigint references members(id),
  household_id bigint references households(id),
  score numeric(4, 3),
  reason text,
  primary key (run_id, row_id)
);

create table screening_candidates (
  id bigserial primary key,
  run_id bigint not null references screening_runs(id) on delete cascade,
  row_id bigint not null references screening_rows(id),
  member_id bigint not null references members(id),
  score numeric(4, 3) not null,
  basis text not null,
  state text not null default 'pending' check (state in ('pending', 'confirmed', 'rejected')),
  decided_by bigint references users(id),
  decided_at timestamptz,
  unique (run_id, row_id, member_id)
);
create index screening_candidates_run_idx on screening_candidates (run_id, state);

-- A reviewer's decision on a (department person, registry member) pair, remembered for later runs of the area.
create table screening_pairs (
  area_code varchar(12) not null,
  pair_key text not null,
  member_id bigint not null references members(id),
  decision text not null check (decision in ('confirmed', 'rejected')),
  decided_by bigint references users(id),
  decided_at timestamptz not null default now(),
  primary key (area_code, pair_key, member_id)
);

-- Rules: every change a new version; the newest version of a rule is in force for the county.
create table screening_rules (
  id bigserial primary key,
  county_code varchar(12) not null,
  rule text not null,
  version int not null,
  enabled boolean not null,
  params jsonb not null,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  unique (county_code, rule, version)
);

create table screening_warnings (
  id bigserial primary key,
  county_code varchar(12) not null,
  village_code varchar(12) not null,
  rule text not null,
  rule_version int not null,
  kind text not null check (kind in ('risk', 'correction', 'policy')),
  department text not null,
  dataset_id bigint not null references screening_datasets(id),
  run_id bigint not null references screening_runs(id),
  row_id bigint not null references screening_rows(id),
  member_id bigint not null references members(id),
  household_id bigint not null references households(id),
  fingerprint text not null,
  clue text not null,
  due_on date not null,
  state text not null default 'open' check (state in ('open', 'case_opened', 'dismissed', 'corrected')),
  handled_by bigint references users(id),
  handled_at timestamptz,
  reason text,
  case_id bigint,
  created_at timestamptz not null default now(),
  unique (county_code, fingerprint)
);
create index screening_warnings_village_idx on screening_warnings (village_code varchar_pattern_ops, state, due_on);
create index screening_warnings_dataset_idx on screening_warnings (dataset_id);

-- Fuzzy matching looks up registry members by birth date inside an area.
create index members_birth_idx on members (birth_date, village_code);
