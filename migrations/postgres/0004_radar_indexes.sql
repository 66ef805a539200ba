-- Indexes for the radar views and the address book of one salesperson
-- (up to ~10k customers and ~200k actions each). Each radar query is written
-- so that exactly one of these drives it (see store/actions.rs).

-- By time; code and customer make windowed counts index-only. It replaces
-- actions_by_user, its prefix.
CREATE INDEX actions_by_user_time ON actions (company_id, user_id, created_at, code, customer_id);
DROP INDEX actions_by_user;
-- One action code, by time.
CREATE INDEX actions_by_user_code ON actions (company_id, user_id, code, created_at);
-- One customer, by time; code makes per-customer counts index-only.
CREATE INDEX actions_by_user_customer ON actions (company_id, user_id, customer_id, created_at, code);
-- Unseen entries (is_new = 1), by time: marking them seen and get_new_log.
CREATE INDEX actions_unseen ON actions (company_id, user_id, is_new, created_at);

-- The address book's orders: newest first, rows never set (NULL) last.
CREATE INDEX relations_by_user_pr ON relations (company_id, user_id, expected_pr);
CREATE INDEX relations_by_user_follow ON relations (company_id, user_id, last_follow_at DESC NULLS LAST);
CREATE INDEX relations_by_user_activity ON relations (company_id, user_id, last_activity_at DESC NULLS LAST);
