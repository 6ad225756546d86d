-- Assistance (帮扶): one household, one plan (一户一策) — a county's measure catalogue and a household's measures —,
-- helpers (帮扶责任人) paired with households, their visits, and the visit schedule of a county.

-- The measure catalogue of a county: items grouped by the national system's groups (产业, 就业, …). A county starts
-- with one item per group (copied at its first read) and its administrator adds, renames or retires items.
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
