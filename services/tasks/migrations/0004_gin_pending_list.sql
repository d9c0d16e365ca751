-- New rows enter a GIN index through its pending list, which every search reads in full until
-- (auto)vacuum merges it. The default 4 MB list made searches several times slower after a burst
-- of creates; at 256 kB the insert that fills it merges it instead, a few milliseconds now and
-- then in exchange for searches that stay fast.
ALTER INDEX tasks_title_trgm_idx SET (gin_pending_list_limit = 256);
ALTER INDEX tasks_description_trgm_idx SET (gin_pending_list_limit = 256);
