-- Assistance, part 2: public-welfare posts (公益岗位) and microcredit (小额信贷). Every row carries its village's code,
-- so every read and write is scoped by a code prefix (core/scope.ts).

-- A post of a village: its type (WELFARE_POST_TYPES), monthly subsidy (yuan), places and period.
create table welfare_posts (
  id               serial primary key,
  village_code     varchar(12) not null references areas(code),
  post_type        text not null,
  name             text not null,
  monthly_subsidy  numeric(12,2) not null check (monthly_subsidy > 0),
  places           integer not null check (places between 1 and 999),
  starts_on        date not null,
  ends_on          date,
  version          integer not null default 1,
  created_by       integer references users(id),
  created_at       timestamptz not null default now(),
  check (ends_on is null or ends_on >= starts_on)
);
create index welfare_posts_village_idx on welfare_posts (village_code varchar_pattern_ops, id);

-- A member hired on a post, until his exit. person_idx is the member's ID blind index (members.id_idx), never the
-- number itself: one post per person at a time, even if the person moves to another household.
create table welfare_post_hires (
  id            bigserial primary key,
  post_id       integer not null references welfare_posts(id),
  member_id     bigint not null references members(id),
  household_id  bigint not null references households(id),
  person_idx    text not null,
  village_code  varchar(12) not null,
  hired_on      date not null,
  exited_on     date,
  exit_reason   text,
  created_by    integer references users(id),
  created_at    timestamptz not null default now(),
  exited_by     integer references users(id),
  check (exited_on is null or exited_on >= hired_on),
  check ((exited_on is null) = (exit_reason is null))
);
create unique index welfare_post_hires_one_post_idx on welfare_post_hires (person_idx) where exited_on is null;
create index welfare_post_hires_post_idx on welfare_post_hires (post_id, exited_on);
create index welfare_post_hires_village_idx on welfare_post_hires (village_code varchar_pattern_ops);

-- One pay per hire (person and post) and month.
create table welfare_post_pay (
  id            bigserial primary key,
  hire_id       bigint not null references welfare_post_hires(id),
  post_id       integer not null references welfare_posts(id),
  village_code  varchar(12) not null,
  month         char(7) not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount        numeric(12,2) not null check (amount >= 0),
  over_reason   text,
  created_by    integer references users(id),
  created_at    timestamptz not null default now(),
  unique (hire_id, month)
);
create index welfare_post_pay_village_idx on welfare_post_pay (village_code varchar_pattern_ops, month);

-- A county's limits for new loans; no row: the defaults (50,000 yuan, 36 months).
create table microcredit_settings (
  county_code       varchar(6) primary key,
  max_amount        numeric(12,2) not null check (max_amount > 0),
  max_term_months   integer not null check (max_term_months between 1 and 120),
  updated_by        integer references users(id),
  updated_at        timestamptz not null default now()
);

create table microcredit_loans (
  id                bigserial primary key,
  household_id      bigint not null references households(id),
  member_id         bigint not null references members(id),
  village_code      varchar(12) not null,
  bank              text not null,
  amount            numeric(12,2) not null check (amount > 0),
  term_months       integer not null check (term_months between 1 and 120),
  rate              numeric(6,3) not null check (rate >= 0 and rate < 100),
  subsidized        boolean not null,
  subsidy_rate      numeric(6,3) check (subsidy_rate >= 0 and subsidy_rate < 100),
  purpose           text not null,
  issued_on         date not null,
  original_due_on   date not null,
  due_on            date not null,
  principal_repaid  numeric(12,2) not null default 0 check (principal_repaid >= 0 and principal_repaid <= amount),
  interest_paid     numeric(12,2) not null default 0,
  version           integer not null default 1,
  created_by        integer references users(id),
  created_at        timestamptz not null default now(),
  check (due_on >= issued_on),
  check (subsidized or subsidy_rate is null)
);
create index microcredit_loans_village_idx on microcredit_loans (village_code varchar_pattern_ops, id);
create index microcredit_loans_due_idx on microcredit_loans (due_on) where principal_repaid < amount;

create table microcredit_repayments (
  id          bigserial primary key,
  loan_id     bigint not null references microcredit_loans(id),
  paid_on     date not null,
  principal   numeric(12,2) not null check (principal >= 0),
  interest    numeric(12,2) not null check (interest >= 0),
  created_by  integer references users(id),
  created_at  timestamptz not null default now(),
  check (principal + interest > 0)
);
create index microcredit_repayments_loan_idx on microcredit_repayments (loan_id, paid_on);

-- An extension (展期): at most one per loan.
create table microcredit_extensions (
  id           bigserial primary key,
  loan_id      bigint not null unique references microcredit_loans(id),
  old_due_on   date not null,
  new_due_on   date not null,
  reason       text not null,
  created_by   integer references users(id),
  created_at   timestamptz not null default now(),
  check (new_due_on > old_due_on)
);
