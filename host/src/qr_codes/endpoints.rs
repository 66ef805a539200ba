//! The radar user's own code: `qiyeweixin/qr_code_auth` and
//! `qiyeweixin[/mingpian]/create_small_program_qr_code`. Both act only on
//! the signing user, whatever ids the request carries.

use super::{card_path, make, QrError};
use crate::app::AppState;
use crate::auth::{ClientKind, Principal};
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::media::storage;
use crate::store::users;
use axum::extract::State;
use serde_json::json;

/// `GET qiyeweixin/qr_code_auth`: (re)generates the caller's card code.
pub async fn qr_code_auth(State(app): State<AppState>, Caller(me): Caller) -> ApiResult {
    let qr_code = regenerate_own(&app, &me).await?;
    Ok(Envelope::ok(json!({ "qr_code": qr_code })).msg("生成小程序二维码成功"))
}

/// `POST qiyeweixin/create_small_program_qr_code`: the same, by hand from the card page.
pub async fn create_small_program_qr_code(
    State(app): State<AppState>,
    Caller(me): Caller,
) -> ApiResult {
    let qr_code = regenerate_own(&app, &me).await?;
    Ok(Envelope::ok(json!({ "qr_code": qr_code })).msg("生成用户二维码成功"))
}

/// Makes the caller's code and records it as their `qr_code`.
async fn regenerate_own(app: &AppState, me: &Principal) -> ApiResult<String> {
    if me.kind != ClientKind::RadarUser {
        return Err(ApiError::bad_token());
    }
    users::get(&app.db, me.company_id, me.id)
        .await?
        .ok_or_else(|| ApiError::no_such("用户"))?;
    let stem = format!("{}_{}", me.company_id, me.id);
    let qr_code = make(app, me, &card_path(me.id, None), &stem).await?;
    if !users::set_qr_code(&app.db, me.company_id, me.id, &qr_code).await? {
        storage::discard(&app.files_root, &app.db, me.company_id, &qr_code).await;
        return Err(QrError::Gone("user").into());
    }
    Ok(qr_code)
}
