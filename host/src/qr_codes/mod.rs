//! Mini-program codes of radar users and of user–customer pairs: fetched from
//! WeChat's `wxacode` API when the company has mini-program credentials,
//! rendered locally as a standard QR code otherwise. Either way scanning
//! yields the same card path.

mod endpoints;
mod pair;
pub mod render;

pub use pair::spawn_pair_code;

use crate::app::{App, AppState};
use crate::auth::Principal;
use crate::http::envelope::ApiError;
use crate::local_time::now_ms;
use crate::media::storage::{self, StoreError};
use crate::store::companies::{self, Company};
use crate::wechat::WeChatError;
use axum::routing::{get, post};
use axum::Router;

/// Routes of the QR-code endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/zhugeleida/qiyeweixin/qr_code_auth",
            get(endpoints::qr_code_auth),
        )
        .route(
            "/zhugeleida/qiyeweixin/create_small_program_qr_code",
            post(endpoints::create_small_program_qr_code),
        )
        // The later path (DOMAIN §7); a native route wins over the card module.
        .route(
            "/zhugeleida/qiyeweixin/mingpian/create_small_program_qr_code",
            post(endpoints::create_small_program_qr_code),
        )
}

/// Where code images live, relative to the public root (the earlier
/// system's directory, so clients that build URLs from it keep working).
const QR_DIR: &str = "statics/zhugeleida/imgs/xiaochengxu/qr_code";

/// The mini-program page a code opens: `uid`'s card, and for a per-pair
/// code the customer who passes it on (`pid`).
pub fn card_path(uid: i64, pid: Option<i64>) -> String {
    match pid {
        None => format!("/pages/mingpian/index?uid={uid}&source=1"),
        Some(pid) => format!("/pages/mingpian/index?uid={uid}&source=1&pid={pid}"),
    }
}

/// Why a code could not be made.
#[derive(Debug, thiserror::Error)]
pub enum QrError {
    /// WeChat refused or could not be reached.
    #[error(transparent)]
    WeChat(#[from] WeChatError),
    /// WeChat answered something that is neither PNG nor JPEG.
    #[error("WeChat answered no image")]
    NotAnImage,
    /// The path could not be encoded locally.
    #[error("rendering the QR code: {0}")]
    Render(anyhow::Error),
    /// The image could not be written.
    #[error("storing the QR code: {0}")]
    Io(#[from] std::io::Error),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// The company, user or relation is gone.
    #[error("{0} does not exist")]
    Gone(&'static str),
}

impl From<QrError> for ApiError {
    fn from(e: QrError) -> ApiError {
        match e {
            QrError::WeChat(WeChatError::Api { code, msg }) => ApiError::new(
                301,
                format!("生成小程序二维码失败: 微信接口错误 {code} {msg}"),
            ),
            QrError::WeChat(WeChatError::Transport(why)) => {
                tracing::warn!(%why, "WeChat unreachable for wxacode");
                ApiError::new(500, "生成小程序二维码失败: 微信接口无法访问")
            }
            QrError::NotAnImage => ApiError::new(500, "生成小程序二维码失败: 微信未返回图片"),
            QrError::Gone(_) => ApiError::no_such("用户"),
            other => ApiError::internal(other),
        }
    }
}

/// Makes the code of `path` for the owner's company and stores it as the
/// owner's file under a server-chosen name starting with `stem`; returns the stored path
/// (`statics/…`), relative to the public root.
async fn make(app: &App, owner: &Principal, path: &str, stem: &str) -> Result<String, QrError> {
    let company = companies::get(&app.db, owner.company_id)
        .await?
        .ok_or(QrError::Gone("company"))?;
    let bytes = match mini_program(&company) {
        Some((appid, secret)) => app.wechat.mini_program_code(appid, secret, path).await?,
        None => render::qr_png(path).map_err(QrError::Render)?,
    };
    let name = format!("{stem}_{}_{:08x}_qrcode", now_ms(), rand::random::<u32>());
    let saved = storage::save(&app.files_root, &app.db, owner, None, QR_DIR, &name, &bytes).await;
    saved.map_err(|e| match e {
        StoreError::NotAllowed => QrError::NotAnImage,
        StoreError::Io(e) => QrError::Io(e),
        StoreError::Db(e) => QrError::Db(e),
    })
}

/// The company's mini-program (appid, secret), when both are set.
fn mini_program(company: &Company) -> Option<(&str, &str)> {
    match (
        company.wechat_appid.as_deref(),
        company.wechat_secret.as_deref(),
    ) {
        (Some(appid), Some(secret)) if !appid.is_empty() && !secret.is_empty() => {
            Some((appid, secret))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_paths_name_the_user_and_the_sharing_customer() {
        assert_eq!(card_path(7, None), "/pages/mingpian/index?uid=7&source=1");
        assert_eq!(
            card_path(7, Some(9)),
            "/pages/mingpian/index?uid=7&source=1&pid=9"
        );
    }
}
