//! Scan-code web login: the QR code of the WeCom OAuth URL,
//! the phone's confirmation through the WeCom login route against the fake
//! WeCom, and the console's socket state machine (201 waiting, 200 once,
//! 301 refused, 303 unknown or expired, 504 on expiry), with tenants kept
//! apart and issuing limited.

use crate::harness::{
    assert_fields, is_id, unique, Ended, FakeWechat, Principal, ScanCode, Server, ServerConfig,
    Socket, Tenant, FRAME_TIMEOUT, SCAN_QR_DIR, SCAN_SOCKET,
};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The scan tests' server: default expiry, and a per-client allowance that
/// the tests (all from 127.0.0.1) cannot exhaust.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        Server::start(&ServerConfig {
            scan_login_per_minute: Some(10_000),
            ..ServerConfig::default()
        })
    })
}

/// A server whose codes expire after three seconds.
fn short_expiry_server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        Server::start(&ServerConfig {
            scan_login_expiry_secs: Some(3),
            scan_login_per_minute: Some(10_000),
            ..ServerConfig::default()
        })
    })
}

/// A company with WeCom credentials and one radar user with a WeCom UserID.
struct Corp {
    t: Tenant,
    corp_id: String,
    user: Principal,
    userid: String,
}

impl Corp {
    async fn on(server: &'static Server) -> Corp {
        let t = Tenant::new(server).await;
        let corp = t.with_wecom().await;
        let (user, userid) = t.wecom_user().await;
        Corp {
            t,
            corp_id: corp.corp_id,
            user,
            userid,
        }
    }

    /// The phone of this company's user confirms `code` through `route_company`'s login route.
    async fn confirm_through(&self, route_company: i64, code: &ScanCode) -> (u16, String) {
        let wecom_code = FakeWechat::shared().wecom_code_for(&self.corp_id, &self.userid);
        self.t
            .scan_confirm(route_company, &wecom_code, &code.auth_code)
            .await
    }

    async fn confirm(&self, code: &ScanCode) -> (u16, String) {
        self.confirm_through(self.t.company_id, code).await
    }
}

fn code_of(frame: &Value) -> i64 {
    frame["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("no code in {frame}"))
}

/// Asserts `frame` is `code` with `msg`.
fn assert_frame(frame: &Value, code: i64, msg: &str) {
    assert_eq!(
        (code_of(frame), frame["msg"].as_str()),
        (code, Some(msg)),
        "{frame}"
    );
}

const CONFIRMED: &str = "/#/login_success/index?code=200";
const DISABLED: &str = "/#/login_success/index?code=403";
const EXPIRED: &str = "/#/login_success/index?code=303";

#[tokio::test]
async fn the_qr_code_opens_the_wecom_authorisation_with_the_code() {
    let c = Corp::on(server()).await;
    let code = c.t.issue_scan_code().await;
    let parts: Vec<usize> = code.auth_code.split('-').map(str::len).collect();
    assert_eq!(parts, [8, 4, 4, 4, 12], "{}", code.auth_code);

    let text = c.t.decode_scan_qr(&code);
    let url = reqwest::Url::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(
        (url.scheme(), url.host_str(), url.path()),
        (
            "https",
            Some("open.weixin.qq.com"),
            "/connect/oauth2/authorize"
        ),
        "{text}"
    );
    assert_eq!(url.fragment(), Some("wechat_redirect"), "{text}");
    let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
    let expected = HashMap::from(
        [
            ("appid", c.corp_id.clone()),
            (
                "redirect_uri",
                format!(
                    "{}/zhugeleida/qiyeweixin/work_weixin_auth/{}",
                    server().base_url,
                    c.t.company_id
                ),
            ),
            ("response_type", "code".into()),
            ("scope", "snsapi_base".into()),
            ("state", format!("scan_code_web_login|{}", code.auth_code)),
        ]
        .map(|(k, v)| (k.to_string(), v)),
    );
    assert_eq!(query, expected, "{text}");

    // Codes are one per issue.
    let other = c.t.issue_scan_code().await;
    assert_ne!(other.auth_code, code.auth_code);
    assert_ne!(other.qr_path, code.qr_path);
}

#[tokio::test]
async fn a_scan_logs_the_console_in_once() {
    let c = Corp::on(server()).await;
    let code = c.t.issue_scan_code().await;
    let mut console = c.t.scan_console().await;
    assert_frame(
        &console.query_login_status(&code.auth_code).await,
        201,
        "等待验证中",
    );
    // Asking again changes nothing while the phone has not answered, and
    // nothing is pushed unasked.
    assert_frame(
        &console.query_login_status(&code.auth_code).await,
        201,
        "等待验证中",
    );
    console.expect_silence(Duration::from_millis(300)).await;

    assert_eq!(c.confirm(&code).await, (303, CONFIRMED.to_string()));

    let frame = console.query_login_status(&code.auth_code).await;
    assert_frame(&frame, 200, "登录成功");
    let data = &frame["data"];
    assert_fields(
        data,
        &[
            "user_id",
            "token",
            "role_id",
            "username",
            "avatar",
            "company_name",
            "company_id",
            "weChatQrCode",
            "state",
            "last_login_date",
        ],
    );
    assert!(is_id(&data["user_id"], c.user.id), "{frame}");
    assert_eq!(data["token"], c.user.token.as_str(), "{frame}");
    assert!(is_id(&data["company_id"], c.t.company_id), "{frame}");
    assert_eq!(data["company_name"], c.t.name.as_str(), "{frame}");
    assert_eq!(data["state"], "scan_code_web_login", "{frame}");
    assert!(data["username"]
        .as_str()
        .is_some_and(|n| n.starts_with("user-")));
    assert!(
        data["last_login_date"].is_string(),
        "the login was recorded: {frame}"
    );
    assert!(console.expect_closed().await.is_empty());

    // The token signs radar requests.
    let session = Principal {
        id: c.user.id,
        token: data["token"].as_str().unwrap().to_string(),
    };
    let card = c.t.own_card(&session).await;
    assert!(is_id(&card["id"], c.user.id), "{card}");

    // One time: the code is gone, and so is its QR image.
    let mut again = c.t.scan_console().await;
    assert_frame(
        &again.query_login_status(&code.auth_code).await,
        303,
        "Auth code已经失效",
    );
    assert!(again.expect_closed().await.is_empty());
    assert!(!c.t.scan_qr_exists(&code));
    assert!(c.t.server.db.scan_logins(c.t.company_id).await.is_empty());
}

#[tokio::test]
async fn of_two_consoles_only_one_takes_the_login() {
    let c = Corp::on(server()).await;
    let code = c.t.issue_scan_code().await;
    let mut first = c.t.scan_console().await;
    let mut second = c.t.scan_console().await;
    assert_eq!(c.confirm(&code).await.1, CONFIRMED);

    let query = json!({"type": "query_login_status", "auth_code": code.auth_code});
    first.send(&query).await;
    second.send(&query).await;
    let mut codes = vec![code_of(&first.recv().await), code_of(&second.recv().await)];
    codes.sort();
    assert_eq!(codes, [200, 303]);
}

#[tokio::test]
async fn a_disabled_user_is_refused() {
    let c = Corp::on(server()).await;
    c.t.server
        .db
        .set_user_status(c.t.company_id, c.user.id, 2)
        .await;
    let code = c.t.issue_scan_code().await;
    let mut console = c.t.scan_console().await;

    assert_eq!(c.confirm(&code).await, (303, DISABLED.to_string()));
    let frame = console.query_login_status(&code.auth_code).await;
    assert_frame(&frame, 301, "登录失败");
    assert!(frame["data"].get("token").is_none(), "{frame}");
    assert!(console.expect_closed().await.is_empty());
}

#[tokio::test]
async fn a_user_disabled_after_confirming_gets_no_session() {
    let c = Corp::on(server()).await;
    let code = c.t.issue_scan_code().await;
    assert_eq!(c.confirm(&code).await.1, CONFIRMED);
    c.t.server
        .db
        .set_user_status(c.t.company_id, c.user.id, 2)
        .await;
    let mut console = c.t.scan_console().await;
    let frame = console.query_login_status(&code.auth_code).await;
    assert_frame(&frame, 301, "登录失败");
    assert_eq!(frame["data"], json!({}), "no session: {frame}");
    assert!(console.expect_closed().await.is_empty());
}

#[tokio::test]
async fn a_wecom_member_without_a_radar_account_is_refused() {
    let c = Corp::on(server()).await;
    let code = c.t.issue_scan_code().await;
    let stranger = unique("wecom-stranger");
    let wecom_code = FakeWechat::shared().wecom_code_for(&c.corp_id, &stranger);
    let (status, location) =
        c.t.scan_confirm(c.t.company_id, &wecom_code, &code.auth_code)
            .await;
    assert_eq!((status, location.as_str()), (303, "/err_page"));
    let mut console = c.t.scan_console().await;
    let frame = console.query_login_status(&code.auth_code).await;
    assert_frame(&frame, 301, "登录失败");
    assert_eq!(frame["data"], json!({}), "no session: {frame}");
    assert!(console.expect_closed().await.is_empty());
}

#[tokio::test]
async fn unknown_codes_are_303_and_close_the_socket() {
    let c = Corp::on(server()).await;
    let mut console = c.t.scan_console().await;
    let made_up = "00000000-0000-0000-0000-000000000000";
    assert_frame(
        &console.query_login_status(made_up).await,
        303,
        "Auth code已经失效",
    );
    assert!(console.expect_closed().await.is_empty());

    // A phone with a made-up code changes nothing.
    let before = c.t.server.db.company_snapshot(c.t.company_id).await;
    let code = ScanCode {
        auth_code: made_up.into(),
        qr_path: String::new(),
    };
    assert_eq!(c.confirm(&code).await, (303, EXPIRED.to_string()));
    let after = c.t.server.db.company_snapshot(c.t.company_id).await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_code_of_one_company_cannot_be_confirmed_through_another() {
    let a = Corp::on(server()).await;
    let b = Corp::on(server()).await;
    let code = a.t.issue_scan_code().await;
    let db = &a.t.server.db;
    let (before_a, before_b) = (
        db.company_snapshot(a.t.company_id).await,
        db.company_snapshot(b.t.company_id).await,
    );

    // B's user, through B's route, with A's code.
    assert_eq!(
        b.confirm_through(b.t.company_id, &code).await,
        (303, EXPIRED.to_string())
    );
    assert_eq!(before_a, db.company_snapshot(a.t.company_id).await);
    assert_eq!(before_b, db.company_snapshot(b.t.company_id).await);

    // A's code still waits, and A's own user can still confirm it.
    let mut console = a.t.scan_console().await;
    assert_frame(
        &console.query_login_status(&code.auth_code).await,
        201,
        "等待验证中",
    );
    assert_eq!(a.confirm(&code).await.1, CONFIRMED);
    let frame = console.query_login_status(&code.auth_code).await;
    assert_frame(&frame, 200, "登录成功");
    assert!(is_id(&frame["data"]["user_id"], a.user.id), "{frame}");
}

#[tokio::test]
async fn a_console_that_closes_gets_200() {
    let c = Corp::on(server()).await;
    // Extra fields, such as the signature other channels carry, are ignored.
    let mut console = Socket::connect(c.t.server, SCAN_SOCKET).await;
    console
        .send_signed(&c.user, &json!({"type": "register"}))
        .await;
    assert_frame(&console.recv().await, 200, "注册成功");
    console.send(&json!({"type": "closed"})).await;
    assert_eq!(code_of(&console.recv().await), 200);
    assert!(console.expect_closed().await.is_empty());
}

#[tokio::test]
async fn malformed_messages_close_the_socket() {
    let server = server();
    for bad in [
        json!("not an object"),
        json!({"type": "fly"}),
        json!({"type": "query_login_status"}),
    ] {
        let mut console = Socket::connect(server, SCAN_SOCKET).await;
        console.send(&bad).await;
        let frame = console.recv().await;
        assert_eq!(code_of(&frame), 400, "{bad}: {frame}");
        assert!(console.expect_closed().await.is_empty(), "{bad}");
    }
    // An oversized message ends the connection.
    let mut console = Socket::connect(server, SCAN_SOCKET).await;
    let huge = json!({"type": "query_login_status", "auth_code": "x".repeat(4096)});
    console.send(&huge).await;
    assert!(matches!(
        console.next_within(FRAME_TIMEOUT).await,
        Err(Ended::Closed(_))
    ));
}

#[tokio::test]
async fn companies_without_wecom_or_unknown_get_no_code() {
    let server = server();
    let plain = Tenant::new(server).await;
    let reply = plain.issue_scan_code_for(plain.company_id).await;
    reply.expect_code(301);
    plain.issue_scan_code_for(i64::MAX).await.expect_code(302);
    let missing = plain
        .client
        .get_open(
            "/zhugeleida/admin/open_qiyeweixin/web_scan_authorize_qrcode",
            vec![],
        )
        .await;
    missing.expect_code(303);
    assert!(server.db.scan_logins(plain.company_id).await.is_empty());
}

#[tokio::test]
async fn expired_codes_are_303_and_a_waiting_console_gets_504() {
    let c = Corp::on(short_expiry_server()).await;
    let code = c.t.issue_scan_code().await;
    let mut waiting = c.t.scan_console().await;
    assert_frame(
        &waiting.query_login_status(&code.auth_code).await,
        201,
        "等待验证中",
    );
    // The expiry passes while the console waits.
    assert_frame(&waiting.recv().await, 504, "等待超时,关闭长连接");
    assert!(waiting.expect_closed().await.is_empty());

    let mut late = c.t.scan_console().await;
    assert_frame(
        &late.query_login_status(&code.auth_code).await,
        303,
        "Auth code已经失效",
    );
    assert_eq!(c.confirm(&code).await, (303, EXPIRED.to_string()));

    // The sweeper removes the code and its image.
    let deadline = Instant::now() + Duration::from_secs(10);
    while (c.t.scan_qr_exists(&code) || !c.t.server.db.scan_logins(c.t.company_id).await.is_empty())
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!c.t.scan_qr_exists(&code), "the QR image was not swept");
    assert!(c.t.server.db.scan_logins(c.t.company_id).await.is_empty());
}

#[tokio::test]
async fn an_idle_console_is_closed_after_the_expiry() {
    let c = Corp::on(short_expiry_server()).await;
    let mut idle = c.t.scan_console().await;
    assert_frame(&idle.recv().await, 504, "等待超时,关闭长连接");
    assert!(idle.expect_closed().await.is_empty());
}

#[tokio::test]
async fn issuing_is_limited_per_client_and_per_company() {
    static LIMITED: OnceLock<Server> = OnceLock::new();
    let server = LIMITED.get_or_init(|| {
        Server::start(&ServerConfig {
            scan_login_per_minute: Some(4),
            scan_login_waiting_cap: Some(2),
            ..ServerConfig::default()
        })
    });
    let a = Corp::on(server).await;
    let b = Corp::on(server).await;

    a.t.issue_scan_code().await;
    a.t.issue_scan_code().await;
    let capped = a.t.issue_scan_code_for(a.t.company_id).await;
    capped.expect_code(429);
    assert!(capped.msg().contains("等待扫码"), "{}", capped.msg());
    assert_eq!(server.db.scan_logins(a.t.company_id).await.len(), 2);

    // Another company has its own cap, but the client's allowance (4) is now spent.
    b.t.issue_scan_code().await;
    let limited = b.t.issue_scan_code_for(b.t.company_id).await;
    limited.expect_code(429);
    assert!(limited.msg().contains("频繁"), "{}", limited.msg());
    assert_eq!(server.db.scan_logins(b.t.company_id).await.len(), 1);

    // Nothing was stored for the refused ones.
    let images = std::fs::read_dir(server.data_dir.join(SCAN_QR_DIR))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(images, 3);
}
