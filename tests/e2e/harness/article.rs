//! Fixtures of the article module: articles and sign-up plug-ins written in
//! the back office, share links followed, pages read.

use super::client::params;
use super::fake_wechat::WeChatProfile;
use super::public_account::{open_share_link, Landed};
use super::{int, text, unique, Envelope, Params, Principal, Tenant};

/// `admin/article`.
pub const ADMIN_ARTICLE: &str = "/zhugeleida/admin/article";
/// `admin/plugin_report`.
pub const ADMIN_REPORT: &str = "/zhugeleida/admin/plugin_report";
/// `gongzhonghao/article`.
pub const READER_ARTICLE: &str = "/zhugeleida/gongzhonghao/article";
/// `qiyeweixin/article`.
pub const RADAR_ARTICLE: &str = "/zhugeleida/qiyeweixin/article";

impl Tenant {
    /// A new published article written by the company's admin, with `extra`
    /// form fields; returns its id.
    pub async fn add_article(&self, title: &str, extra: Params) -> i64 {
        let mut form = params!["title" => title, "summary" => "摘要", "content" => "<p>正文</p>"];
        form.extend(extra);
        let reply = self
            .client
            .post(&format!("{ADMIN_ARTICLE}/add/0"), &self.admin, form)
            .await;
        int(reply.ok(), "article_id")
    }

    /// A new sign-up plug-in; returns its id.
    pub async fn add_report(&self, title: &str) -> i64 {
        let reply = self
            .client
            .post(
                &format!("{ADMIN_REPORT}/add/0"),
                &self.admin,
                params!["title" => title, "ad_slogan" => "限时报名", "sign_up_button" => "立即报名"],
            )
            .await;
        int(reply.ok(), "id")
    }
}

impl Tenant {
    /// The radar user's own share link of `article_id`.
    pub async fn article_link(&self, user: &Principal, article_id: i64) -> String {
        let reply = self
            .client
            .get(
                "/zhugeleida/qiyeweixin/work_weixin_auth/create_gongzhonghao_share_auth_url",
                user,
                params!["article_id" => article_id],
            )
            .await;
        text(&reply.ok()["share_url"])
    }

    /// A reader's re-share link of `article_id` from radar user `uid`.
    pub async fn reshare_link(&self, reader: &Landed, uid: i64, article_id: i64) -> String {
        let reply = self
            .client
            .get(
                "/zhugeleida/gongzhonghao/work_gongzhonghao_auth/create_gongzhonghao_share_auth_url",
                &reader.principal(),
                params!["uid" => uid, "article_id" => article_id, "level" => reader.pair("level").unwrap_or("1")],
            )
            .await;
        text(&reply.ok()["share_url"])
    }

    /// A new WeChat user named `nickname` following `share_url` to its page.
    pub async fn follow_link(&self, share_url: &str, nickname: &str) -> Landed {
        open_share_link(
            self.server,
            share_url,
            &unique("gzh-openid"),
            &WeChatProfile::named(nickname),
        )
        .await
    }

    /// `hide_customer_data` of `article_id` (first page) as `user` sees it:
    /// their tree's readers and totals.
    pub async fn potential_customers(&self, user: &Principal, article_id: i64) -> Envelope {
        self.client
            .get(
                &format!("{RADAR_ARTICLE}/hide_customer_data/{article_id}"),
                user,
                params![],
            )
            .await
    }

    /// `myarticle` of `article_id` as the landed reader, with the page's
    /// `uid` and `pid` (what the landing put into its URL).
    pub async fn read_article(&self, reader: &Landed, article_id: i64) -> Envelope {
        let uid = reader.pair("uid").unwrap_or("");
        let pid = reader.pair("pid").unwrap_or("");
        self.client
            .get(
                &format!("{READER_ARTICLE}/myarticle/{article_id}"),
                &reader.principal(),
                params!["uid" => uid, "pid" => pid],
            )
            .await
    }
}

impl super::database::Database {
    /// The data of every document of `slot`'s `collection` in `company_id`, by id.
    pub async fn module_documents(
        &self,
        company_id: i64,
        slot: &str,
        collection: &str,
    ) -> Vec<serde_json::Value> {
        use sqlx::Row;
        let mut conn = self.connect().await;
        // The Any driver cannot decode PostgreSQL's jsonb: read it as text.
        sqlx::query(
            "SELECT CAST(data AS TEXT) FROM module_documents \
             WHERE company_id = $1 AND slot = $2 AND collection = $3 ORDER BY id",
        )
        .bind(company_id)
        .bind(slot)
        .bind(collection)
        .fetch_all(&mut conn)
        .await
        .expect("reading module documents")
        .iter()
        .map(|r| serde_json::from_str(&r.get::<String, _>(0)).expect("a JSON document"))
        .collect()
    }
}
