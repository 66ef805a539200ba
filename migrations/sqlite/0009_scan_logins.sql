-- Scan-code web login (DOMAIN §5.4, §0.9): a one-time code a browser waits
-- on until a phone confirms it through the company's WeCom login. The code
-- lives here for its short life, never in an account column.
CREATE TABLE scan_logins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    state TEXT NOT NULL CHECK (state IN ('waiting', 'confirmed', 'refused')),
    -- No foreign key: deleting a user meanwhile makes the login fail
    -- instead of being blocked by a code that expires within minutes.
    user_id INTEGER,
    qr_path TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    UNIQUE (company_id, id)
);
CREATE INDEX scan_logins_by_company ON scan_logins (company_id, state, expires_at);
CREATE INDEX scan_logins_by_expiry ON scan_logins (expires_at);
