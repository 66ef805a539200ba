//! Fixtures of the case library: pictures stored for the back office, tags,
//! cases and diaries written, and the customer's lists read.

use super::client::params;
use super::database::now_ms;
use super::media::{base64_chunks, jpeg_bytes, Upload};
use super::{int, text, Customer, Envelope, Params, Tenant};
use serde_json::Value;

/// `xiaochengxu/case_manage`.
pub const CASE_MANAGE: &str = "/zhugeleida/xiaochengxu/case_manage";
/// `xiaochengxu/case_tag`.
pub const CASE_TAG: &str = "/zhugeleida/xiaochengxu/case_tag";
/// `xiaochengxu/diary_manage`.
pub const DIARY_MANAGE: &str = "/zhugeleida/xiaochengxu/diary_manage";
/// `admin/case_manage`.
pub const ADMIN_CASE: &str = "/zhugeleida/admin/case_manage";
/// `admin/case_tag`.
pub const ADMIN_CASE_TAG: &str = "/zhugeleida/admin/case_tag";
/// `admin/diary_manage`.
pub const ADMIN_DIARY: &str = "/zhugeleida/admin/diary_manage";
/// A `diary_date` long past.
pub const PAST: &str = "2020-01-01 10:00:00";
/// A `diary_date` that has not come.
pub const FUTURE: &str = "2099-01-01 00:00:00";

impl Tenant {
    /// A picture uploaded by the company's admin (`img_source=case`); its
    /// stored path.
    pub async fn case_picture(&self) -> String {
        let upload = Upload::new("case.jpg", "case");
        let chunks = base64_chunks(&jpeg_bytes(2_000), 1);
        upload
            .send_all(&self.client, &self.admin, &chunks, &[0])
            .await;
        let reply = upload.merge(&self.client, &self.admin, "1").await;
        text(&reply.ok()["ret_data"]["picture_url"])
    }

    /// A new case tag; its id.
    pub async fn add_case_tag(&self, name: &str) -> i64 {
        let reply = self
            .client
            .post(
                &format!("{ADMIN_CASE_TAG}/add/0"),
                &self.admin,
                params!["name" => name],
            )
            .await;
        int(reply.ok(), "id")
    }

    /// A new published case of `case_type` (1 normal, 2 timeline) with
    /// `extra` form fields; its id.
    pub async fn add_case(&self, customer_name: &str, case_type: i64, extra: Params) -> i64 {
        let form = with_defaults(
            extra,
            params![
                "customer_name" => customer_name,
                "case_name" => format!("{customer_name}的案例"),
                "case_type" => case_type,
                "status" => 1,
            ],
        );
        let reply = self
            .client
            .post(&format!("{ADMIN_CASE}/add/0"), &self.admin, form)
            .await;
        int(reply.ok(), "case_id")
    }

    /// A new published diary of `case_id` dated `diary_date`, with `extra`
    /// form fields; its id.
    pub async fn add_diary(
        &self,
        case_id: i64,
        title: &str,
        diary_date: &str,
        extra: Params,
    ) -> i64 {
        let form = with_defaults(
            extra,
            params![
                "case_id" => case_id,
                "title" => title,
                "diary_date" => diary_date,
                "content" => format!("<p>{title}</p>"),
                "status" => 1,
            ],
        );
        let reply = self
            .client
            .post(&format!("{ADMIN_DIARY}/add/0"), &self.admin, form)
            .await;
        int(reply.ok(), "diary_id")
    }

    /// `n` published diaries of the normal case `case_id`, a month ahead,
    /// written straight into the diary module's documents (a back office
    /// that dates many ahead).
    pub async fn load_diaries_to_come(&self, case_id: i64, n: usize) {
        let date = now_ms() + 30 * 86_400_000;
        let admin = self.admin.id;
        let docs: Vec<String> = (0..n)
            .map(|k| {
                format!(
                    r#"{{"title":"未到{k}","summary":"","diary_date":{date},"cover_picture":[],"cover_show_type":2,"content":"","status":1,"case_id":{case_id},"case_type":1,"author_id":{admin},"read_count":0,"up_count":0,"comment_count":0}}"#
                )
            })
            .collect();
        self.server
            .db
            .add_documents(self.company_id, "diary", "diaries", &docs)
            .await;
    }

    /// The customer's merged case list with `query`.
    pub async fn case_list(&self, customer: &Customer, query: Params) -> Envelope {
        self.client
            .get(
                &format!("{CASE_MANAGE}/case_list"),
                &customer.principal,
                query,
            )
            .await
    }

    /// The customer's diary list with `query`.
    pub async fn diary_list(&self, customer: &Customer, query: Params) -> Envelope {
        self.client
            .get(
                &format!("{DIARY_MANAGE}/diary_list"),
                &customer.principal,
                query,
            )
            .await
    }
}

/// `form` with each of `defaults` it does not set.
fn with_defaults(mut form: Params, defaults: Params) -> Params {
    for (k, v) in defaults {
        if !form.iter().any(|(f, _)| *f == k) {
            form.push((k, v));
        }
    }
    form
}

/// The `diary_list_id` and `case_type` of each entry of a case list.
pub fn entry_keys(data: &Value) -> Vec<(i64, i64)> {
    data["ret_data"]
        .as_array()
        .unwrap_or_else(|| panic!("no ret_data list in {data}"))
        .iter()
        .map(|e| (int(e, "diary_list_id"), int(e, "case_type")))
        .collect()
}

/// The `diary_id` of each item of a diary list.
pub fn diary_ids(data: &Value) -> Vec<i64> {
    data["ret_data"]
        .as_array()
        .unwrap_or_else(|| panic!("no ret_data list in {data}"))
        .iter()
        .map(|d| int(d, "diary_id"))
        .collect()
}
