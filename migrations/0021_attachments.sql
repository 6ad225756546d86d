-- Attachments (附件): the signed authorisation of a home visit, its photos, an appraisal's minutes, later the
-- assistance's photos. Generic: a row belongs to an area (the record's village, for scope), a purpose (what it may be
-- and how large), its uploader, and, once the record it was uploaded for is saved, that record (linked_to).
--
-- The bytes are kept here, in bytea, not on disk: one database is the whole state of a county's system, so one
-- backup (pg_dump, the embedded cluster's copy) holds the records and the documents they cite, restored together and
-- never out of step; no second store to secure, back up and clean. The files are small (≤ 10 MB, photos a few
-- hundred KB) and few per case. Their formats are compressed already, so the column is stored out of line without
-- TOAST compression (EXTERNAL).
create table attachments (
  id            bigserial primary key,
  -- The id the API shows: 128 random bits (base64url). Never the serial, so ids cannot be counted or guessed.
  token         text not null unique,
  owner_id      integer not null references users(id),
  -- The area of the record it belongs to (a village code): who may see it is decided by this.
  area_code     varchar(12) not null,
  purpose       text not null,
  -- The file's name as uploaded, made storable (no NUL, no lone surrogate, no path), for display only.
  name          text not null,
  -- Sniffed from the bytes, never taken from the name or the client's header.
  content_type  text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size          integer not null check (size > 0),
  sha256        text not null,
  content       bytea not null,
  created_at    timestamptz not null default now(),
  -- The record it is part of, e.g. 'monitoring_case:42'; null until that record is saved (then removed after a day).
  linked_to     text,
  linked_at     timestamptz
);
alter table attachments alter column content set storage external;
create index attachments_unlinked_idx on attachments (created_at) where linked_to is null;
create index attachments_linked_idx on attachments (linked_to) where linked_to is not null;
