-- Company-wide counts of the customers' chat and follow-up logs (the Boss
-- radar) kept as rows are written, so they are exactly as current as the
-- logs. `log` names the log: 1 the messages radar users wrote, 2 the
-- messages customers wrote (the messages' send_type; no other is written,
-- and one would count nowhere), 3 follow-up notes.
--
-- customer_days: per company, log and local day (days since 1970-01-01
-- in UTC+8, as action_days): the rows, and the customers among them, each
-- counted by their first row of that day in that log; so a daily series
-- of distinct customers is a few rows a day.
--
-- user_log_days: per company, log, local day and radar user: the rows;
-- so a count per user over whole days is a row a day and user. One user's
-- rows are written at a person's pace, so their row needs no shards.
--
-- customer_last_days: per company, log and customer: the last local day
-- with a row and the last day before it. The customers with a row in the
-- whole days [S, U) are those whose latest day before U is at least S:
-- last_day when it is before U, prior_day when last_day is U. That is a
-- range count of this table instead of a DISTINCT over the log.
--
-- The triggers below keep all three in the transaction of every insert,
-- delete or move (company, direction, user, customer or time) of a
-- message or note.
-- `shard` (the row id mod 8; 0 for the rows counted when this migration
-- ran) keeps concurrent writers of one day off one row lock; a day's
-- numbers are the sums over its shards, so a shard may hold a negative
-- part of them. Each trigger
-- locks the customer's customer_last_days row before it looks for their
-- other rows of the day, so two writers of one customer's rows take turns
-- and the second sees the first's row.
CREATE TABLE customer_days (
    company_id BIGINT NOT NULL,
    log BIGINT NOT NULL,
    day BIGINT NOT NULL,
    shard BIGINT NOT NULL,
    events BIGINT NOT NULL,
    customers BIGINT NOT NULL,
    PRIMARY KEY (company_id, log, day, shard)
);

CREATE TABLE user_log_days (
    company_id BIGINT NOT NULL,
    log BIGINT NOT NULL,
    day BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (company_id, log, day, user_id)
);

CREATE TABLE customer_last_days (
    company_id BIGINT NOT NULL,
    log BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    last_day BIGINT NOT NULL,
    prior_day BIGINT,
    PRIMARY KEY (company_id, log, customer_id)
);
CREATE INDEX customer_last_days_by_day ON customer_last_days (company_id, log, last_day, prior_day);

-- One customer's rows of a log by time: the triggers' look-ups (and, for
-- messages, all-time distinct customers in customer order, as before).
CREATE INDEX chat_by_company_customer_time ON chat_messages (company_id, send_type, customer_id, created_at);
DROP INDEX chat_by_company_customer;
CREATE INDEX follow_infos_by_customer ON follow_infos (company_id, customer_id, created_at);

INSERT INTO user_log_days (company_id, log, day, user_id, events)
SELECT company_id, send_type, (created_at / 1000 + 28800) / 86400, user_id, COUNT(*)
FROM chat_messages
WHERE send_type IN (1, 2) GROUP BY company_id, send_type, (created_at / 1000 + 28800) / 86400, user_id;

INSERT INTO customer_days (company_id, log, day, shard, events, customers)
SELECT company_id, send_type, (created_at / 1000 + 28800) / 86400, 0, COUNT(*), COUNT(DISTINCT customer_id)
FROM chat_messages
WHERE send_type IN (1, 2) GROUP BY company_id, send_type, (created_at / 1000 + 28800) / 86400;

INSERT INTO customer_last_days (company_id, log, customer_id, last_day, prior_day)
SELECT company_id, send_type, customer_id, (MAX(created_at) / 1000 + 28800) / 86400, NULL
FROM chat_messages
WHERE send_type IN (1, 2) GROUP BY company_id, send_type, customer_id;

INSERT INTO user_log_days (company_id, log, day, user_id, events)
SELECT company_id, 3, (created_at / 1000 + 28800) / 86400, user_id, COUNT(*)
FROM follow_infos GROUP BY company_id, (created_at / 1000 + 28800) / 86400, user_id;

INSERT INTO customer_days (company_id, log, day, shard, events, customers)
SELECT company_id, 3, (created_at / 1000 + 28800) / 86400, 0, COUNT(*), COUNT(DISTINCT customer_id)
FROM follow_infos GROUP BY company_id, (created_at / 1000 + 28800) / 86400;

INSERT INTO customer_last_days (company_id, log, customer_id, last_day, prior_day)
SELECT company_id, 3, customer_id, (MAX(created_at) / 1000 + 28800) / 86400, NULL
FROM follow_infos GROUP BY company_id, customer_id;

UPDATE customer_last_days c SET prior_day = (
    SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM chat_messages m
    WHERE m.company_id = c.company_id AND m.send_type = c.log AND m.customer_id = c.customer_id
      AND m.created_at < (c.last_day * 86400 - 28800) * 1000
) WHERE c.log IN (1, 2);

UPDATE customer_last_days c SET prior_day = (
    SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM follow_infos m
    WHERE m.company_id = c.company_id AND m.customer_id = c.customer_id
      AND m.created_at < (c.last_day * 86400 - 28800) * 1000
) WHERE c.log = 3;

-- The triggers run before each row is written, so the look-ups of a
-- statement writing several rows (a multi-row insert, a cascade of
-- deletes) see the rows it wrote before this one and none after, as
-- SQLite's row triggers do. A row removed (or moved away): the customer's
-- row locked first (see above), its day's events taken back, and its
-- customer when no other row of theirs falls on that day; the customer's
-- days read again from their other rows (gone with the last one). A row
-- added (or moved in): the customer's days moved forward, then its day's
-- events, and its customer when no other row of theirs falls on that day.
-- Each look-up leaves the row itself out, so a move within one day and
-- customer changes no count.
CREATE FUNCTION chat_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d BIGINT;
    other BOOLEAN;
    latest BIGINT;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.send_type IN (1, 2) THEN
        d := (OLD.created_at / 1000 + 28800) / 86400;
        UPDATE user_log_days SET events = events - 1
        WHERE company_id = OLD.company_id AND log = OLD.send_type AND day = d AND user_id = OLD.user_id;
        PERFORM 1 FROM customer_last_days
        WHERE company_id = OLD.company_id AND log = OLD.send_type AND customer_id = OLD.customer_id
        FOR UPDATE;
        other := EXISTS (SELECT 1 FROM chat_messages m WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id AND m.id <> OLD.id
            AND m.created_at >= (d * 86400 - 28800) * 1000 AND m.created_at < (d * 86400 + 57600) * 1000);
        -- A negative upsert: the shard may hold no row yet (the rows
        -- counted when the tables were made are all in shard 0).
        INSERT INTO customer_days AS k (company_id, log, day, shard, events, customers)
        VALUES (OLD.company_id, OLD.send_type, d, OLD.id % 8, -1, CASE WHEN other THEN 0 ELSE -1 END)
        ON CONFLICT (company_id, log, day, shard) DO UPDATE
        SET events = k.events - 1, customers = k.customers + excluded.customers;
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 INTO latest FROM chat_messages m
        WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id AND m.id <> OLD.id;
        IF latest IS NULL THEN
            DELETE FROM customer_last_days
            WHERE company_id = OLD.company_id AND log = OLD.send_type AND customer_id = OLD.customer_id;
        ELSE
            UPDATE customer_last_days SET last_day = latest, prior_day = (
                SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM chat_messages m
                WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id AND m.id <> OLD.id
                  AND m.created_at < (latest * 86400 - 28800) * 1000)
            WHERE company_id = OLD.company_id AND log = OLD.send_type AND customer_id = OLD.customer_id;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.send_type IN (1, 2) THEN
        d := (NEW.created_at / 1000 + 28800) / 86400;
        INSERT INTO user_log_days AS u (company_id, log, day, user_id, events)
        VALUES (NEW.company_id, NEW.send_type, d, NEW.user_id, 1)
        ON CONFLICT (company_id, log, day, user_id) DO UPDATE SET events = u.events + 1;
        INSERT INTO customer_last_days AS c (company_id, log, customer_id, last_day, prior_day)
        VALUES (NEW.company_id, NEW.send_type, NEW.customer_id, d, NULL)
        ON CONFLICT (company_id, log, customer_id) DO UPDATE SET
            prior_day = CASE
                WHEN excluded.last_day > c.last_day THEN c.last_day
                WHEN excluded.last_day < c.last_day AND (c.prior_day IS NULL OR excluded.last_day > c.prior_day)
                    THEN excluded.last_day
                ELSE c.prior_day END,
            last_day = GREATEST(c.last_day, excluded.last_day);
        other := EXISTS (SELECT 1 FROM chat_messages m WHERE m.company_id = NEW.company_id AND m.send_type = NEW.send_type AND m.customer_id = NEW.customer_id AND m.id <> NEW.id
            AND m.created_at >= (d * 86400 - 28800) * 1000 AND m.created_at < (d * 86400 + 57600) * 1000);
        INSERT INTO customer_days AS k (company_id, log, day, shard, events, customers)
        VALUES (NEW.company_id, NEW.send_type, d, NEW.id % 8, 1, CASE WHEN other THEN 0 ELSE 1 END)
        ON CONFLICT (company_id, log, day, shard) DO UPDATE
        SET events = k.events + 1, customers = k.customers + excluded.customers;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER chat_days_count BEFORE INSERT OR DELETE OR UPDATE OF company_id, send_type, user_id, customer_id, created_at
ON chat_messages FOR EACH ROW EXECUTE FUNCTION chat_days_count();

CREATE FUNCTION follow_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d BIGINT;
    other BOOLEAN;
    latest BIGINT;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        d := (OLD.created_at / 1000 + 28800) / 86400;
        UPDATE user_log_days SET events = events - 1
        WHERE company_id = OLD.company_id AND log = 3 AND day = d AND user_id = OLD.user_id;
        PERFORM 1 FROM customer_last_days
        WHERE company_id = OLD.company_id AND log = 3 AND customer_id = OLD.customer_id
        FOR UPDATE;
        other := EXISTS (SELECT 1 FROM follow_infos m WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id AND m.id <> OLD.id
            AND m.created_at >= (d * 86400 - 28800) * 1000 AND m.created_at < (d * 86400 + 57600) * 1000);
        -- A negative upsert: the shard may hold no row yet (the rows
        -- counted when the tables were made are all in shard 0).
        INSERT INTO customer_days AS k (company_id, log, day, shard, events, customers)
        VALUES (OLD.company_id, 3, d, OLD.id % 8, -1, CASE WHEN other THEN 0 ELSE -1 END)
        ON CONFLICT (company_id, log, day, shard) DO UPDATE
        SET events = k.events - 1, customers = k.customers + excluded.customers;
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 INTO latest FROM follow_infos m
        WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id AND m.id <> OLD.id;
        IF latest IS NULL THEN
            DELETE FROM customer_last_days
            WHERE company_id = OLD.company_id AND log = 3 AND customer_id = OLD.customer_id;
        ELSE
            UPDATE customer_last_days SET last_day = latest, prior_day = (
                SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM follow_infos m
                WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id AND m.id <> OLD.id
                  AND m.created_at < (latest * 86400 - 28800) * 1000)
            WHERE company_id = OLD.company_id AND log = 3 AND customer_id = OLD.customer_id;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        d := (NEW.created_at / 1000 + 28800) / 86400;
        INSERT INTO user_log_days AS u (company_id, log, day, user_id, events)
        VALUES (NEW.company_id, 3, d, NEW.user_id, 1)
        ON CONFLICT (company_id, log, day, user_id) DO UPDATE SET events = u.events + 1;
        INSERT INTO customer_last_days AS c (company_id, log, customer_id, last_day, prior_day)
        VALUES (NEW.company_id, 3, NEW.customer_id, d, NULL)
        ON CONFLICT (company_id, log, customer_id) DO UPDATE SET
            prior_day = CASE
                WHEN excluded.last_day > c.last_day THEN c.last_day
                WHEN excluded.last_day < c.last_day AND (c.prior_day IS NULL OR excluded.last_day > c.prior_day)
                    THEN excluded.last_day
                ELSE c.prior_day END,
            last_day = GREATEST(c.last_day, excluded.last_day);
        other := EXISTS (SELECT 1 FROM follow_infos m WHERE m.company_id = NEW.company_id AND m.customer_id = NEW.customer_id AND m.id <> NEW.id
            AND m.created_at >= (d * 86400 - 28800) * 1000 AND m.created_at < (d * 86400 + 57600) * 1000);
        INSERT INTO customer_days AS k (company_id, log, day, shard, events, customers)
        VALUES (NEW.company_id, 3, d, NEW.id % 8, 1, CASE WHEN other THEN 0 ELSE 1 END)
        ON CONFLICT (company_id, log, day, shard) DO UPDATE
        SET events = k.events + 1, customers = k.customers + excluded.customers;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER follow_days_count BEFORE INSERT OR DELETE OR UPDATE OF company_id, user_id, customer_id, created_at
ON follow_infos FOR EACH ROW EXECUTE FUNCTION follow_days_count();
