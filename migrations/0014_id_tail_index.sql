-- Search by the last characters of an ID number (issue 15: clerks type "246X" from a paper roll). The masked number
-- the lists already show keeps the last four in the clear (140430********246X), so an index on them exposes nothing
-- new; the full number stays encrypted.
create index members_id_tail on members (right(id_masked, 4), village_code);
