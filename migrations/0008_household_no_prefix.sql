-- Search by household number as the clerk types it (a prefix: 户编号 "1404301032070" finds that village's households).
-- The plain index on household_no cannot serve `LIKE '…%'` outside the C collation, so every such search — and every
-- search for an ID number that is not in the registry, which falls through to it — read every household in scope:
-- 12 ms at 37,000 households, ~120 ms at 375,000, and 65 requests/s with 20 clerks searching at once (issue 3).
create index households_no_prefix_idx on households (household_no text_pattern_ops);
