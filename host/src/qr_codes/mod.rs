//! Mini-program codes of radar users and of user–customer pairs: fetched from
//! WeChat's `wxacode` API when the company has mini-program credentials,
//! rendered locally as a standard QR code otherwise. Either way scanning
//! yields the same card path. The endpoints are in `api::qr_codes`.

mod pair;
pub mod render;

use crate::db::Db;
use crate::identity::Principal;
use crate::local_time::now_ms;
use crate::media::{Files, MediaError};
use crate::store::companies::{self, Company};
use crate::store::{users, StoreError};
use crate::wechat::{WeChat, WeChatError};
use std::sync::Arc;

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
    /// The image could not be stored.
    #[error("storing the QR code: {0}")]
    Store(#[from] MediaError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] StoreError),
    /// The company, user or relation is gone.
    #[error("{0} does not exist")]
    Gone(&'static str),
}

/// Makes mini-program codes and stores them as files of their owners.
#[derive(Clone)]
pub struct QrCodes {
    wechat: Arc<WeChat>,
    files: Files,
    db: Db,
}

impl QrCodes {
    /// Codes from `wechat` (or rendered here), stored in `files`.
    pub fn new(wechat: Arc<WeChat>, files: Files, db: Db) -> QrCodes {
        QrCodes { wechat, files, db }
    }

    /// Makes the code of `path` for the owner's company and stores it as the
    /// owner's file under a server-chosen name starting with `stem`; returns
    /// the stored path (`statics/…`), relative to the public root.
    async fn make(&self, owner: &Principal, path: &str, stem: &str) -> Result<String, QrError> {
        let company = companies::get(&self.db, owner.company_id)
            .await?
            .ok_or(QrError::Gone("company"))?;
        let bytes = match mini_program(&company) {
            Some((appid, secret)) => self.wechat.mini_program_code(appid, secret, path).await?,
            None => render::qr_png(path).map_err(QrError::Render)?,
        };
        let name = format!("{stem}_{}_{:08x}_qrcode", now_ms(), rand::random::<u32>());
        let saved = self.files.save(owner, None, QR_DIR, &name, &bytes).await;
        saved.map_err(|e| match e {
            MediaError::NotAllowed => QrError::NotAnImage,
            other => QrError::Store(other),
        })
    }

    /// Makes the radar user's own card code and records it as their `qr_code`.
    pub async fn regenerate_own(&self, me: &Principal) -> Result<String, QrError> {
        users::get(&self.db, me.company_id, me.id)
            .await?
            .ok_or(QrError::Gone("user"))?;
        let stem = format!("{}_{}", me.company_id, me.id);
        let qr_code = self.make(me, &card_path(me.id, None), &stem).await?;
        if !users::set_qr_code(&self.db, me.company_id, me.id, &qr_code).await? {
            self.files.discard(me.company_id, &qr_code).await;
            return Err(QrError::Gone("user"));
        }
        Ok(qr_code)
    }
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
