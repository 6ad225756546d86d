-- State transitions (状态流转记录) of records that move through steps (src/core/state-machine.ts): import jobs today,
-- the monitoring chain's identification and risk-elimination cases next. One row per transition, written in the
-- transaction that changes the record, next to its audit entry; append-only.
create table state_transitions (
  id              bigserial primary key,
  entity_type     text not null,
  entity_id       bigint not null,
  transition      text not null,
  from_state      text not null,
  to_state        text not null,
  -- null: the system (background work, the command line).
  actor_user_id   integer references users(id),
  actor_role      text,
  actor_area_code varchar(12),
  at              timestamptz not null default now(),
  reason          text,
  payload         jsonb
);
create index state_transitions_entity_idx on state_transitions (entity_type, entity_id, id);

create function state_transitions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'state_transitions is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger state_transitions_no_update before update or delete on state_transitions
  for each row execute function state_transitions_immutable();

-- The import job moves through the state machine: the version its optimistic lock compares (a state change, or its
-- files removed, bumps it).
alter table import_jobs add column version integer not null default 0;
