//! Fixtures of the CRM: customers related to a radar user, and direct reads
//! of the CRM tables (relations, notes, follow-up lines, phrases, tag links)
//! to check what a request changed or left alone.

use super::database::Database;
use super::{params, Customer, Envelope, Principal, Tenant};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The CRM columns of one relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationRow {
    /// `expected_time`, `YYYY-MM-DD`.
    pub expected_date: Option<String>,
    /// `expedted_pr`, 0..=100.
    pub expected_pr: i64,
    /// When the user last followed up (ms).
    pub last_follow_at: Option<i64>,
}

/// One row of a radar user's notes on a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesRow {
    pub note_name: String,
    pub sex: Option<i64>,
    pub phone: String,
    pub email: String,
    pub company: String,
    pub position: String,
    pub address: String,
    pub birthday: Option<String>,
    pub mem: String,
}

impl Tenant {
    /// A customer who sent their profile (named 张三) and is bound to `uid`.
    pub async fn related_customer(&self, uid: i64) -> Customer {
        let customer = self.authorised_customer(uid).await;
        self.bind(&customer, uid).await.ok();
        customer
    }

    /// `GET xiaochengxu/login/binding` of `customer` to `uid`, referred by `pid`.
    pub async fn bind_referred(&self, customer: &Customer, uid: i64, pid: i64) -> Envelope {
        let reply = self
            .client
            .get(
                "/zhugeleida/xiaochengxu/login/binding",
                &customer.principal,
                params!["uid" => uid, "source" => 2, "pid" => pid, "user_type" => 2],
            )
            .await;
        self.settle_binding(&reply, customer, uid).await;
        reply
    }

    /// The relation of (`user_id`, `customer_id`) in this company, which must exist.
    pub async fn relation_of(&self, user_id: i64, customer_id: i64) -> RelationRow {
        self.server
            .db
            .relation(self.company_id, user_id, customer_id)
            .await
            .unwrap_or_else(|| panic!("no relation of user {user_id} to customer {customer_id}"))
    }

    /// `GET qiyeweixin/customer` of `customer_id` as `user`.
    pub async fn customer_detail(&self, user: &Principal, customer_id: i64) -> Envelope {
        self.client
            .get(
                "/zhugeleida/qiyeweixin/customer",
                user,
                params!["customer_id" => customer_id],
            )
            .await
    }
}

impl Database {
    async fn crm_rows(&self, sql: &str, ids: &[i64]) -> Vec<AnyRow> {
        let mut conn = self.connect().await;
        let mut q = sqlx::query(sql);
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The relation of (`user_id`, `customer_id`) in `company_id`, if any.
    pub async fn relation(
        &self,
        company_id: i64,
        user_id: i64,
        customer_id: i64,
    ) -> Option<RelationRow> {
        let rows = self
            .crm_rows(
                "SELECT expected_date, expected_pr, last_follow_at FROM relations \
                 WHERE company_id = $1 AND user_id = $2 AND customer_id = $3",
                &[company_id, user_id, customer_id],
            )
            .await;
        rows.first().map(|r| RelationRow {
            expected_date: r.get(0),
            expected_pr: r.get(1),
            last_follow_at: r.get(2),
        })
    }

    /// The follow-up lines of the pair, oldest first.
    pub async fn follow_lines(
        &self,
        company_id: i64,
        user_id: i64,
        customer_id: i64,
    ) -> Vec<String> {
        self.crm_rows(
            "SELECT follow_info FROM follow_infos \
             WHERE company_id = $1 AND user_id = $2 AND customer_id = $3 ORDER BY created_at, id",
            &[company_id, user_id, customer_id],
        )
        .await
        .iter()
        .map(|r| r.get(0))
        .collect()
    }

    /// The notes `user_id` keeps on `customer_id`, if any.
    pub async fn notes(&self, company_id: i64, user_id: i64, customer_id: i64) -> Option<NotesRow> {
        let rows = self
            .crm_rows(
                "SELECT note_name, sex, phone, email, company, position, address, birthday, mem \
                 FROM customer_notes WHERE company_id = $1 AND user_id = $2 AND customer_id = $3",
                &[company_id, user_id, customer_id],
            )
            .await;
        rows.first().map(|r| NotesRow {
            note_name: r.get(0),
            sex: r.get(1),
            phone: r.get(2),
            email: r.get(3),
            company: r.get(4),
            position: r.get(5),
            address: r.get(6),
            birthday: r.get(7),
            mem: r.get(8),
        })
    }

    /// The ids of the tags on `customer_id`, ascending.
    pub async fn tag_ids_on(&self, company_id: i64, customer_id: i64) -> Vec<i64> {
        self.crm_rows(
            "SELECT tag_id FROM customer_tag_links WHERE company_id = $1 AND customer_id = $2 \
             ORDER BY tag_id",
            &[company_id, customer_id],
        )
        .await
        .iter()
        .map(|r| r.get(0))
        .collect()
    }

    /// The id of the preset tag `name` (seeded by the migrations).
    pub async fn preset_tag(&self, name: &str) -> i64 {
        let mut conn = self.connect().await;
        sqlx::query(
            "SELECT id FROM customer_tags WHERE company_id IS NULL AND parent_id IS NOT NULL \
             AND name = $1",
        )
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("no preset tag {name}: {e}"))
        .get(0)
    }

    /// The id of the preset tag group `name` (not a selectable tag).
    pub async fn preset_group(&self, name: &str) -> i64 {
        let mut conn = self.connect().await;
        sqlx::query(
            "SELECT id FROM customer_tags WHERE company_id IS NULL AND parent_id IS NULL AND name = $1",
        )
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("no preset group {name}: {e}"))
        .get(0)
    }

    /// Creates `user_id`'s own tag `name` under 自定义 and returns its id.
    pub async fn own_tag(&self, company_id: i64, user_id: i64, name: &str) -> i64 {
        let mut conn = self.connect().await;
        sqlx::query(
            "INSERT INTO customer_tags (company_id, user_id, parent_id, name, created_at) \
             SELECT $1, $2, g.id, $3, $4 FROM customer_tags g \
             WHERE g.company_id IS NULL AND g.parent_id IS NULL AND g.name = '自定义' RETURNING id",
        )
        .bind(company_id)
        .bind(user_id)
        .bind(name)
        .bind(super::now_ms())
        .fetch_one(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("creating the tag {name}: {e}"))
        .get(0)
    }

    /// `user_id`'s own phrases as (id, text), oldest first.
    pub async fn own_phrases(&self, company_id: i64, user_id: i64) -> Vec<(i64, String)> {
        self.crm_rows(
            "SELECT id, language FROM follow_languages WHERE company_id = $1 AND user_id = $2 \
             ORDER BY id",
            &[company_id, user_id],
        )
        .await
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
    }

    /// Number of global phrases.
    pub async fn global_phrase_count(&self) -> i64 {
        self.crm_rows(
            "SELECT COUNT(*) FROM follow_languages WHERE company_id IS NULL",
            &[],
        )
        .await[0]
            .get(0)
    }
}
