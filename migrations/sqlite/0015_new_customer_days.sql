-- New customers (the Boss radar) kept as customers are first seen: per
-- company and local day of `created_at` (days since 1970-01-01 in UTC+8,
-- as action_days), the customers. A count or a daily series of new
-- customers over whole days is then a row a day instead of a range of the
-- customers. Kept by the triggers below in the transaction of every
-- insert, delete or move (company or time) of a customer. `shard` is 0 on
-- SQLite, which has one writer; it spreads one day's row on PostgreSQL.
CREATE TABLE new_customer_days (
    company_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    customers INTEGER NOT NULL,
    PRIMARY KEY (company_id, day, shard)
);

INSERT INTO new_customer_days (company_id, day, shard, customers)
SELECT company_id, (created_at / 1000 + 28800) / 86400, 0, COUNT(*)
FROM customers GROUP BY company_id, (created_at / 1000 + 28800) / 86400;

CREATE TRIGGER new_customer_days_insert AFTER INSERT ON customers BEGIN
    INSERT INTO new_customer_days (company_id, day, shard, customers)
    VALUES (NEW.company_id, (NEW.created_at / 1000 + 28800) / 86400, 0, 1)
    ON CONFLICT (company_id, day, shard) DO UPDATE SET customers = customers + 1;
END;

CREATE TRIGGER new_customer_days_delete AFTER DELETE ON customers BEGIN
    UPDATE new_customer_days SET customers = customers - 1
    WHERE company_id = OLD.company_id AND day = (OLD.created_at / 1000 + 28800) / 86400
      AND shard = 0;
END;

CREATE TRIGGER new_customer_days_update AFTER UPDATE OF company_id, created_at ON customers BEGIN
    UPDATE new_customer_days SET customers = customers - 1
    WHERE company_id = OLD.company_id AND day = (OLD.created_at / 1000 + 28800) / 86400
      AND shard = 0;
    INSERT INTO new_customer_days (company_id, day, shard, customers)
    VALUES (NEW.company_id, (NEW.created_at / 1000 + 28800) / 86400, 0, 1)
    ON CONFLICT (company_id, day, shard) DO UPDATE SET customers = customers + 1;
END;
