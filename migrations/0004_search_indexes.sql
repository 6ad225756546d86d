-- Search at city scale (issue 3): the member indexes carry household_id so a name, pinyin or initials search is an
-- index-only scan that hands the households a short list of ids; the households' covering index lets the list sort
-- and filter those ids by household number without visiting the table.
drop index if exists members_name_idx;
drop index if exists members_pinyin_idx;
drop index if exists members_initials_idx;
drop index if exists members_village_idx;
create index members_name_idx on members (name varchar_pattern_ops, village_code) include (household_id);
create index members_pinyin_idx on members (name_pinyin varchar_pattern_ops, village_code) include (household_id);
create index members_initials_idx on members (name_initials varchar_pattern_ops, village_code) include (household_id);
-- A search inside one village (a village clerk, or the village filter): the village's few hundred entries, filtered
-- in the index.
create index members_village_idx on members (village_code varchar_pattern_ops) include (household_id, name_initials, name_pinyin);
create index households_list_idx on households (id) include (household_no, village_code, category, is_dibao, is_tekun, is_relocated, has_left_behind);
