-- The customers of a chat or follow-up log over whole days (the Boss
-- radar's windows) as a sum of a few counts instead of a range of
-- customer_last_days, whose rows these count:
--
-- last_day_counts: per company, log and last day, the customers whose
-- last day in the log it is;
-- prior_day_counts: per company, log, last day and prior day, the
-- customers with those two days (none without a prior day).
--
-- The customers with a row in the days [S, U) are those with a last day
-- in [S, U), and those whose last day is U with a prior day of at least S
-- (see migration 0013): the first are a row a day of the window, the
-- second a row per prior day of U's customers. Kept by the trigger below
-- on every change of customer_last_days. `shard` (the customer id mod 8)
-- spreads one day's count, so concurrent customers do not queue on one
-- row lock, and keeps each customer's part in one shard.
CREATE TABLE last_day_counts (
    company_id BIGINT NOT NULL,
    log BIGINT NOT NULL,
    last_day BIGINT NOT NULL,
    shard BIGINT NOT NULL,
    customers BIGINT NOT NULL,
    PRIMARY KEY (company_id, log, last_day, shard)
);

CREATE TABLE prior_day_counts (
    company_id BIGINT NOT NULL,
    log BIGINT NOT NULL,
    last_day BIGINT NOT NULL,
    prior_day BIGINT NOT NULL,
    shard BIGINT NOT NULL,
    customers BIGINT NOT NULL,
    PRIMARY KEY (company_id, log, last_day, prior_day, shard)
);

-- Writers of customer_last_days wait from here until the trigger below exists (the
-- migration is one transaction), so no row is written between the count
-- and the trigger and missed by both.
LOCK TABLE customer_last_days IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO last_day_counts (company_id, log, last_day, shard, customers)
SELECT company_id, log, last_day, customer_id % 8, COUNT(*) FROM customer_last_days
GROUP BY 1, 2, 3, 4;

INSERT INTO prior_day_counts (company_id, log, last_day, prior_day, shard, customers)
SELECT company_id, log, last_day, prior_day, customer_id % 8, COUNT(*) FROM customer_last_days
WHERE prior_day IS NOT NULL GROUP BY 1, 2, 3, 4, 5;

CREATE FUNCTION last_day_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE last_day_counts SET customers = customers - 1
        WHERE company_id = OLD.company_id AND log = OLD.log AND last_day = OLD.last_day
          AND shard = OLD.customer_id % 8;
        UPDATE prior_day_counts SET customers = customers - 1
        WHERE company_id = OLD.company_id AND log = OLD.log AND last_day = OLD.last_day
          AND prior_day = OLD.prior_day AND shard = OLD.customer_id % 8;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO last_day_counts AS k (company_id, log, last_day, shard, customers)
        VALUES (NEW.company_id, NEW.log, NEW.last_day, NEW.customer_id % 8, 1)
        ON CONFLICT (company_id, log, last_day, shard) DO UPDATE SET customers = k.customers + 1;
        IF NEW.prior_day IS NOT NULL THEN
            INSERT INTO prior_day_counts AS k (company_id, log, last_day, prior_day, shard, customers)
            VALUES (NEW.company_id, NEW.log, NEW.last_day, NEW.prior_day, NEW.customer_id % 8, 1)
            ON CONFLICT (company_id, log, last_day, prior_day, shard) DO UPDATE SET customers = k.customers + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER last_day_counts_keep AFTER INSERT OR DELETE ON customer_last_days
FOR EACH ROW EXECUTE FUNCTION last_day_counts_keep();

CREATE TRIGGER last_day_counts_move AFTER UPDATE ON customer_last_days
FOR EACH ROW WHEN (OLD.company_id <> NEW.company_id OR OLD.log <> NEW.log OR OLD.last_day <> NEW.last_day
    OR OLD.prior_day IS DISTINCT FROM NEW.prior_day OR OLD.customer_id <> NEW.customer_id)
EXECUTE FUNCTION last_day_counts_keep();

-- Read through the counts above only.
DROP INDEX customer_last_days_by_day;
