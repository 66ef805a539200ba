-- New customers (the Boss radar) kept as customers are first seen: per
-- company and local day of `created_at` (days since 1970-01-01 in UTC+8,
-- as action_days), the customers. A count or a daily series of new
-- customers over whole days is then a row a day instead of a range of the
-- customers. Kept by the trigger below in the transaction of every insert,
-- delete or move (company or time) of a customer. `shard` (the customer id
-- mod 8) spreads one day's row, so concurrent first visits do not queue on
-- one row lock.
CREATE TABLE new_customer_days (
    company_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    shard BIGINT NOT NULL,
    customers BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, shard)
);

-- Writers of customers wait from here until the trigger below exists (the
-- migration is one transaction), so no row is written between the count
-- and the trigger and missed by both.
LOCK TABLE customers IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO new_customer_days (company_id, day, shard, customers)
SELECT company_id, (created_at / 1000 + 28800) / 86400, id % 8, COUNT(*)
FROM customers GROUP BY 1, 2, 3;

CREATE FUNCTION new_customer_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE new_customer_days SET customers = customers - 1
        WHERE company_id = OLD.company_id AND day = (OLD.created_at / 1000 + 28800) / 86400
          AND shard = OLD.id % 8;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO new_customer_days (company_id, day, shard, customers)
        VALUES (NEW.company_id, (NEW.created_at / 1000 + 28800) / 86400, NEW.id % 8, 1)
        ON CONFLICT (company_id, day, shard) DO UPDATE
        SET customers = new_customer_days.customers + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER new_customer_days_count AFTER INSERT OR DELETE OR UPDATE OF company_id, created_at
ON customers FOR EACH ROW EXECUTE FUNCTION new_customer_days_count();
