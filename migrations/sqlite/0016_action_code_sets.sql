-- Distinct customers of any set of action codes per day (the Boss radar's
-- daily visitors) kept as actions are recorded.
--
-- customer_action_days: per company, local day (days since 1970-01-01 in
-- UTC+8, as action_days) and customer, the set of codes of the customer's
-- actions that day as a bit mask (bit `code`; codes 0 to 62, the ones a
-- 64-bit integer holds; other codes are not kept here).
--
-- action_code_set_days: per company, day and code set, the customers
-- whose set that day is exactly it. The customers with an action of codes
-- C on a day are the sum over the day's sets that share a bit with C: a
-- few rows a day (the sets that occur) instead of a DISTINCT over the log.
--
-- An action adds its bit to its customer's set of the day (a write only
-- when the bit is new); removing or moving one reads the customer's set of
-- that day again from the log. The triggers on customer_action_days move
-- its customer from the old set's count to the new one. `shard` is 0 on
-- SQLite, which has one writer.
CREATE TABLE customer_action_days (
    company_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    codes INTEGER NOT NULL,
    PRIMARY KEY (company_id, day, customer_id)
);

CREATE TABLE action_code_set_days (
    company_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    codes INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    customers INTEGER NOT NULL,
    PRIMARY KEY (company_id, day, codes, shard)
);

-- A sum of distinct powers of two is their bitwise or.
INSERT INTO customer_action_days (company_id, day, customer_id, codes)
SELECT company_id, day, customer_id, SUM(bit) FROM (
    SELECT DISTINCT company_id, (created_at / 1000 + 28800) / 86400 AS day, customer_id, 1 << code AS bit
    FROM actions WHERE code BETWEEN 0 AND 62
) GROUP BY company_id, day, customer_id;

INSERT INTO action_code_set_days (company_id, day, codes, shard, customers)
SELECT company_id, day, codes, 0, COUNT(*) FROM customer_action_days
GROUP BY company_id, day, codes;

CREATE TRIGGER customer_action_days_insert AFTER INSERT ON actions
WHEN NEW.code BETWEEN 0 AND 62 BEGIN
    INSERT INTO customer_action_days (company_id, day, customer_id, codes)
    VALUES (NEW.company_id, (NEW.created_at / 1000 + 28800) / 86400, NEW.customer_id, 1 << NEW.code)
    ON CONFLICT (company_id, day, customer_id) DO UPDATE SET codes = codes | excluded.codes
    WHERE codes & excluded.codes = 0;
END;

CREATE TRIGGER customer_action_days_delete AFTER DELETE ON actions
WHEN OLD.code BETWEEN 0 AND 62 BEGIN
    UPDATE customer_action_days SET codes = (
        SELECT COALESCE(SUM(DISTINCT 1 << a.code), 0) FROM actions a
        WHERE a.company_id = OLD.company_id AND a.customer_id = OLD.customer_id
          AND a.code BETWEEN 0 AND 62
          AND a.created_at >= ((OLD.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
          AND a.created_at < ((OLD.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
    WHERE company_id = OLD.company_id AND day = (OLD.created_at / 1000 + 28800) / 86400
      AND customer_id = OLD.customer_id;
    DELETE FROM customer_action_days
    WHERE company_id = OLD.company_id AND day = (OLD.created_at / 1000 + 28800) / 86400
      AND customer_id = OLD.customer_id AND codes = 0;
END;

-- A move: the old customer and day read again (the row already moved),
-- then the new code added.
CREATE TRIGGER customer_action_days_update AFTER UPDATE OF company_id, customer_id, code, created_at ON actions BEGIN
    UPDATE customer_action_days SET codes = (
        SELECT COALESCE(SUM(DISTINCT 1 << a.code), 0) FROM actions a
        WHERE a.company_id = OLD.company_id AND a.customer_id = OLD.customer_id
          AND a.code BETWEEN 0 AND 62
          AND a.created_at >= ((OLD.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
          AND a.created_at < ((OLD.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
    WHERE company_id = OLD.company_id AND day = (OLD.created_at / 1000 + 28800) / 86400
      AND customer_id = OLD.customer_id;
    DELETE FROM customer_action_days
    WHERE company_id = OLD.company_id AND day = (OLD.created_at / 1000 + 28800) / 86400
      AND customer_id = OLD.customer_id AND codes = 0;
    INSERT INTO customer_action_days (company_id, day, customer_id, codes)
    SELECT NEW.company_id, (NEW.created_at / 1000 + 28800) / 86400, NEW.customer_id, 1 << NEW.code
    WHERE NEW.code BETWEEN 0 AND 62
    ON CONFLICT (company_id, day, customer_id) DO UPDATE SET codes = codes | excluded.codes
    WHERE codes & excluded.codes = 0;
END;

CREATE TRIGGER action_code_set_days_insert AFTER INSERT ON customer_action_days BEGIN
    INSERT INTO action_code_set_days (company_id, day, codes, shard, customers)
    VALUES (NEW.company_id, NEW.day, NEW.codes, 0, 1)
    ON CONFLICT (company_id, day, codes, shard) DO UPDATE SET customers = customers + 1;
END;

CREATE TRIGGER action_code_set_days_delete AFTER DELETE ON customer_action_days BEGIN
    UPDATE action_code_set_days SET customers = customers - 1
    WHERE company_id = OLD.company_id AND day = OLD.day AND codes = OLD.codes AND shard = 0;
END;

CREATE TRIGGER action_code_set_days_update AFTER UPDATE OF codes ON customer_action_days
WHEN OLD.codes <> NEW.codes BEGIN
    UPDATE action_code_set_days SET customers = customers - 1
    WHERE company_id = OLD.company_id AND day = OLD.day AND codes = OLD.codes AND shard = 0;
    INSERT INTO action_code_set_days (company_id, day, codes, shard, customers)
    VALUES (NEW.company_id, NEW.day, NEW.codes, 0, 1)
    ON CONFLICT (company_id, day, codes, shard) DO UPDATE SET customers = customers + 1;
END;
