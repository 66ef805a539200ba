//! The radar user's own code: `qiyeweixin/qr_code_auth` and
//! `qiyeweixin[/mingpian]/create_small_program_qr_code`. Both act only on
//! the signing user, whatever ids the request carries.

use crate::app::AppState;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::identity::ClientKind;
use crate::qr_codes::QrCodes;
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

/// Routes of the QR-code endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/zhugeleida/qiyeweixin/qr_code_auth", get(qr_code_auth))
        .route(
            "/zhugeleida/qiyeweixin/create_small_program_qr_code",
            post(create_small_program_qr_code),
        )
        // The later path of the same endpoint; a native route wins over the
        // card module's prefix.
        .route(
            "/zhugeleida/qiyeweixin/mingpian/create_small_program_qr_code",
            post(create_small_program_qr_code),
        )
}

/// `GET qiyeweixin/qr_code_auth`: (re)generates the caller's card code.
pub async fn qr_code_auth(State(codes): State<QrCodes>, Caller(me): Caller) -> ApiResult {
    let qr_code = regenerate_own(&codes, &me).await?;
    Ok(Envelope::ok(json!({ "qr_code": qr_code })).msg("生成小程序二维码成功"))
}

/// `POST qiyeweixin/create_small_program_qr_code`: the same, by hand from the card page.
pub async fn create_small_program_qr_code(
    State(codes): State<QrCodes>,
    Caller(me): Caller,
) -> ApiResult {
    let qr_code = regenerate_own(&codes, &me).await?;
    Ok(Envelope::ok(json!({ "qr_code": qr_code })).msg("生成用户二维码成功"))
}

async fn regenerate_own(codes: &QrCodes, me: &crate::identity::Principal) -> ApiResult<String> {
    if me.kind != ClientKind::RadarUser {
        return Err(ApiError::bad_token());
    }
    Ok(codes.regenerate_own(me).await?)
}
