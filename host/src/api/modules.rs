//! Every `/zhugeleida/…` path no native route claims: authenticate, find the
//! module serving the path and the plugin serving that module, check the
//! company's switch for the slot, bind the capabilities, call, wrap.

use crate::api::scope;
use crate::app::AppState;
use crate::http::caller::tenant_of_request;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::identity::{ClientKind, Principal};
use crate::runtime::bindings::guest::{Request, Response};
use crate::runtime::bindings::types::Principal as GuestPrincipal;
use crate::store::{companies, module_registry, roles};
use axum::extract::State;
use axum::http::{Method, Uri};
use std::sync::Arc;

/// The router's fallback.
pub async fn handle(
    State(app): State<AppState>,
    method: Method,
    uri: Uri,
    fields: Fields,
) -> ApiResult {
    let path = uri.path();
    let (Some(kind), Some(plugin)) = (ClientKind::for_path(path), app.modules.route(path)) else {
        return Err(ApiError::unknown_path());
    };
    let module = &plugin.info;
    if method != Method::GET && method != Method::POST {
        return Err(ApiError::wrong_method());
    }
    let caller = app.auth.verify(kind, &fields.query).await?;
    let company_id = tenant(&app, &caller, &fields).await?;
    tenant_of_request(&Principal {
        company_id,
        ..caller
    });
    let (company, switch) = companies::get_with_switch(&app.db, company_id, &module.slot)
        .await?
        .ok_or_else(ApiError::bad_token)?;
    if !module_registry::is_on(switch, plugin.bundled) {
        return Err(ApiError::new(
            404,
            format!("模块 {} 未启用 (module not enabled)", module.slot),
        ));
    }
    let scope = app.request_scope(Arc::new(company), caller, module);
    let request = Request {
        method: method.as_str().to_string(),
        path: path.to_string(),
        object_id: path.rsplit('/').next().and_then(|last| last.parse().ok()),
        query: fields.unsigned_query(),
        form: fields.form,
        caller: guest_principal(caller),
    };
    let cause = |why: &dyn std::fmt::Display| format!("module {}: {why}", module.label());
    match app.runtime.handle(&plugin.prepared, scope, request).await {
        Ok(response) => envelope(response).map_err(|why| ApiError::internal(cause(&why))),
        Err(e) => Err(ApiError::new(
            500,
            format!("模块 {} 处理失败 (module failed)", module.slot),
        )
        .caused_by(cause(&e))),
    }
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

fn guest_principal(p: Principal) -> GuestPrincipal {
    let id = p.id as u64;
    match p.kind {
        ClientKind::Customer => GuestPrincipal::Customer(id),
        ClientKind::RadarUser => GuestPrincipal::RadarUser(id),
        ClientKind::Admin => GuestPrincipal::Admin(id),
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
