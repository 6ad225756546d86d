-- The monitoring chain (防止返贫致贫监测): policies by place and year, the income form, cases moving through the
-- identification and risk-elimination steps (core/state-machine.ts), and the monitoring records they produce.

-- A policy (监测政策) of a province (area_level 1) or a county (3) for a year. Never updated: a change is a new
-- version, so a case that stored the id of the version it was decided under keeps it.
create table monitoring_policies (
  id                serial primary key,
  area_code         varchar(12) not null,
  -- 0: the national default (area 000000000000), 1: a province, 3: a county.
  area_level        smallint not null check (area_level in (0, 1, 3)),
  year              integer not null check (year between 2000 and 2100),
  version           integer not null,
  effective_from    date not null,
  monitoring_line   numeric(12,2) not null check (monitoring_line > 0),
  categories        jsonb not null,
  risk_types        jsonb not null,
  notice_days       integer not null check (notice_days between 1 and 60),
  time_limit        integer not null check (time_limit between 1 and 365),
  time_unit         text not null check (time_unit in ('calendar', 'working')),
  step_limits       jsonb not null,
  stability_months  integer not null check (stability_months between 0 and 60),
  holidays          jsonb not null default '[]',
  workdays          jsonb not null default '[]',
  created_by        integer references users(id),
  created_at        timestamptz not null default now(),
  unique (area_code, year, version)
);
create index monitoring_policies_area_idx on monitoring_policies (area_code, effective_from desc, version desc);

-- 收支核算: one income form of a household (past 12 months, yuan); per_capita_net is computed by the server.
create table income_forms (
  id                  bigserial primary key,
  household_id        bigint not null references households(id),
  case_id             bigint,
  recorded_on         date not null,
  wages               numeric(12,2) not null,
  business            numeric(12,2) not null,
  property            numeric(12,2) not null,
  transfers           numeric(12,2) not null,
  insurance_payouts   numeric(12,2) not null,
  business_expenses   numeric(12,2) not null,
  self_paid_medical   numeric(12,2) not null,
  self_paid_schooling numeric(12,2) not null,
  self_paid_other     numeric(12,2) not null,
  household_size      integer not null check (household_size between 1 and 99),
  per_capita_net      numeric(12,2) not null,
  created_by          integer references users(id),
  created_at          timestamptz not null default now()
);
create index income_forms_household_idx on income_forms (household_id, recorded_on desc, id desc);

-- A case: identification (识别) or risk elimination (风险消除) of one household.
create table monitoring_cases (
  id                bigserial primary key,
  case_no           text not null unique,
  kind              text not null check (kind in ('identification', 'elimination')),
  elimination_kind  text check (elimination_kind in ('assisted', 'natural')),
  -- null: a self-declaration no household of the registry matched yet (the clerk links it at the visit).
  household_id      bigint references households(id),
  village_code      varchar(12) not null,
  channel           text not null check (channel in ('self', 'inspection', 'warning', 'hotline')),
  clue              text not null,
  hotline           text,
  state             text not null,
  version           integer not null default 0,
  policy_id         integer not null references monitoring_policies(id),
  opened_at         timestamptz not null,
  opened_by         integer references users(id),
  due_on            date not null,
  step_started_on   date not null,
  step_due_on       date not null,
  returned_reason   text,
  visit             jsonb,
  comparison        jsonb,
  appraisal         jsonb,
  notice            jsonb,
  township          jsonb,
  county            jsonb,
  applicant_name    text,
  applicant_id_idx  text,
  applicant_id_enc  text,
  applicant_phone_enc text,
  closed_at         timestamptz,
  outcome           text check (outcome in ('approved', 'rejected'))
);
-- One open case per household.
create unique index monitoring_cases_open_idx on monitoring_cases (household_id) where closed_at is null;
create index monitoring_cases_village_idx on monitoring_cases (village_code varchar_pattern_ops, state) where closed_at is null;
create index monitoring_cases_household_idx on monitoring_cases (household_id, id);
create index monitoring_cases_applicant_idx on monitoring_cases (applicant_id_idx, opened_at);

create table monitoring_case_counters (
  county_code varchar(6) not null,
  year        integer not null,
  last        integer not null,
  primary key (county_code, year)
);

-- The household is monitored (监测对象) from `since` until a risk-elimination case ends it.
create table monitoring_records (
  id              bigserial primary key,
  household_id    bigint not null references households(id),
  case_id         bigint not null references monitoring_cases(id),
  category        text not null,
  risk_types      jsonb not null,
  since           date not null,
  ended_on        date,
  end_case_id     bigint references monitoring_cases(id),
  end_kind        text check (end_kind in ('assisted', 'natural'))
);
create unique index monitoring_records_current_idx on monitoring_records (household_id) where ended_on is null;

-- The national default (2021: 6,000 yuan) with the 2026 holiday calendar (国务院办公厅 notice): every value a
-- province or county does not set comes from here. Categories and risk types are code tables a policy may edit.
insert into monitoring_policies (area_code, area_level, year, version, effective_from, monitoring_line, categories, risk_types,
  notice_days, time_limit, time_unit, step_limits, stability_months, holidays, workdays)
values ('000000000000', 0, 2021, 1, '2021-01-01', 6000,
  '[{"code":"unstable_exited","zh":"脱贫不稳定户","en":"Unstable exited household"},
    {"code":"marginal","zh":"边缘易致贫户","en":"Marginal household at risk"},
    {"code":"sudden_hardship","zh":"突发严重困难户","en":"Household in sudden severe hardship"}]',
  '[{"code":"illness","zh":"因病","en":"Illness"},{"code":"schooling","zh":"因学","en":"Schooling"},
    {"code":"disability","zh":"因残","en":"Disability"},{"code":"disaster","zh":"因自然灾害","en":"Natural disaster"},
    {"code":"accident","zh":"因意外事故","en":"Accident"},{"code":"industry_failure","zh":"因产业项目失败","en":"Failed industry project"},
    {"code":"unstable_employment","zh":"因务工就业不稳","en":"Unstable employment"},{"code":"lack_of_labour","zh":"缺劳动力","en":"Lack of labour"},
    {"code":"housing","zh":"住房安全","en":"Unsafe housing"},{"code":"water","zh":"饮水安全","en":"Drinking water"},
    {"code":"rigid_spending","zh":"刚性支出过大","en":"Excessive rigid spending"},{"code":"other","zh":"其他","en":"Other"}]',
  5, 15, 'calendar',
  '{"visit":2,"comparison":1,"appraisal":2,"notice":6,"township_review":2,"county_approval":2}',
  6,
  '["2026-01-01","2026-01-02","2026-01-03","2026-02-15","2026-02-16","2026-02-17","2026-02-18","2026-02-19","2026-02-20",
    "2026-02-21","2026-02-22","2026-02-23","2026-04-04","2026-04-05","2026-04-06","2026-05-01","2026-05-02","2026-05-03",
    "2026-05-04","2026-05-05","2026-06-19","2026-06-20","2026-06-21","2026-09-25","2026-09-26","2026-09-27","2026-10-01",
    "2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"]',
  '["2026-01-04","2026-02-14","2026-02-28","2026-05-09","2026-09-20","2026-10-10"]');
