//! The radar views of a salesperson's action log: by time, by customer, by
//! action, one customer's detail and the newest entries. Each
//! shows only the caller's own log.

mod by_customer;
mod counts;
mod filters;
mod labels;
mod new_log;
mod timeline;

use crate::app::AppState;
use axum::routing::get;
use axum::Router;

/// Routes of the radar views.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/zhugeleida/qiyeweixin/action/time", get(timeline::time))
        .route(
            "/zhugeleida/qiyeweixin/action/get_new_log",
            get(new_log::get_new_log),
        )
        .route(
            "/zhugeleida/qiyeweixin/action/customer",
            get(by_customer::customer),
        )
        .route(
            "/zhugeleida/qiyeweixin/action/customer_detail",
            get(by_customer::customer_detail),
        )
        .route("/zhugeleida/qiyeweixin/action/count", get(counts::count))
}
