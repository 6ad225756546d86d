-- Assistance (帮扶): one household, one plan (一户一策) — a county's measure catalogue and a household's measures —,
-- helpers (帮扶责任人) paired with households, their visits, and the visit schedule of a county.

-- The measure catalogue of a county: items grouped by the national system's groups (产业, 就业, …). The national
-- catalogue (county_code 000000, one item per group) serves every county until its administrator first changes it:
-- the county then gets its own copy to add to, rename or retire.
create table assistance_catalogue (
  id           serial primary key,
  county_code  varchar(6) not null,
  grp          text not null check (grp in ('industry', 'employment', 'finance', 'welfare_post', 'health', 'compulsory_education',
                 'other_education', 'social_security', 'housing', 'water', 'social_help', 'relocation', 'living_conditions', 'other')),
  name         text not null check (length(name) between 1 and 60),
  sort         integer not null default 0,
  active       boolean not null default true,
  created_at   timestamptz not null default now(),
  unique (county_code, name)
);
insert into assistance_catalogue (county_code, grp, name, sort) values
  ('000000', 'industry', '产业帮扶', 10), ('000000', 'employment', '就业帮扶', 20), ('000000', 'finance', '金融帮扶（小额信贷）', 30),
  ('000000', 'welfare_post', '公益岗位帮扶', 40), ('000000', 'health', '健康帮扶', 50), ('000000', 'compulsory_education', '义务教育保障', 60),
  ('000000', 'other_education', '其他教育帮扶（雨露计划）', 70), ('000000', 'social_security', '综合保障（低保、特困、临时救助）', 80),
  ('000000', 'housing', '住房安全保障', 90), ('000000', 'water', '饮水安全保障', 100), ('000000', 'social_help', '社会帮扶', 110),
  ('000000', 'relocation', '搬迁后续扶持', 120), ('000000', 'living_conditions', '生产生活条件改善', 130), ('000000', 'other', '其他', 140);

-- A measure of a household's plan.
create table assistance_measures (
  id            bigserial primary key,
  household_id  bigint not null references households(id),
  village_code  varchar(12) not null,
  catalogue_id  integer not null references assistance_catalogue(id),
  grp           text not null,
  risk_type     text,
  content       text not null check (length(content) between 1 and 2000),
  start_on      date not null,
  end_on        date not null,
  amount        numeric(12,2) not null default 0 check (amount >= 0 and amount <= 10000000),
  department    text,
  member_ids    jsonb not null default '[]',
  done_on       date,
  version       integer not null default 0,
  created_by    integer references users(id),
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  check (end_on >= start_on),
  check (done_on is null or done_on >= start_on)
);
create index assistance_measures_household_idx on assistance_measures (household_id, start_on);
create index assistance_measures_village_idx on assistance_measures (village_code varchar_pattern_ops, end_on) where done_on is null;

-- A helper paired with a household: one current pairing (ended_on null) per household, the earlier ones kept.
create table assistance_assignments (
  id            bigserial primary key,
  household_id  bigint not null references households(id),
  village_code  varchar(12) not null,
  helper_id     integer not null references users(id),
  assigned_on   date not null,
  assigned_by   integer references users(id),
  ended_on      date,
  ended_by      integer references users(id),
  created_at    timestamptz not null default now()
);
create unique index assistance_assignments_current_idx on assistance_assignments (household_id) where ended_on is null;
create index assistance_assignments_helper_idx on assistance_assignments (helper_id) where ended_on is null;
create index assistance_assignments_village_idx on assistance_assignments (village_code varchar_pattern_ops) where ended_on is null;

-- A helper's visit (走访). client_id: made by the phone when the visit is written, so a visit sent twice (a lost
-- answer, the outbox sent again) is stored once.
create table assistance_visits (
  id            bigserial primary key,
  client_id     uuid not null unique,
  household_id  bigint not null references households(id),
  village_code  varchar(12) not null,
  helper_id     integer not null references users(id),
  visited_on    date not null,
  met           text not null,
  situation     text not null,
  changes       jsonb not null,
  needs         text,
  -- Attachment ids (the attachment store's), the photos of the visit.
  photos        jsonb not null default '[]',
  new_risk      boolean not null default false,
  case_id       bigint references monitoring_cases(id),
  created_at    timestamptz not null default now()
);
create index assistance_visits_household_idx on assistance_visits (household_id, visited_on desc);

-- A county's visit schedule (走访频次), in months: monitored households, exited households (脱贫户), households with
-- left-behind elderly or children (留守). No row: the defaults (1, 3, 1).
create table assistance_settings (
  county_code          varchar(6) primary key,
  monitored_months     integer not null default 1 check (monitored_months between 1 and 12),
  exited_months        integer not null default 3 check (exited_months between 1 and 12),
  left_behind_months   integer not null default 1 check (left_behind_months between 1 and 12),
  updated_by           integer references users(id),
  updated_at           timestamptz not null default now()
);
