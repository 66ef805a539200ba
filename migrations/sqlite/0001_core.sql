-- Leida core schema, SQLite edition.
-- Times are milliseconds since the Unix epoch. Every tenant-owned table
-- carries company_id and references its parents through (company_id, id),
-- so rows can never point across tenants. SQLite needs the rowid as the
-- integer primary key to assign ids, so (company_id, id) is a UNIQUE key
-- here; the PostgreSQL edition makes it the primary key.

CREATE TABLE companies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    area TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    website_content TEXT NOT NULL DEFAULT '[]',
    customer_unique INTEGER NOT NULL DEFAULT 0,
    shopping_type INTEGER NOT NULL DEFAULT 2,
    product_function_type INTEGER NOT NULL DEFAULT 1,
    corp_id TEXT,
    wechat_appid TEXT,
    wechat_secret TEXT,
    status INTEGER NOT NULL DEFAULT 1,
    expires_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX companies_wechat_appid ON companies (wechat_appid);

CREATE TABLE admins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    is_operator INTEGER NOT NULL DEFAULT 0,
    status INTEGER NOT NULL DEFAULT 1,
    avatar TEXT NOT NULL DEFAULT 'statics/imgs/setAvator.jpg',
    last_login_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, id)
);

CREATE TABLE radar_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    wecom_userid TEXT,
    username TEXT NOT NULL,
    nickname TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    token TEXT NOT NULL UNIQUE,
    avatar TEXT NOT NULL DEFAULT 'statics/imgs/setAvator.jpg',
    position TEXT NOT NULL DEFAULT '',
    gender INTEGER NOT NULL DEFAULT 0,
    telephone TEXT NOT NULL DEFAULT '',
    wechat_phone TEXT NOT NULL DEFAULT '',
    mingpian_phone TEXT NOT NULL DEFAULT '',
    show_phone INTEGER NOT NULL DEFAULT 1,
    wechat TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    qr_code TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL DEFAULT 1,
    boss_status INTEGER NOT NULL DEFAULT 2,
    last_login_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, username)
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    user_type INTEGER NOT NULL,
    openid TEXT NOT NULL,
    session_key TEXT NOT NULL DEFAULT '',
    token TEXT NOT NULL UNIQUE,
    username TEXT NOT NULL DEFAULT '',
    headimgurl TEXT NOT NULL DEFAULT 'statics/imgs/Avator.jpg',
    sex INTEGER NOT NULL DEFAULT 0,
    phone TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    form_ids TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, user_type, openid)
);

CREATE TABLE relations (
    company_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    source INTEGER NOT NULL DEFAULT 1,
    parent_customer_id INTEGER,
    expected_date TEXT,
    expected_pr INTEGER NOT NULL DEFAULT 0,
    last_follow_at INTEGER,
    last_activity_at INTEGER,
    qr_code TEXT NOT NULL DEFAULT '',
    poster_url TEXT NOT NULL DEFAULT '',
    customer_msg_count INTEGER NOT NULL DEFAULT 0,
    user_msg_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (company_id, user_id, customer_id),
    FOREIGN KEY (company_id, user_id) REFERENCES radar_users (company_id, id),
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id),
    FOREIGN KEY (company_id, parent_customer_id) REFERENCES customers (company_id, id)
);
CREATE INDEX relations_by_customer ON relations (company_id, customer_id, last_activity_at);
CREATE INDEX relations_by_user_created ON relations (company_id, user_id, created_at);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    code INTEGER NOT NULL,
    target_kind TEXT,
    target_id INTEGER,
    remark TEXT NOT NULL,
    is_new INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, user_id) REFERENCES radar_users (company_id, id),
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id)
);
CREATE INDEX actions_by_user ON actions (company_id, user_id, created_at);
CREATE INDEX actions_by_customer ON actions (company_id, customer_id, user_id, code);

CREATE TABLE chat_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    send_type INTEGER NOT NULL,
    content TEXT NOT NULL,
    user_unread INTEGER NOT NULL DEFAULT 1,
    customer_unread INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, user_id) REFERENCES radar_users (company_id, id),
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id)
);
CREATE INDEX chat_by_pair ON chat_messages (company_id, user_id, customer_id, created_at);

-- Login codes already exchanged with WeChat: a code is accepted once.
CREATE TABLE used_login_codes (
    code TEXT PRIMARY KEY,
    used_at INTEGER NOT NULL
);
CREATE INDEX used_login_codes_by_time ON used_login_codes (used_at);

-- Installed module builds: one row per (slot name, version, content digest).
CREATE TABLE modules (
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    digest TEXT NOT NULL,
    descriptor TEXT NOT NULL,
    origin TEXT NOT NULL,
    installed_at INTEGER NOT NULL,
    PRIMARY KEY (name, version, digest)
);

-- Which module build serves which slot for a company, and whether it is on.
-- A NULL digest follows the newest installed build of the slot.
CREATE TABLE company_modules (
    company_id INTEGER NOT NULL REFERENCES companies (id),
    slot TEXT NOT NULL,
    digest TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (company_id, slot)
);

-- Documents of module collections, bound to (company, slot, collection).
CREATE TABLE module_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    slot TEXT NOT NULL,
    collection TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (company_id, slot, collection, id)
);
CREATE INDEX module_documents_scan ON module_documents (company_id, slot, collection, created_at);
