//! Logins and the session set-up that precedes signed requests: mini-program
//! customers through WeChat, public-account customers through WeChat's
//! OAuth (share links), radar users through WeCom, back-office admins by
//! password, and the web console's scan-code login.

mod admin;
mod mini_program;
mod public_account;
mod scan;
mod wecom;

use crate::app::AppState;
use axum::routing::{any, get, post};
use axum::Router;

/// Routes of every login.
pub fn routes() -> Router<AppState> {
    Router::new()
        // The case-library mini-program signs in at `test_login`: the same
        // logins under a second name.
        .route("/zhugeleida/xiaochengxu/login", get(mini_program::login))
        .route(
            "/zhugeleida/xiaochengxu/test_login",
            get(mini_program::login),
        )
        .route(
            "/zhugeleida/xiaochengxu/login/binding",
            get(mini_program::binding),
        )
        .route(
            "/zhugeleida/xiaochengxu/login/send_user_info",
            post(mini_program::send_user_info),
        )
        .route(
            "/zhugeleida/xiaochengxu/test_login/send_user_info",
            post(mini_program::send_user_info),
        )
        .route(
            "/zhugeleida/xiaochengxu/login/send_form_id",
            post(mini_program::send_form_id),
        )
        .route(
            "/zhugeleida/xiaochengxu/test_login/send_form_id",
            post(mini_program::send_form_id),
        )
        .route("/zhugeleida/admin/login", post(admin::login))
        .route(
            "/zhugeleida/qiyeweixin/work_weixin_auth/{company_id}",
            get(wecom::login),
        )
        // The article module serves this path; registered here because the
        // WeCom login's `{company_id}` would otherwise swallow it before the
        // module fallback sees it.
        .route(
            "/zhugeleida/qiyeweixin/work_weixin_auth/create_gongzhonghao_share_auth_url",
            any(crate::api::modules::handle),
        )
        .route(
            "/zhugeleida/gongzhonghao/work_gongzhonghao_auth",
            get(public_account::landing),
        )
        .route(
            "/zhugeleida/gongzhonghao/work_gongzhonghao_auth/redirect_share_url",
            get(public_account::redirect_share_url),
        )
        .merge(scan::routes())
}
