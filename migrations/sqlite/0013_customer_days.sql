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
-- message or note; `shard` exists for PostgreSQL's concurrent writers and
-- is always 0 here.
CREATE TABLE customer_days (
    company_id INTEGER NOT NULL,
    log INTEGER NOT NULL,
    day INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    events INTEGER NOT NULL,
    customers INTEGER NOT NULL,
    PRIMARY KEY (company_id, log, day, shard)
);

CREATE TABLE user_log_days (
    company_id INTEGER NOT NULL,
    log INTEGER NOT NULL,
    day INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (company_id, log, day, user_id)
);

CREATE TABLE customer_last_days (
    company_id INTEGER NOT NULL,
    log INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    last_day INTEGER NOT NULL,
    prior_day INTEGER,
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

UPDATE customer_last_days SET prior_day = (
    SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM chat_messages m
    WHERE m.company_id = customer_last_days.company_id AND m.send_type = customer_last_days.log
      AND m.customer_id = customer_last_days.customer_id
      AND m.created_at < (customer_last_days.last_day * 86400 - 28800) * 1000
) WHERE log IN (1, 2);

UPDATE customer_last_days SET prior_day = (
    SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM follow_infos m
    WHERE m.company_id = customer_last_days.company_id AND m.customer_id = customer_last_days.customer_id
      AND m.created_at < (customer_last_days.last_day * 86400 - 28800) * 1000
) WHERE log = 3;

-- A row added: its day's events, and its customer when no other row of
-- theirs (in that log) falls on that day; the customer's last and prior
-- days moved forward. A row removed: the same taken back, the customer's
-- days read again from their remaining rows (gone with the last one). A
-- row moved: removed from where it was, added where it is; each look-up
-- leaves the row itself out, so a move within one day and customer
-- changes no count.
CREATE TRIGGER chat_days_insert AFTER INSERT ON chat_messages
WHEN NEW.send_type IN (1, 2) BEGIN
    INSERT INTO user_log_days (company_id, log, day, user_id, events)
    VALUES (NEW.company_id, NEW.send_type, (NEW.created_at / 1000 + 28800) / 86400, NEW.user_id, 1)
    ON CONFLICT (company_id, log, day, user_id) DO UPDATE SET events = events + 1;
    INSERT INTO customer_days (company_id, log, day, shard, events, customers)
    VALUES (NEW.company_id, NEW.send_type, (NEW.created_at / 1000 + 28800) / 86400, 0, 1,
        CASE WHEN EXISTS (SELECT 1 FROM chat_messages m
            WHERE m.company_id = NEW.company_id AND m.send_type = NEW.send_type AND m.customer_id = NEW.customer_id AND m.id <> NEW.id
              AND m.created_at >= ((NEW.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
              AND m.created_at < ((NEW.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
        THEN 0 ELSE 1 END)
    ON CONFLICT (company_id, log, day, shard) DO UPDATE
    SET events = events + 1, customers = customers + excluded.customers;
    INSERT INTO customer_last_days (company_id, log, customer_id, last_day, prior_day)
    VALUES (NEW.company_id, NEW.send_type, NEW.customer_id, (NEW.created_at / 1000 + 28800) / 86400, NULL)
    ON CONFLICT (company_id, log, customer_id) DO UPDATE SET
        prior_day = CASE
            WHEN excluded.last_day > last_day THEN last_day
            WHEN excluded.last_day < last_day AND (prior_day IS NULL OR excluded.last_day > prior_day)
                THEN excluded.last_day
            ELSE prior_day END,
        last_day = MAX(last_day, excluded.last_day);
END;

CREATE TRIGGER chat_days_delete AFTER DELETE ON chat_messages
WHEN OLD.send_type IN (1, 2) BEGIN
    UPDATE user_log_days SET events = events - 1
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND day = (OLD.created_at / 1000 + 28800) / 86400 AND user_id = OLD.user_id;
    UPDATE customer_days SET events = events - 1,
        customers = customers - CASE WHEN EXISTS (SELECT 1 FROM chat_messages m
            WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id AND m.id <> OLD.id
              AND m.created_at >= ((OLD.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
              AND m.created_at < ((OLD.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
        THEN 0 ELSE 1 END
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND day = (OLD.created_at / 1000 + 28800) / 86400 AND shard = 0;
    DELETE FROM customer_last_days
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND customer_id = OLD.customer_id
      AND NOT EXISTS (SELECT 1 FROM chat_messages m WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id);
    UPDATE customer_last_days SET last_day = (
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM chat_messages m WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id)
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND customer_id = OLD.customer_id;
    UPDATE customer_last_days SET prior_day = (
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM chat_messages m
        WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id
          AND m.created_at < (customer_last_days.last_day * 86400 - 28800) * 1000)
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND customer_id = OLD.customer_id;
END;

CREATE TRIGGER chat_days_move_out AFTER UPDATE OF company_id, send_type, user_id, customer_id, created_at ON chat_messages
WHEN OLD.send_type IN (1, 2) BEGIN
    UPDATE user_log_days SET events = events - 1
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND day = (OLD.created_at / 1000 + 28800) / 86400 AND user_id = OLD.user_id;
    UPDATE customer_days SET events = events - 1,
        customers = customers - CASE WHEN EXISTS (SELECT 1 FROM chat_messages m
            WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id AND m.id <> OLD.id
              AND m.created_at >= ((OLD.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
              AND m.created_at < ((OLD.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
        THEN 0 ELSE 1 END
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND day = (OLD.created_at / 1000 + 28800) / 86400 AND shard = 0;
    DELETE FROM customer_last_days
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND customer_id = OLD.customer_id
      AND NOT EXISTS (SELECT 1 FROM chat_messages m WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id);
    UPDATE customer_last_days SET last_day = (
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM chat_messages m WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id)
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND customer_id = OLD.customer_id;
    UPDATE customer_last_days SET prior_day = (
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM chat_messages m
        WHERE m.company_id = OLD.company_id AND m.send_type = OLD.send_type AND m.customer_id = OLD.customer_id
          AND m.created_at < (customer_last_days.last_day * 86400 - 28800) * 1000)
    WHERE company_id = OLD.company_id AND log = OLD.send_type AND customer_id = OLD.customer_id;
END;

CREATE TRIGGER chat_days_move_in AFTER UPDATE OF company_id, send_type, user_id, customer_id, created_at ON chat_messages
WHEN NEW.send_type IN (1, 2) BEGIN
    INSERT INTO user_log_days (company_id, log, day, user_id, events)
    VALUES (NEW.company_id, NEW.send_type, (NEW.created_at / 1000 + 28800) / 86400, NEW.user_id, 1)
    ON CONFLICT (company_id, log, day, user_id) DO UPDATE SET events = events + 1;
    INSERT INTO customer_days (company_id, log, day, shard, events, customers)
    VALUES (NEW.company_id, NEW.send_type, (NEW.created_at / 1000 + 28800) / 86400, 0, 1,
        CASE WHEN EXISTS (SELECT 1 FROM chat_messages m
            WHERE m.company_id = NEW.company_id AND m.send_type = NEW.send_type AND m.customer_id = NEW.customer_id AND m.id <> NEW.id
              AND m.created_at >= ((NEW.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
              AND m.created_at < ((NEW.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
        THEN 0 ELSE 1 END)
    ON CONFLICT (company_id, log, day, shard) DO UPDATE
    SET events = events + 1, customers = customers + excluded.customers;
    INSERT INTO customer_last_days (company_id, log, customer_id, last_day, prior_day)
    VALUES (NEW.company_id, NEW.send_type, NEW.customer_id, (NEW.created_at / 1000 + 28800) / 86400, NULL)
    ON CONFLICT (company_id, log, customer_id) DO UPDATE SET
        prior_day = CASE
            WHEN excluded.last_day > last_day THEN last_day
            WHEN excluded.last_day < last_day AND (prior_day IS NULL OR excluded.last_day > prior_day)
                THEN excluded.last_day
            ELSE prior_day END,
        last_day = MAX(last_day, excluded.last_day);
END;

CREATE TRIGGER follow_days_insert AFTER INSERT ON follow_infos BEGIN
    INSERT INTO user_log_days (company_id, log, day, user_id, events)
    VALUES (NEW.company_id, 3, (NEW.created_at / 1000 + 28800) / 86400, NEW.user_id, 1)
    ON CONFLICT (company_id, log, day, user_id) DO UPDATE SET events = events + 1;
    INSERT INTO customer_days (company_id, log, day, shard, events, customers)
    VALUES (NEW.company_id, 3, (NEW.created_at / 1000 + 28800) / 86400, 0, 1,
        CASE WHEN EXISTS (SELECT 1 FROM follow_infos m
            WHERE m.company_id = NEW.company_id AND m.customer_id = NEW.customer_id AND m.id <> NEW.id
              AND m.created_at >= ((NEW.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
              AND m.created_at < ((NEW.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
        THEN 0 ELSE 1 END)
    ON CONFLICT (company_id, log, day, shard) DO UPDATE
    SET events = events + 1, customers = customers + excluded.customers;
    INSERT INTO customer_last_days (company_id, log, customer_id, last_day, prior_day)
    VALUES (NEW.company_id, 3, NEW.customer_id, (NEW.created_at / 1000 + 28800) / 86400, NULL)
    ON CONFLICT (company_id, log, customer_id) DO UPDATE SET
        prior_day = CASE
            WHEN excluded.last_day > last_day THEN last_day
            WHEN excluded.last_day < last_day AND (prior_day IS NULL OR excluded.last_day > prior_day)
                THEN excluded.last_day
            ELSE prior_day END,
        last_day = MAX(last_day, excluded.last_day);
END;

CREATE TRIGGER follow_days_delete AFTER DELETE ON follow_infos BEGIN
    UPDATE user_log_days SET events = events - 1
    WHERE company_id = OLD.company_id AND log = 3 AND day = (OLD.created_at / 1000 + 28800) / 86400 AND user_id = OLD.user_id;
    UPDATE customer_days SET events = events - 1,
        customers = customers - CASE WHEN EXISTS (SELECT 1 FROM follow_infos m
            WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id AND m.id <> OLD.id
              AND m.created_at >= ((OLD.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
              AND m.created_at < ((OLD.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
        THEN 0 ELSE 1 END
    WHERE company_id = OLD.company_id AND log = 3 AND day = (OLD.created_at / 1000 + 28800) / 86400 AND shard = 0;
    DELETE FROM customer_last_days
    WHERE company_id = OLD.company_id AND log = 3 AND customer_id = OLD.customer_id
      AND NOT EXISTS (SELECT 1 FROM follow_infos m WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id);
    UPDATE customer_last_days SET last_day = (
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM follow_infos m WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id)
    WHERE company_id = OLD.company_id AND log = 3 AND customer_id = OLD.customer_id;
    UPDATE customer_last_days SET prior_day = (
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM follow_infos m
        WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id
          AND m.created_at < (customer_last_days.last_day * 86400 - 28800) * 1000)
    WHERE company_id = OLD.company_id AND log = 3 AND customer_id = OLD.customer_id;
END;

CREATE TRIGGER follow_days_update AFTER UPDATE OF company_id, user_id, customer_id, created_at ON follow_infos BEGIN
    UPDATE user_log_days SET events = events - 1
    WHERE company_id = OLD.company_id AND log = 3 AND day = (OLD.created_at / 1000 + 28800) / 86400 AND user_id = OLD.user_id;
    UPDATE customer_days SET events = events - 1,
        customers = customers - CASE WHEN EXISTS (SELECT 1 FROM follow_infos m
            WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id AND m.id <> OLD.id
              AND m.created_at >= ((OLD.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
              AND m.created_at < ((OLD.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
        THEN 0 ELSE 1 END
    WHERE company_id = OLD.company_id AND log = 3 AND day = (OLD.created_at / 1000 + 28800) / 86400 AND shard = 0;
    DELETE FROM customer_last_days
    WHERE company_id = OLD.company_id AND log = 3 AND customer_id = OLD.customer_id
      AND NOT EXISTS (SELECT 1 FROM follow_infos m WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id);
    UPDATE customer_last_days SET last_day = (
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM follow_infos m WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id)
    WHERE company_id = OLD.company_id AND log = 3 AND customer_id = OLD.customer_id;
    UPDATE customer_last_days SET prior_day = (
        SELECT (MAX(m.created_at) / 1000 + 28800) / 86400 FROM follow_infos m
        WHERE m.company_id = OLD.company_id AND m.customer_id = OLD.customer_id
          AND m.created_at < (customer_last_days.last_day * 86400 - 28800) * 1000)
    WHERE company_id = OLD.company_id AND log = 3 AND customer_id = OLD.customer_id;
    INSERT INTO user_log_days (company_id, log, day, user_id, events)
    VALUES (NEW.company_id, 3, (NEW.created_at / 1000 + 28800) / 86400, NEW.user_id, 1)
    ON CONFLICT (company_id, log, day, user_id) DO UPDATE SET events = events + 1;
    INSERT INTO customer_days (company_id, log, day, shard, events, customers)
    VALUES (NEW.company_id, 3, (NEW.created_at / 1000 + 28800) / 86400, 0, 1,
        CASE WHEN EXISTS (SELECT 1 FROM follow_infos m
            WHERE m.company_id = NEW.company_id AND m.customer_id = NEW.customer_id AND m.id <> NEW.id
              AND m.created_at >= ((NEW.created_at / 1000 + 28800) / 86400 * 86400 - 28800) * 1000
              AND m.created_at < ((NEW.created_at / 1000 + 28800) / 86400 * 86400 + 57600) * 1000)
        THEN 0 ELSE 1 END)
    ON CONFLICT (company_id, log, day, shard) DO UPDATE
    SET events = events + 1, customers = customers + excluded.customers;
    INSERT INTO customer_last_days (company_id, log, customer_id, last_day, prior_day)
    VALUES (NEW.company_id, 3, NEW.customer_id, (NEW.created_at / 1000 + 28800) / 86400, NULL)
    ON CONFLICT (company_id, log, customer_id) DO UPDATE SET
        prior_day = CASE
            WHEN excluded.last_day > last_day THEN last_day
            WHEN excluded.last_day < last_day AND (prior_day IS NULL OR excluded.last_day > prior_day)
                THEN excluded.last_day
            ELSE prior_day END,
        last_day = MAX(last_day, excluded.last_day);
END;
