//! The phone's side: the WeCom login route, called back with
//! `state=scan_code_web_login|<auth code>`, settles the code with the
//! login's outcome and redirects the phone to the console page that shows it.

use crate::db::Db;
use crate::http::envelope::{ApiError, ApiResult};
use crate::local_time::now_ms;
use crate::store::companies::Company;
use crate::store::scan_logins::{self, ScanState};
use crate::store::users::{self, RadarUser};
use axum::response::{IntoResponse, Redirect, Response};

/// The console pages the phone lands on.
const CONFIRMED: &str = "/#/login_success/index?code=200";
const DISABLED: &str = "/#/login_success/index?code=403";
const EXPIRED: &str = "/#/login_success/index?code=303";
const FAILED: &str = "/err_page";

/// Confirms `auth_code` for the user the WeCom login `resolved`, or refuses
/// it when the login failed; only a waiting, unexpired code of `company_id`
/// changes (any other is expired for the phone, a foreign one included).
pub async fn complete(
    db: &Db,
    company_id: i64,
    auth_code: &str,
    resolved: ApiResult<(Company, RadarUser)>,
) -> Response {
    match settle(db, company_id, auth_code, resolved).await {
        Ok(page) => Redirect::to(page).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn settle(
    db: &Db,
    company_id: i64,
    auth_code: &str,
    resolved: ApiResult<(Company, RadarUser)>,
) -> ApiResult<&'static str> {
    let now = now_ms();
    let (state, user_id, page) = match &resolved {
        Ok((_, user)) => (ScanState::Confirmed, Some(user.id), CONFIRMED),
        Err(e) if e.code == ApiError::disabled().code => (ScanState::Refused, None, DISABLED),
        Err(e) => {
            tracing::info!(company_id, code = e.code, msg = %e.msg, "scan login refused");
            (ScanState::Refused, None, FAILED)
        }
    };
    if !scan_logins::settle(db, company_id, auth_code, state, user_id, now).await? {
        return Ok(EXPIRED);
    }
    if let Some(user_id) = user_id {
        users::record_login(db, company_id, user_id).await?;
    }
    Ok(page)
}
