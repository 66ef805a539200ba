//! The scan-code web login's endpoints: the console asks for a code and its
//! QR image, then waits on its socket; the phone's WeCom login settles the
//! code (`completion`). The codes, limits and sweeper are in `scan_login`.

pub mod completion;
mod issue;
mod socket;

use crate::app::AppState;
use axum::routing::get;
use axum::Router;

/// Routes of the QR issue and the console's socket.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/zhugeleida/admin/open_qiyeweixin/web_scan_authorize_qrcode",
            get(issue::authorize_qrcode),
        )
        .route(
            "/zhugeleida/public/websocket/scan_code_web_login",
            get(socket::connect),
        )
}
