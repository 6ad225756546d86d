-- Sign-in hardening (issue 14).

-- When an account's failures were last counted: a count older than the lock window starts again (the same window
-- as the record of unknown names below, so both behave alike).
alter table users add column last_failed_login_at timestamptz;

-- Failed sign-ins under names that are no account, so that an unknown name answers and locks exactly like a real one
-- (no user-name enumeration). Keyed by the name as the look-up reads it; a record older than the lock window means
-- nothing any more and is deleted as new names arrive (login.ts), and the table is kept to a bounded size.
create table login_failures (
  name           text primary key,
  failures       integer not null,
  locked_until   timestamptz,
  last_failed_at timestamptz not null default now()
);
create index login_failures_last_idx on login_failures (last_failed_at);

-- The hashes of a user's previous passwords (the current one is users.password_hash): a new password may not be
-- any of the last five. Trimmed to the newest four at every change.
create table password_history (
  id            bigserial primary key,
  user_id       integer not null references users(id) on delete cascade,
  password_hash text not null,
  created_at    timestamptz not null default now()
);
create index password_history_user_idx on password_history (user_id, id desc);
