-- Separation of duties (三员分立, issue 14): a security administrator (安全保密管理员) manages the auditors' accounts,
-- and no administrator ever sets or sees an auditor's or a security administrator's password.
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in
  ('county_admin','county_reviewer','township_reviewer','village_clerk','helper','dept_officer','auditor','security_admin'));

-- A one-time activation code: the account's owner signs in only after choosing his password with it. Only the code's
-- SM3 hash is stored; one per account (a new one replaces the old), deleted when used, refused after its expiry or
-- after too many wrong tries. While a row exists the account's password_hash is a marker no password matches.
create table activation_codes (
  user_id     integer primary key references users(id) on delete cascade,
  code_hash   text not null,
  expires_at  timestamptz not null,
  failures    integer not null default 0,
  created_by  integer references users(id),
  created_at  timestamptz not null default now()
);
