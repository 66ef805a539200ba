//! The HTTP surface: envelope, fields, the caller extractor and the route table.

pub mod caller;
pub mod envelope;
pub mod fields;
pub mod path_id;

use crate::app::AppState;
use crate::modules::dispatch;
use crate::{chat, crm, logins, media, org, qr_codes, radar, realtime, wecom};
use axum::routing::{get, post};
use axum::Router;
use envelope::ApiError;

/// Native routes; everything else under `/zhugeleida/` goes to the modules.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/zhugeleida/xiaochengxu/login",
            get(logins::mini_program::login),
        )
        .route(
            "/zhugeleida/xiaochengxu/login/binding",
            get(logins::mini_program::binding),
        )
        .route(
            "/zhugeleida/xiaochengxu/login/send_user_info",
            post(logins::mini_program::send_user_info),
        )
        .route(
            "/zhugeleida/xiaochengxu/login/send_form_id",
            post(logins::mini_program::send_form_id),
        )
        .route("/zhugeleida/admin/login", post(logins::admin::login))
        .merge(org::routes())
        .merge(crm::routes())
        .merge(chat::routes())
        .merge(realtime::channels::routes())
        .merge(radar::routes())
        .merge(wecom::routes())
        .merge(logins::scan::routes())
        .merge(media::routes())
        .merge(qr_codes::routes())
        .fallback(dispatch::handle)
        .method_not_allowed_fallback(|| async { ApiError::new(402, "请求方式异常") })
}
