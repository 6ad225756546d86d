-- Household and member registry (农户信息库).
-- ID numbers and phones are stored only as SM4 ciphertext (*_enc) plus a keyed SM3 blind index (*_idx) for exact
-- look-up; the masked form (140430********1234) is kept for lists, exports and notices.

create table households (
  id                 bigserial primary key,
  household_no       text not null,
  county_code        varchar(6) not null,
  village_code       varchar(12) not null references areas(code),
  address            text,
  head_name          text,
  phone_enc          text,
  phone_idx          text,
  phone_masked       text,
  category           text not null default 'ordinary' check (category in ('exited','monitored','ordinary')),
  monitoring_type    text check (monitoring_type in ('unstable_exited','marginal','sudden_hardship')),
  exit_year          smallint check (exit_year between 2013 and 2030),
  is_dibao           boolean not null default false,
  is_tekun           boolean not null default false,
  is_relocated       boolean not null default false,
  has_left_behind    boolean not null default false,
  housing_rating     char(1) check (housing_rating in ('A','B','C','D')),
  housing_rated_on   date,
  water_quantity_ok  boolean,
  water_quality_ok   boolean,
  water_access_ok    boolean,
  water_supply_ok    boolean,
  income_year        smallint,
  income_wages       numeric(12,2) not null default 0,
  income_business    numeric(12,2) not null default 0,
  income_property    numeric(12,2) not null default 0,
  income_transfer    numeric(12,2) not null default 0,
  expense_business   numeric(12,2) not null default 0,
  -- Derived, never typed: kept by refresh_household_totals() after every change of members or income.
  member_count       integer not null default 0,
  per_capita_income  numeric(12,2),
  version            integer not null default 1,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  created_by         integer references users(id),
  updated_by         integer references users(id),
  unique (county_code, household_no),
  check (category <> 'monitored' or monitoring_type is not null),
  check (county_code = left(village_code, 6))
);
create index households_village_idx on households (village_code varchar_pattern_ops, id);
create index households_no_idx on households (household_no);
create index households_head_idx on households (head_name varchar_pattern_ops);
create index households_category_idx on households (category, village_code);
create index households_phone_idx on households (phone_idx);

create table members (
  id                  bigserial primary key,
  household_id        bigint not null references households(id),
  village_code        varchar(12) not null,
  id_enc              text not null,
  id_idx              text not null,
  id_masked           text not null,
  name                text not null,
  name_pinyin         text not null,
  name_initials       text not null,
  gender              char(1) not null check (gender in ('M','F')),
  birth_date          date not null,
  relation            text not null,
  ethnicity           text,
  education           text,
  school_status       text,
  health              text,
  disability_category text,
  disability_grade    smallint check (disability_grade between 1 and 4),
  labour_capacity     text,
  work_place          text,
  work_months         smallint check (work_months between 0 and 12),
  medical_insured     boolean,
  pension_insured     boolean,
  welfare_post        boolean not null default false,
  status              text not null default 'active' check (status in ('active','deceased','moved_out','married_out','other')),
  status_date         date,
  status_reason       text,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now()
);
-- A person is active in at most one household.
create unique index members_active_person_idx on members (id_idx) where status = 'active';
create index members_idx_idx on members (id_idx);
create index members_household_idx on members (household_id);
create index members_name_idx on members (name varchar_pattern_ops, village_code);
create index members_pinyin_idx on members (name_pinyin varchar_pattern_ops, village_code);
create index members_initials_idx on members (name_initials varchar_pattern_ops, village_code);
create index members_village_idx on members (village_code varchar_pattern_ops);

-- Timeline: one row per change with the household as it was after it (snapshot), so "as of a date" is one look-up.
create table household_history (
  id           bigserial primary key,
  household_id bigint not null references households(id),
  ts           timestamptz not null default now(),
  user_id      integer,
  username     text,
  action       text not null,
  summary      jsonb,
  snapshot     jsonb not null
);
create index household_history_idx on household_history (household_id, ts);

create function refresh_household_totals(ids bigint[]) returns void language sql as $$
  update households h set
    member_count = t.n,
    head_name = t.head,
    per_capita_income = case when t.n > 0
      then round((h.income_wages + h.income_business + h.income_property + h.income_transfer - h.expense_business) / t.n, 2)
      end
  from (
    select hh.id,
           count(m.id) filter (where m.status = 'active') as n,
           max(m.name) filter (where m.status = 'active' and m.relation = 'head') as head
    from households hh left join members m on m.household_id = hh.id
    where hh.id = any(ids)
    group by hh.id
  ) t
  where h.id = t.id;
$$;
