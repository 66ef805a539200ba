-- The team's customer rankings (the Boss radar) kept as relations are
-- made: per company, local day the relation was made (days since
-- 1970-01-01 in UTC+8, as action_days) and radar user, the number of
-- relations. A user has one relation per customer, so a user's relations
-- made in whole days [S, U) are the sum of a row a day rather than a sort
-- of the relations. Kept by the trigger below in the transaction of every
-- insert, delete or move (company, user or time) of a relation. One
-- user's relations are made at a person's pace, so their row needs no
-- shards.
CREATE TABLE relation_days (
    company_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    relations BIGINT NOT NULL,
    PRIMARY KEY (company_id, day, user_id)
);

INSERT INTO relation_days (company_id, day, user_id, relations)
SELECT company_id, (created_at / 1000 + 28800) / 86400, user_id, COUNT(*)
FROM relations GROUP BY company_id, (created_at / 1000 + 28800) / 86400, user_id;

CREATE FUNCTION relation_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE relation_days SET relations = relations - 1
        WHERE company_id = OLD.company_id AND day = (OLD.created_at / 1000 + 28800) / 86400
          AND user_id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO relation_days (company_id, day, user_id, relations)
        VALUES (NEW.company_id, (NEW.created_at / 1000 + 28800) / 86400, NEW.user_id, 1)
        ON CONFLICT (company_id, day, user_id) DO UPDATE SET relations = relation_days.relations + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER relation_days_count AFTER INSERT OR DELETE OR UPDATE OF company_id, user_id, created_at
ON relations FOR EACH ROW EXECUTE FUNCTION relation_days_count();
