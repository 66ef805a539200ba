-- Company-wide statistics (the Boss radar) over ~1M actions per company.
--
-- action_days: the number of actions per company, local day and code,
-- kept by the trigger below in the transaction of every insert, delete or
-- re-dating of an action, so a count over whole days reads a few rows per
-- day instead of the log, and is exactly as current as the log. `day` is
-- the local calendar day as days since 1970-01-01, in the host's fixed
-- local time (UTC+8, crate::local_time). `shard` (the action id mod 8)
-- spreads one day's hot row over several, so concurrent inserts do not
-- queue on one row lock.
CREATE TABLE action_days (
    company_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    code BIGINT NOT NULL,
    shard BIGINT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, code, shard)
);

INSERT INTO action_days (company_id, day, code, shard, events)
SELECT company_id, (created_at / 1000 + 28800) / 86400, code, id % 8, COUNT(*)
FROM actions GROUP BY 1, 2, 3, 4;

CREATE FUNCTION action_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE action_days SET events = events - 1
        WHERE company_id = OLD.company_id AND day = (OLD.created_at / 1000 + 28800) / 86400
          AND code = OLD.code AND shard = OLD.id % 8;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO action_days (company_id, day, code, shard, events)
        VALUES (NEW.company_id, (NEW.created_at / 1000 + 28800) / 86400, NEW.code, NEW.id % 8, 1)
        ON CONFLICT (company_id, day, code, shard) DO UPDATE SET events = action_days.events + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER action_days_count AFTER INSERT OR DELETE OR UPDATE OF company_id, code, created_at
ON actions FOR EACH ROW EXECUTE FUNCTION action_days_count();

-- Company-wide reads by time; the trailing columns make the distinct
-- customer counts and per-user groups index-only.
CREATE INDEX actions_by_company_code ON actions (company_id, code, created_at, customer_id);
CREATE INDEX chat_by_company_time ON chat_messages (company_id, send_type, created_at, customer_id, user_id);
-- All-time distinct customers, read in customer order.
CREATE INDEX chat_by_company_customer ON chat_messages (company_id, send_type, customer_id);
CREATE INDEX follow_infos_by_company_time ON follow_infos (company_id, created_at, user_id, customer_id);
CREATE INDEX customers_by_created ON customers (company_id, created_at);
CREATE INDEX relations_by_created ON relations (company_id, created_at, user_id, customer_id);
CREATE INDEX relations_by_pr ON relations (company_id, expected_pr, user_id);
