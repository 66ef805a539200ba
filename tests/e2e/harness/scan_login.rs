//! Fixtures of the scan-code web login: issuing a code, the phone's visit
//! to the WeCom login route (a redirect, read without following it), the
//! console's socket, and the stored codes.

use super::database::Database;
use super::media::raw_get;
use super::qr::decode_qr;
use super::{params, Envelope, Socket, Tenant};
use serde_json::json;

/// The console's socket path.
pub const SCAN_SOCKET: &str = "/zhugeleida/public/websocket/scan_code_web_login";
/// Where servers store the scan-login QR images, relative to their data directory.
pub const SCAN_QR_DIR: &str = "statics/zhugeleida/imgs/qiyeweixin/webLogin";

/// A code the server issued.
#[derive(Debug, Clone)]
pub struct ScanCode {
    /// `auth_code`.
    pub auth_code: String,
    /// `auth_qrcode_url` (`statics/…`).
    pub qr_path: String,
}

impl Tenant {
    /// `GET admin/open_qiyeweixin/web_scan_authorize_qrcode?company_id=…` for `company_id` (unsigned).
    pub async fn issue_scan_code_for(&self, company_id: i64) -> Envelope {
        self.client
            .get_open(
                "/zhugeleida/admin/open_qiyeweixin/web_scan_authorize_qrcode",
                params!["company_id" => company_id],
            )
            .await
    }

    /// A code for this company, asserting success.
    pub async fn issue_scan_code(&self) -> ScanCode {
        let reply = self.issue_scan_code_for(self.company_id).await;
        let data = reply.ok();
        assert_eq!(reply.msg(), "生成二维码成功");
        let field = |name: &str| {
            data[name]
                .as_str()
                .unwrap_or_else(|| reply.fail(&format!("no text {name}")))
                .to_string()
        };
        ScanCode {
            auth_code: field("auth_code"),
            qr_path: field("auth_qrcode_url"),
        }
    }

    /// The text of the QR image of `code`, read from the server's data directory.
    pub fn decode_scan_qr(&self, code: &ScanCode) -> String {
        assert!(
            code.qr_path.starts_with(&format!("{SCAN_QR_DIR}/")) && code.qr_path.ends_with(".png"),
            "unexpected QR path {}",
            code.qr_path
        );
        let bytes = std::fs::read(self.server.data_dir.join(&code.qr_path))
            .unwrap_or_else(|e| panic!("reading {}: {e}", code.qr_path));
        decode_qr(&bytes)
    }

    /// Whether the QR image of `code` is still on disk.
    pub fn scan_qr_exists(&self, code: &ScanCode) -> bool {
        self.server.data_dir.join(&code.qr_path).exists()
    }

    /// The phone's visit after scanning: `GET qiyeweixin/work_weixin_auth/{company_id}`
    /// with the WeCom `wecom_code` and `state=scan_code_web_login|{auth_code}`;
    /// returns the HTTP status and the `Location` it redirects to.
    pub async fn scan_confirm(
        &self,
        company_id: i64,
        wecom_code: &str,
        auth_code: &str,
    ) -> (u16, String) {
        let query = serde_urlencoded::to_string([
            ("code", wecom_code),
            ("state", &format!("scan_code_web_login|{auth_code}")),
        ])
        .expect("encoding the query");
        let target = format!("/zhugeleida/qiyeweixin/work_weixin_auth/{company_id}?{query}");
        let (status, text) = raw_get(&self.server.base_url, &target).await;
        let head = text.split("\r\n\r\n").next().unwrap_or_default();
        let location = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("location")
                    .then(|| value.trim().to_string())
            })
            .unwrap_or_default();
        (status, location)
    }

    /// A console socket that has registered.
    pub async fn scan_console(&self) -> Socket {
        let mut socket = Socket::connect(self.server, SCAN_SOCKET).await;
        socket.send(&json!({"type": "register"})).await;
        let reply = socket.recv().await;
        assert_eq!(
            (reply["code"].as_i64(), reply["msg"].as_str()),
            (Some(200), Some("注册成功")),
            "{reply}"
        );
        socket
    }
}

impl Socket {
    /// Sends `query_login_status` for `auth_code` and returns the answer.
    pub async fn query_login_status(&mut self, auth_code: &str) -> serde_json::Value {
        self.send(&json!({"type": "query_login_status", "auth_code": auth_code}))
            .await;
        self.recv().await
    }
}

impl Database {
    /// The company's scan-login codes as (code, state), oldest first.
    pub async fn scan_logins(&self, company_id: i64) -> Vec<(String, String)> {
        let mut conn = self.connect().await;
        sqlx::query_as(
            "SELECT code, state FROM scan_logins WHERE company_id = $1 ORDER BY created_at, id",
        )
        .bind(company_id)
        .fetch_all(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading scan_logins: {e}"))
    }
}
