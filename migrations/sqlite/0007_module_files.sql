-- Files a module stored through the files capability carry the module's
-- slot: a module lists and deletes only its own files of the tenant.
ALTER TABLE stored_files ADD COLUMN slot TEXT;
CREATE INDEX stored_files_by_slot ON stored_files (company_id, slot, created_at);
