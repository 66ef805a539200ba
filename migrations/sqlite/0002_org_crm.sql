-- Organisation and CRM: roles and their permission entries, WeCom app
-- credentials, private notes, follow-ups, phrases and customer tags.

-- A role's authority: 0 member, 1 tenant admin (manages the company's users
-- and roles), 2 platform operator (also manages companies).
CREATE TABLE roles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    authority INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, name)
);

-- Permission entries of a role: the console menu items it opens.
CREATE TABLE role_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL,
    role_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    icon TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    parent_id INTEGER,
    order_num INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, role_id) REFERENCES roles (company_id, id) ON DELETE CASCADE
);
CREATE INDEX role_rules_by_role ON role_rules (company_id, role_id);

-- NULL: no role, a member.
ALTER TABLE radar_users ADD COLUMN role_id INTEGER;

-- The company's WeCom radar app (corp_id is the CorpID).
ALTER TABLE companies ADD COLUMN wecom_secret TEXT;
ALTER TABLE companies ADD COLUMN wecom_agent_id TEXT;
CREATE UNIQUE INDEX companies_corp_id ON companies (corp_id);

-- A radar user's private notes on one of their customers.
CREATE TABLE customer_notes (
    company_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    note_name TEXT NOT NULL DEFAULT '',
    sex INTEGER,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    birthday TEXT,
    mem TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (company_id, user_id, customer_id),
    FOREIGN KEY (company_id, user_id, customer_id)
        REFERENCES relations (company_id, user_id, customer_id) ON DELETE CASCADE
);

-- The follow-up log of a relation.
CREATE TABLE follow_infos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    follow_info TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, user_id, customer_id)
        REFERENCES relations (company_id, user_id, customer_id) ON DELETE CASCADE
);
CREATE INDEX follow_infos_by_pair ON follow_infos (company_id, user_id, customer_id, created_at);

-- Follow-up phrases: a radar user's own, or global (company and user NULL).
CREATE TABLE follow_languages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER REFERENCES companies (id),
    user_id INTEGER,
    language TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    FOREIGN KEY (company_id, user_id) REFERENCES radar_users (company_id, id) ON DELETE CASCADE
);
CREATE INDEX follow_languages_by_user ON follow_languages (company_id, user_id);

-- Customer tags. Groups have no parent; preset tags and groups have no
-- company; a radar user's own tags sit under the group named 自定义.
CREATE TABLE customer_tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER REFERENCES companies (id),
    user_id INTEGER,
    parent_id INTEGER REFERENCES customer_tags (id),
    name TEXT NOT NULL,
    tag_type INTEGER NOT NULL DEFAULT 2,
    created_at INTEGER NOT NULL,
    FOREIGN KEY (company_id, user_id) REFERENCES radar_users (company_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_tags_by_user ON customer_tags (company_id, user_id);
CREATE UNIQUE INDEX customer_tags_own_name ON customer_tags (company_id, user_id, name)
    WHERE user_id IS NOT NULL;

-- Which customer carries which tag.
CREATE TABLE customer_tag_links (
    company_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL REFERENCES customer_tags (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (company_id, tag_id, customer_id),
    FOREIGN KEY (company_id, customer_id) REFERENCES customers (company_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_tag_links_by_customer ON customer_tag_links (company_id, customer_id);

INSERT INTO follow_languages (language, created_at) VALUES
    ('客户查看了公司产品,有合作意向', 0),
    ('标记一下,客户有合作意向', 0),
    ('计划近期安排拜访', 0),
    ('意向客户,需安排拜访', 0),
    ('见面聊过,客户有合作意向', 0),
    ('曾拜访过的客户', 0),
    ('标记一下,需要给客户发送报价', 0),
    ('已发报价,待客户反馈', 0),
    ('已成交客户,维护好后续关系', 0);

INSERT INTO customer_tags (name, created_at) VALUES
    ('基本信息', 0), ('关注点', 0), ('级别', 0), ('自定义', 0);
INSERT INTO customer_tags (parent_id, name, created_at)
    SELECT g.id, t.name, 0
    FROM customer_tags g
    JOIN (SELECT '基本信息' AS grp, '已婚' AS name, 1 AS ord
          UNION ALL SELECT '基本信息', '未婚', 2
          UNION ALL SELECT '基本信息', '80后', 3
          UNION ALL SELECT '基本信息', '90后', 4
          UNION ALL SELECT '关注点', '在意质量', 5
          UNION ALL SELECT '关注点', '在意价格', 6
          UNION ALL SELECT '关注点', '在意服务', 7
          UNION ALL SELECT '级别', '一般客户', 8
          UNION ALL SELECT '级别', '重要客户', 9) t ON t.grp = g.name
    WHERE g.parent_id IS NULL AND g.company_id IS NULL
    ORDER BY t.ord;
