-- Foundation: administrative areas, accounts, sessions, the audit chain, settings.

-- Areas carry the official 12-digit statistical code (统计用区划代码). A subtree is a code prefix:
-- province 2 digits, city 4, county 6, township 9, village 12 — so scope checks are index range scans.
create table areas (
  code        varchar(12) primary key check (code ~ '^\d{12}$'),
  name        text not null,
  level       smallint not null check (level between 1 and 5),
  parent_code varchar(12) references areas(code),
  created_at  timestamptz not null default now()
);
create index areas_parent_idx on areas (parent_code);
create index areas_code_prefix_idx on areas (code varchar_pattern_ops);
create index areas_name_idx on areas (name varchar_pattern_ops);

create table users (
  id                   serial primary key,
  username             text not null unique check (username ~ '^[a-zA-Z0-9_.-]{3,32}$'),
  display_name         text not null,
  password_hash        text not null,
  role                 text not null check (role in ('county_admin','county_reviewer','township_reviewer','village_clerk','helper','dept_officer','auditor')),
  area_code            varchar(12) not null references areas(code),
  department           text,
  phone                text,
  status               text not null default 'active' check (status in ('active','disabled')),
  must_change_password boolean not null default true,
  failed_logins        integer not null default 0,
  locked_until         timestamptz,
  last_login_at        timestamptz,
  password_changed_at  timestamptz,
  created_at           timestamptz not null default now(),
  created_by           integer references users(id)
);
create index users_area_idx on users (area_code varchar_pattern_ops);

-- The cookie holds a random token; the table holds only its SM3 hash, so a leaked table opens no session.
create table sessions (
  id           text primary key,
  user_id      integer not null references users(id) on delete cascade,
  csrf_token   text not null,
  created_at   timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  ip           text,
  user_agent   text
);
create index sessions_user_idx on sessions (user_id);

-- Append-only, hash-chained audit log. seq is assigned under an advisory lock (no gaps, no forks);
-- hash = SM3(prev_hash || canonical content).
create table audit_log (
  seq         bigint primary key,
  ts          timestamptz not null,
  user_id     integer,
  username    text,
  ip          text,
  action      text not null,
  target_type text,
  target_id   text,
  outcome     text not null check (outcome in ('ok','fail')),
  detail      jsonb,
  prev_hash   text not null,
  hash        text not null
);
create index audit_ts_idx on audit_log (ts);
create index audit_user_idx on audit_log (username, ts);
create index audit_action_idx on audit_log (action, ts);
create index audit_target_idx on audit_log (target_type, target_id);

create function audit_log_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_immutable();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_immutable();
revoke update, delete, truncate on audit_log from public;

create table settings (
  key        text primary key,
  value      jsonb not null,
  updated_at timestamptz not null default now()
);

-- The actor's area, so an auditor sees the entries of users in his own subtree.
alter table audit_log add column area_code varchar(12);
create index audit_area_idx on audit_log (area_code varchar_pattern_ops, seq);
