-- Every file the host stored under statics/ (merged uploads): who stored it,
-- so file access by modules can be scoped to the company.
CREATE TABLE stored_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    path TEXT NOT NULL UNIQUE,
    owner_kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, id)
);
CREATE INDEX stored_files_by_owner ON stored_files (company_id, owner_kind, owner_id);
