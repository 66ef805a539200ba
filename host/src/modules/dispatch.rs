//! Runs a request in the module that serves its path: authenticate, check the
//! company's switch for the slot, bind the capabilities, call, wrap.

use crate::app::AppState;
use crate::auth::{Authority, ClientKind, Principal};
use crate::capabilities::RequestScope;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::org::scope;
use crate::runtime::bindings::guest::{Request, Response};
use crate::runtime::bindings::types::Principal as GuestPrincipal;
use crate::store::{companies, module_registry};
use axum::extract::State;
use axum::http::{Method, Uri};
use std::sync::Arc;

/// The fallback handler: every `/zhugeleida/…` path no native route claimed.
pub async fn handle(
    State(app): State<AppState>,
    method: Method,
    uri: Uri,
    fields: Fields,
) -> ApiResult {
    let path = uri.path();
    let (Some(kind), Some(module)) = (ClientKind::for_path(path), app.modules.route(path)) else {
        return Err(ApiError::new(404, "非法请求: 未知路径"));
    };
    if method != Method::GET && method != Method::POST {
        return Err(ApiError::new(402, "请求方式异常"));
    }
    let caller = app.auth.verify(kind, &fields.query).await?;
    let company_id = tenant(&app, &caller, &fields).await?;
    let (company, switch) = companies::get_with_switch(&app.db, company_id, &module.info.name)
        .await?
        .ok_or_else(ApiError::bad_token)?;
    if !module_registry::is_on(switch, module.bundled) {
        return Err(ApiError::new(
            404,
            format!("模块 {} 未启用 (module not enabled)", module.info.name),
        ));
    }
    let scope = RequestScope {
        db: app.db.clone(),
        company_id,
        caller,
        slot: module.info.name.clone(),
        collections: module.info.collections.clone(),
        module_label: module.label(),
        company: Arc::new(company),
        files_root: app.files_root.clone(),
        bus: app.bus.clone(),
        painter: app.painter.clone(),
    };
    let request = Request {
        method: method.as_str().to_string(),
        path: path.to_string(),
        object_id: path.rsplit('/').next().and_then(|last| last.parse().ok()),
        query: fields.unsigned_query(),
        form: fields.form,
        caller: guest_principal(caller),
    };
    match app.runtime.handle(&module.prepared, scope, request).await {
        Ok(response) => envelope(response),
        Err(_) => Err(ApiError::new(
            500,
            format!("模块 {} 处理失败 (module failed)", module.info.name),
        )),
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
            let authority = Authority::of(&app.db, caller).await?;
            scope::company(app, caller, authority, requested).await
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

/// The module's response in the one envelope; malformed JSON from a module is its failure.
fn envelope(r: Response) -> ApiResult {
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
        _ => Err(ApiError::internal("module returned malformed JSON")),
    }
}
