//! Fixtures of customer tags: the six tag endpoints, and direct reads of
//! the tag tables to check what a request changed or left alone.

use super::database::Database;
use super::{params, Envelope, Principal, Tenant};
use sqlx::Row;

impl Tenant {
    /// `GET qiyeweixin/tag_list` with `query` (`customer_id`, `tag_type`).
    pub async fn tag_groups(&self, user: &Principal, query: super::Params) -> Envelope {
        self.client
            .get("/zhugeleida/qiyeweixin/tag_list", user, query)
            .await
    }

    /// `GET qiyeweixin/tag_customer`.
    pub async fn tags_with_customers(&self, user: &Principal) -> Envelope {
        self.client
            .get("/zhugeleida/qiyeweixin/tag_customer", user, params![])
            .await
    }

    /// `POST qiyeweixin/tag_customer/add/0` with `name` and `customer_list`.
    pub async fn add_tag_with_customers(
        &self,
        user: &Principal,
        name: &str,
        customer_list: &str,
    ) -> Envelope {
        self.client
            .post(
                "/zhugeleida/qiyeweixin/tag_customer/add/0",
                user,
                params!["name" => name, "customer_list" => customer_list],
            )
            .await
    }

    /// `POST qiyeweixin/tag_list/add_tag/{customer}` with `name`.
    pub async fn add_tag_to_customer(
        &self,
        user: &Principal,
        customer: i64,
        name: &str,
    ) -> Envelope {
        self.client
            .post(
                &format!("/zhugeleida/qiyeweixin/tag_list/add_tag/{customer}"),
                user,
                params!["name" => name],
            )
            .await
    }

    /// `POST qiyeweixin/tag_list/delete_tag/{tag}`.
    pub async fn delete_own_tag(&self, user: &Principal, tag: i64) -> Envelope {
        self.client
            .post(
                &format!("/zhugeleida/qiyeweixin/tag_list/delete_tag/{tag}"),
                user,
                params![],
            )
            .await
    }

    /// `POST qiyeweixin/tag_list/customer_tag/{customer}` with `tag_list`.
    pub async fn set_customer_tags(
        &self,
        user: &Principal,
        customer: i64,
        tag_list: &str,
    ) -> Envelope {
        self.client
            .post(
                &format!("/zhugeleida/qiyeweixin/tag_list/customer_tag/{customer}"),
                user,
                params!["tag_list" => tag_list],
            )
            .await
    }
}

impl Database {
    /// Every tag link of `company_id` as (tag, customer), ascending.
    pub async fn tag_links(&self, company_id: i64) -> Vec<(i64, i64)> {
        let mut conn = self.connect().await;
        sqlx::query(
            "SELECT tag_id, customer_id FROM customer_tag_links WHERE company_id = $1 \
             ORDER BY tag_id, customer_id",
        )
        .bind(company_id)
        .fetch_all(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading tag links: {e}"))
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
    }

    /// The own tags of every user of `company_id` as (id, user, name), by id.
    pub async fn own_tags(&self, company_id: i64) -> Vec<(i64, i64, String)> {
        let mut conn = self.connect().await;
        sqlx::query("SELECT id, user_id, name FROM customer_tags WHERE company_id = $1 ORDER BY id")
            .bind(company_id)
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("reading own tags: {e}"))
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect()
    }
}
