-- Rollback for 15_flyway_multiline_quotes.sql: the up file only runs queries and creates
-- nothing, so there is nothing to drop.
DO 0;
