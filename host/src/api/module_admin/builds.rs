//! Plugin builds in the back office: the operator uploads them and makes
//! them available to companies; a company's admins list what they may use.

use crate::api::scope;
use crate::app::AppState;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::identity::Authority;
use crate::modules::install;
use crate::store::plugin_builds::{self, BuildRow};
use crate::store::{companies, Page};
use axum::body::Bytes;
use axum::extract::State;
use serde_json::{json, Value};

fn item(b: &BuildRow, grantees: Option<Vec<i64>>) -> Value {
    let mut v = json!({
        "slot": b.slot, "version": b.version, "digest": b.digest, "contract": b.contract,
        "size": b.size, "bundled": b.bundled(), "origin": b.origin,
        "installed_by": b.installed_by, "create_date": crate::local_time::iso(b.installed_at),
    });
    if let Some(companies) = grantees {
        v["companies"] = json!(companies);
    }
    v
}

fn paged<T>(list: Vec<T>, page: Page) -> Vec<T> {
    list.into_iter()
        .skip(page.offset as usize)
        .take(page.limit.map_or(usize::MAX, |l| l as usize))
        .collect()
}

/// `GET admin/module/builds` (`slot` optional): for the operator every
/// build with the companies it is granted to (or, naming `company_id`, the
/// builds that company may use); for a company's admins the builds it may use.
pub async fn list(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let authority = scope::require(&app.db, &me, Authority::TenantAdmin).await?;
    let page = fields.page(20)?;
    let slot = fields.present("slot");
    let everything = authority == Authority::Operator && fields.int("company_id")?.is_none();
    let (rows, with_grantees) = if everything {
        (plugin_builds::list(&app.db, slot).await?, true)
    } else {
        let company_id = scope::company(&app.db, &me, authority, fields.int("company_id")?).await?;
        let rows = plugin_builds::available_to(&app.db, company_id).await?;
        (
            rows.into_iter()
                .filter(|b| slot.is_none_or(|s| b.slot == s))
                .collect(),
            false,
        )
    };
    let count = rows.len();
    let mut items = Vec::new();
    for b in paged(rows, page) {
        let grantees = match with_grantees {
            true => Some(plugin_builds::grantees(&app.db, &b.digest).await?),
            false => None,
        };
        items.push(item(&b, grantees));
    }
    Ok(Envelope::ok(json!({ "ret_data": items, "data_count": count })).msg("查询成功"))
}

/// `POST admin/module/upload` (the operator; the body is the component):
/// checked like `leida module install`; answers `{slot, version, digest}`.
pub async fn upload(State(app): State<AppState>, Caller(me): Caller, body: Bytes) -> ApiResult {
    scope::require(&app.db, &me, Authority::Operator).await?;
    if body.is_empty() {
        return Err(ApiError::bad_form(
            "请求体必须是组件文件 (application/wasm)",
        ));
    }
    let actor = format!("admin:{}", me.id);
    let (installed, _) =
        install::install(&app.db, &app.runtime, body.to_vec(), "upload", &actor).await?;
    let data = serde_json::to_value(installed).map_err(ApiError::internal)?;
    Ok(Envelope::ok(data).msg("上传成功"))
}

/// The build and companies a grant or revoke names (`digest`, `company_id`
/// or a JSON list `company_ids`), each checked to exist.
async fn grant_fields(app: &AppState, fields: &Fields) -> ApiResult<(String, Vec<i64>)> {
    let digest = fields.required("digest")?.to_ascii_lowercase();
    if plugin_builds::get(&app.db, &digest).await?.is_none() {
        return Err(ApiError::no_such("构建"));
    }
    let ids: Vec<i64> = match (fields.int("company_id")?, fields.present("company_ids")) {
        (Some(id), _) => vec![id],
        (None, Some(list)) => serde_json::from_str(list)
            .map_err(|_| ApiError::bad_value("company_ids", "必须是公司ID的JSON列表"))?,
        (None, None) => return Err(ApiError::missing("company_ids")),
    };
    for id in &ids {
        if companies::get(&app.db, *id).await?.is_none() {
            return Err(ApiError::no_such("公司"));
        }
    }
    Ok((digest, ids))
}

/// `POST admin/module/grant` (the operator): makes a build available to companies.
pub async fn grant(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    scope::require(&app.db, &me, Authority::Operator).await?;
    let (digest, ids) = grant_fields(&app, &fields).await?;
    let by = format!("admin:{}", me.id);
    for id in &ids {
        plugin_builds::grant(&app.db, &digest, *id, &by).await?;
    }
    Ok(Envelope::ok(json!({ "digest": digest, "company_ids": ids })).msg("授权成功"))
}

/// `POST admin/module/revoke` (the operator): withdraws a build from
/// companies (a company using it keeps it until it switches away).
pub async fn revoke(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    scope::require(&app.db, &me, Authority::Operator).await?;
    let (digest, ids) = grant_fields(&app, &fields).await?;
    for id in &ids {
        plugin_builds::revoke(&app.db, &digest, *id).await?;
    }
    Ok(Envelope::ok(json!({ "digest": digest, "company_ids": ids })).msg("取消授权成功"))
}
