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
-- second a row per prior day of U's customers. Kept by the triggers below
-- on every change of customer_last_days. `shard` is 0 on SQLite, which
-- has one writer.
CREATE TABLE last_day_counts (
    company_id INTEGER NOT NULL,
    log INTEGER NOT NULL,
    last_day INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    customers INTEGER NOT NULL,
    PRIMARY KEY (company_id, log, last_day, shard)
);

CREATE TABLE prior_day_counts (
    company_id INTEGER NOT NULL,
    log INTEGER NOT NULL,
    last_day INTEGER NOT NULL,
    prior_day INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    customers INTEGER NOT NULL,
    PRIMARY KEY (company_id, log, last_day, prior_day, shard)
);

INSERT INTO last_day_counts (company_id, log, last_day, shard, customers)
SELECT company_id, log, last_day, 0, COUNT(*) FROM customer_last_days
GROUP BY company_id, log, last_day;

INSERT INTO prior_day_counts (company_id, log, last_day, prior_day, shard, customers)
SELECT company_id, log, last_day, prior_day, 0, COUNT(*) FROM customer_last_days
WHERE prior_day IS NOT NULL GROUP BY company_id, log, last_day, prior_day;

CREATE TRIGGER last_day_counts_insert AFTER INSERT ON customer_last_days BEGIN
    INSERT INTO last_day_counts (company_id, log, last_day, shard, customers)
    VALUES (NEW.company_id, NEW.log, NEW.last_day, 0, 1)
    ON CONFLICT (company_id, log, last_day, shard) DO UPDATE SET customers = customers + 1;
    INSERT INTO prior_day_counts (company_id, log, last_day, prior_day, shard, customers)
    SELECT NEW.company_id, NEW.log, NEW.last_day, NEW.prior_day, 0, 1 WHERE NEW.prior_day IS NOT NULL
    ON CONFLICT (company_id, log, last_day, prior_day, shard) DO UPDATE SET customers = customers + 1;
END;

CREATE TRIGGER last_day_counts_delete AFTER DELETE ON customer_last_days BEGIN
    UPDATE last_day_counts SET customers = customers - 1
    WHERE company_id = OLD.company_id AND log = OLD.log AND last_day = OLD.last_day AND shard = 0;
    UPDATE prior_day_counts SET customers = customers - 1
    WHERE company_id = OLD.company_id AND log = OLD.log AND last_day = OLD.last_day
      AND prior_day = OLD.prior_day AND shard = 0;
END;

CREATE TRIGGER last_day_counts_update AFTER UPDATE OF company_id, log, last_day, prior_day ON customer_last_days
WHEN OLD.company_id <> NEW.company_id OR OLD.log <> NEW.log OR OLD.last_day <> NEW.last_day
    OR OLD.prior_day IS NOT NEW.prior_day BEGIN
    UPDATE last_day_counts SET customers = customers - 1
    WHERE company_id = OLD.company_id AND log = OLD.log AND last_day = OLD.last_day AND shard = 0;
    UPDATE prior_day_counts SET customers = customers - 1
    WHERE company_id = OLD.company_id AND log = OLD.log AND last_day = OLD.last_day
      AND prior_day = OLD.prior_day AND shard = 0;
    INSERT INTO last_day_counts (company_id, log, last_day, shard, customers)
    VALUES (NEW.company_id, NEW.log, NEW.last_day, 0, 1)
    ON CONFLICT (company_id, log, last_day, shard) DO UPDATE SET customers = customers + 1;
    INSERT INTO prior_day_counts (company_id, log, last_day, prior_day, shard, customers)
    SELECT NEW.company_id, NEW.log, NEW.last_day, NEW.prior_day, 0, 1 WHERE NEW.prior_day IS NOT NULL
    ON CONFLICT (company_id, log, last_day, prior_day, shard) DO UPDATE SET customers = customers + 1;
END;

-- Read through the counts above only.
DROP INDEX customer_last_days_by_day;
