//! Logins and the session set-up that precedes signed requests: mini-program
//! customers through WeChat, radar users through WeCom, back-office admins
//! by password, and the web console's scan-code login.

mod admin;
mod mini_program;
mod scan;
mod wecom;

use crate::app::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Routes of every login.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/zhugeleida/xiaochengxu/login", get(mini_program::login))
        .route(
            "/zhugeleida/xiaochengxu/login/binding",
            get(mini_program::binding),
        )
        .route(
            "/zhugeleida/xiaochengxu/login/send_user_info",
            post(mini_program::send_user_info),
        )
        .route(
            "/zhugeleida/xiaochengxu/login/send_form_id",
            post(mini_program::send_form_id),
        )
        .route("/zhugeleida/admin/login", post(admin::login))
        .route(
            "/zhugeleida/qiyeweixin/work_weixin_auth/{company_id}",
            get(wecom::login),
        )
        .merge(scan::routes())
}
