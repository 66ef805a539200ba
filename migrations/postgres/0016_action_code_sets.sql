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
-- when the bit is new; the upsert locks the row either way); removing or
-- moving one locks the customer's row of that day, then reads the set
-- again from the log, so it sees every action committed before it. The
-- trigger on customer_action_days moves its customer from the old set's
-- count to the new one; `shard` (the customer id mod 8) spreads one day's
-- count of a set, so concurrent customers do not queue on one row lock,
-- and keeps each customer's part in one shard.
CREATE TABLE customer_action_days (
    company_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    codes BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, customer_id)
);

CREATE TABLE action_code_set_days (
    company_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    codes BIGINT NOT NULL,
    shard BIGINT NOT NULL,
    customers BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, codes, shard)
);

-- Writers of actions wait from here until the trigger below exists (the
-- migration is one transaction), so no row is written between the count
-- and the trigger and missed by both.
LOCK TABLE actions IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO customer_action_days (company_id, day, customer_id, codes)
SELECT company_id, (created_at / 1000 + 28800) / 86400, customer_id, bit_or(1::BIGINT << code::INT)
FROM actions WHERE code BETWEEN 0 AND 62 GROUP BY 1, 2, 3;

INSERT INTO action_code_set_days (company_id, day, codes, shard, customers)
SELECT company_id, day, codes, customer_id % 8, COUNT(*) FROM customer_action_days
GROUP BY 1, 2, 3, 4;

CREATE FUNCTION action_code_sets_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d BIGINT;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        d := (OLD.created_at / 1000 + 28800) / 86400;
        PERFORM 1 FROM customer_action_days
        WHERE company_id = OLD.company_id AND day = d AND customer_id = OLD.customer_id
        FOR UPDATE;
        UPDATE customer_action_days SET codes = (
            SELECT COALESCE(bit_or(1::BIGINT << a.code::INT), 0) FROM actions a
            WHERE a.company_id = OLD.company_id AND a.customer_id = OLD.customer_id
              AND a.code BETWEEN 0 AND 62
              AND a.created_at >= (d * 86400 - 28800) * 1000 AND a.created_at < (d * 86400 + 57600) * 1000)
        WHERE company_id = OLD.company_id AND day = d AND customer_id = OLD.customer_id;
        DELETE FROM customer_action_days
        WHERE company_id = OLD.company_id AND day = d AND customer_id = OLD.customer_id AND codes = 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.code BETWEEN 0 AND 62 THEN
        INSERT INTO customer_action_days AS k (company_id, day, customer_id, codes)
        VALUES (NEW.company_id, (NEW.created_at / 1000 + 28800) / 86400, NEW.customer_id, 1::BIGINT << NEW.code::INT)
        ON CONFLICT (company_id, day, customer_id) DO UPDATE SET codes = k.codes | excluded.codes
        WHERE k.codes & excluded.codes = 0;
    END IF;
    RETURN NULL;
END
$$;

-- Triggers of one event fire in the order of their names: this one
-- ("action_c…") before action_days_count, so the shared row of the day's
-- total is locked last and held for the shortest time.
CREATE TRIGGER action_code_sets_keep AFTER INSERT OR DELETE OR UPDATE OF company_id, customer_id, code, created_at
ON actions FOR EACH ROW EXECUTE FUNCTION action_code_sets_keep();

CREATE FUNCTION action_code_set_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE action_code_set_days SET customers = customers - 1
        WHERE company_id = OLD.company_id AND day = OLD.day AND codes = OLD.codes
          AND shard = OLD.customer_id % 8;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO action_code_set_days AS s (company_id, day, codes, shard, customers)
        VALUES (NEW.company_id, NEW.day, NEW.codes, NEW.customer_id % 8, 1)
        ON CONFLICT (company_id, day, codes, shard) DO UPDATE SET customers = s.customers + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER action_code_set_days_count AFTER INSERT OR DELETE ON customer_action_days
FOR EACH ROW EXECUTE FUNCTION action_code_set_days_count();

CREATE TRIGGER action_code_set_days_move AFTER UPDATE OF codes ON customer_action_days
FOR EACH ROW WHEN (OLD.codes <> NEW.codes) EXECUTE FUNCTION action_code_set_days_count();
