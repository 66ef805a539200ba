//! The one route table: every area's routes, the module fallback, and the
//! layers every request passes (a request id, a trace span naming the route
//! and the tenant, and the one log line of a failure).

use crate::api;
use crate::app::AppState;
use crate::http::envelope::{log_failure, ApiError, Failure};
use axum::extract::{MatchedPath, Request};
use axum::middleware::map_response;
use axum::response::Response;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

/// The whole HTTP surface of a host.
pub fn router(app: AppState) -> Router {
    Router::new()
        .merge(api::logins::routes())
        .merge(api::org::routes())
        .merge(api::crm::routes())
        .merge(api::chat::routes())
        .merge(api::radar::routes())
        .merge(api::sockets::routes())
        .merge(api::media::routes())
        .merge(api::qr_codes::routes())
        .merge(api::jssdk::routes())
        .merge(api::module_admin::routes())
        // Every other path is a module's, or none.
        .fallback(api::modules::handle)
        .method_not_allowed_fallback(|| async { ApiError::wrong_method() })
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(span_of))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(map_response(log_failures)),
        )
        .with_state(app)
}

/// The span of one request: its route pattern (raw paths carry ids), its
/// request id, and (recorded once known) the tenant and the module.
fn span_of(request: &Request) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("", MatchedPath::as_str);
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        method = %request.method(),
        route,
        request_id = id,
        company = tracing::field::Empty,
        module = tracing::field::Empty,
    )
}

/// Logs the failure a response carries, inside the request's span.
async fn log_failures(response: Response) -> Response {
    if let Some(Failure { code, cause }) = response.extensions().get::<Failure>() {
        log_failure(*code, cause);
    }
    response
}
