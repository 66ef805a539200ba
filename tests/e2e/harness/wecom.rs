//! Fixtures of the enterprise-WeChat (WeCom) login and JS-SDK signature: a
//! company with WeCom credentials known to the fake, radar users with a
//! WeCom UserID, and the two endpoints.

use super::database::Database;
use super::{params, unique, Envelope, FakeWechat, Principal, Tenant};

/// A company's WeCom app as registered in the fake and set with `company set-wecom`.
#[derive(Debug, Clone)]
pub struct WeComCorp {
    /// The CorpID (the JS-SDK `appId`).
    pub corp_id: String,
    /// The app secret.
    pub secret: String,
}

impl Tenant {
    /// Gives this company WeCom credentials (`leida company set-wecom`)
    /// that the fake accepts.
    pub async fn with_wecom(&self) -> WeComCorp {
        let corp = WeComCorp {
            corp_id: unique("corp"),
            secret: unique("wecom-secret"),
        };
        FakeWechat::shared().allow_corp(&corp.corp_id, &corp.secret);
        let company = self.company_id.to_string();
        let out = self
            .server
            .cli(&[
                "company",
                "set-wecom",
                "--company",
                &company,
                "--corp-id",
                &corp.corp_id,
                "--secret",
                &corp.secret,
                "--agent-id",
                "1000002",
            ])
            .await;
        assert_eq!(out["company_id"], self.company_id, "{out}");
        assert_eq!(out["corp_id"], corp.corp_id.as_str(), "{out}");
        corp
    }

    /// A new radar user with a new WeCom UserID: (the user, the UserID).
    pub async fn wecom_user(&self) -> (Principal, String) {
        let userid = unique("wecom-user");
        let user = self.user_with(&["--wecom-userid", &userid]).await;
        (user, userid)
    }

    /// `GET qiyeweixin/work_weixin_auth/{company_id}?code=…` (unsigned: a login).
    pub async fn wecom_login(&self, code: &str) -> Envelope {
        self.wecom_login_to(self.company_id, code).await
    }

    /// The WeCom login naming `company_id` in the path.
    pub async fn wecom_login_to(&self, company_id: i64, code: &str) -> Envelope {
        self.client
            .get_open(
                &format!("/zhugeleida/qiyeweixin/work_weixin_auth/{company_id}"),
                params!["code" => code, "user_type" => 1, "source" => 2],
            )
            .await
    }

    /// `GET qiyeweixin/enterprise_weixin_sign?url=…` signed by `user`.
    pub async fn wecom_sign(&self, user: &Principal, url: &str) -> Envelope {
        self.client
            .get(
                "/zhugeleida/qiyeweixin/enterprise_weixin_sign",
                user,
                params!["url" => url],
            )
            .await
    }
}

impl Database {
    /// Sets a company's status (1 enabled, 2 disabled); no endpoint of this
    /// release disables companies.
    pub async fn set_company_status(&self, company_id: i64, status: i64) {
        let mut conn = self.connect().await;
        sqlx::query("UPDATE companies SET status = $1 WHERE id = $2")
            .bind(status)
            .bind(company_id)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("setting a company's status: {e}"));
    }
}
