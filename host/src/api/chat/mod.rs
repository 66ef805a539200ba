//! Chat over HTTP: history, sending, unread messages and counts for the
//! three clients, the radar user's contact list and the mini-program phone
//! number. Messages go through the `chat` service: stored, then the sockets
//! concerned are woken.

mod contacts;
mod customer;
mod phone;
mod radar;

use crate::app::AppState;
use axum::routing::{get, post};
use axum::Router;

/// Routes of the chat endpoints.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route("/zhugeleida/qiyeweixin/chat", get(radar::history))
        .route(
            "/zhugeleida/qiyeweixin/chat/send_msg/{id}",
            post(radar::send_msg),
        )
        .route(
            "/zhugeleida/qiyeweixin/chat/getmsg/{id}",
            get(radar::getmsg),
        )
        .route("/zhugeleida/qiyeweixin/contact", get(contacts::contact))
        .route(
            "/zhugeleida/qiyeweixin/contact/query_num",
            get(contacts::query_num),
        )
        .route(
            "/zhugeleida/xiaochengxu/chat/encrypted_phone_number/{id}",
            post(phone::encrypted_phone_number),
        );
    // Mini-program and public-account customers share one customers table
    // and one behaviour.
    for client in ["xiaochengxu", "gongzhonghao"] {
        router = router
            .route(
                &format!("/zhugeleida/{client}/chat"),
                get(customer::history),
            )
            .route(
                &format!("/zhugeleida/{client}/chat/send_msg/{{id}}"),
                post(customer::send_msg),
            )
            .route(
                &format!("/zhugeleida/{client}/chat/getmsg/{{id}}"),
                get(customer::getmsg),
            )
            .route(
                &format!("/zhugeleida/{client}/chat/query_num/{{id}}"),
                get(customer::query_num),
            );
    }
    router
}
