//! Every `/zhugeleida/…` path no native route claims: authenticate, find the
//! module serving the path and the plugin serving that module, check the
//! company's switch for the slot, bind the capabilities, call, wrap.

use crate::api::scope;
use crate::app::AppState;
use crate::http::caller::record_tenant;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::identity::{ClientKind, Principal};
use crate::modules::registry::Choice;
use crate::modules::routes::object_id;
use crate::runtime::bindings::guest::{Request, Response};
use crate::runtime::bindings::guest_principal;
use crate::store::{companies, roles};
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, Uri};
use axum::response::{IntoResponse, Response as HttpResponse};
use std::sync::Arc;
use std::time::Instant;

/// The response header naming the build that answered (`slot@version+digest`).
pub const BUILD_HEADER: HeaderName = HeaderName::from_static("x-leida-build");

/// The router's fallback.
pub async fn handle(
    State(app): State<AppState>,
    method: Method,
    uri: Uri,
    fields: Fields,
) -> Result<HttpResponse, ApiError> {
    let path = uri.path();
    let (Some(kind), Some(slot)) = (ClientKind::for_path(path), app.modules.slot_of(path)) else {
        return Err(ApiError::unknown_path());
    };
    if method != Method::GET && method != Method::POST {
        return Err(ApiError::wrong_method());
    }
    let caller = app.auth.verify(kind, &fields.query).await?;
    let company_id = tenant(&app, &caller, &fields).await?;
    record_tenant(&Principal {
        company_id,
        ..caller
    });
    tracing::Span::current().record("module", slot.as_str());
    let company = companies::get(&app.db, company_id)
        .await?
        .ok_or_else(ApiError::bad_token)?;
    let Choice::Serve { build, canary } = app.modules.choose(company_id, &slot) else {
        return Err(ApiError::new(
            404,
            format!("模块 {slot} 未启用 (module not enabled)"),
        ));
    };
    let scope = app.request_scope(Arc::new(company), caller, &build.info);
    let request = Request {
        method: method.as_str().to_string(),
        path: path.to_string(),
        object_id: object_id(path),
        query: fields.unsigned_query(),
        form: fields.form,
        caller: guest_principal(&caller),
    };
    let label = build.label();
    let started = Instant::now();
    let answered = match app.runtime.handle(&build.prepared, scope, request).await {
        Ok(response) => {
            envelope(response).map_err(|why| ApiError::internal(format!("plugin {label}: {why}")))
        }
        Err(e) => Err(
            ApiError::new(500, format!("模块 {slot} 处理失败 (module failed)"))
                .caused_by(format!("plugin {label}: {e}")),
        ),
    };
    let failure = answered.as_ref().err().and_then(|e| e.cause.clone());
    app.modules.record(
        company_id,
        &build,
        canary,
        failure.as_deref(),
        started.elapsed(),
    );
    let mut response = match answered {
        Ok(envelope) => envelope.into_response(),
        Err(e) => e.into_response(),
    };
    if let Ok(value) = HeaderValue::from_str(&label) {
        response.headers_mut().insert(BUILD_HEADER, value);
    }
    Ok(response)
}

/// The company a module request acts in: the caller's, or the one its
/// `company_id` names, which only the operator may do (404 for anyone else,
/// 302 when it does not exist), as for the native routes.
async fn tenant(app: &AppState, caller: &Principal, fields: &Fields) -> ApiResult<i64> {
    match fields.int("company_id")? {
        None => Ok(caller.company_id),
        Some(id) if id == caller.company_id => Ok(id),
        requested => {
            let authority = roles::authority_of(&app.db, caller).await?;
            scope::company(&app.db, caller, authority, requested).await
        }
    }
}

/// The module's response in the one envelope; malformed JSON from a module
/// is its failure.
fn envelope(r: Response) -> Result<Envelope, String> {
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text);
    let data = if r.data.trim().is_empty() {
        Ok(serde_json::json!({}))
    } else {
        parse(&r.data)
    };
    let note = r.note.as_deref().map(parse).transpose();
    match (data, note) {
        (Ok(data), Ok(note)) => {
            let mut e = Envelope::new(r.code, r.msg, data);
            if let Some(note) = note {
                e.note = note;
            }
            Ok(e)
        }
        _ => Err("malformed JSON in the response".into()),
    }
}
