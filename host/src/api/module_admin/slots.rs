//! A company's module slots in the back office: the list, the history, and
//! the changes (use, canary, promote, roll back, enable, disable).

use crate::api::scope;
use crate::app::AppState;
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::identity::Principal;
use crate::modules::assign::{self, Actor, Target};
use crate::modules::view;
use crate::store::company_modules;
use axum::extract::State;
use serde_json::{json, Value};

/// The company a slot request acts on and who acts, as the history names them.
async fn managed(db: &Db, me: &Principal, fields: &Fields) -> ApiResult<(i64, String)> {
    let (_, company_id) = scope::managed(db, me, fields).await?;
    Ok((company_id, format!("admin:{}", me.id)))
}

/// The company's slot after a change, as the list shows it.
async fn answer(db: &Db, company_id: i64, slot: &str, msg: &str) -> ApiResult {
    let views = view::company_slots(db, company_id).await?;
    let view = views
        .into_iter()
        .find(|v| v.slot == slot)
        .ok_or_else(|| ApiError::no_such("模块"))?;
    let data = serde_json::to_value(view).map_err(ApiError::internal)?;
    Ok(Envelope::ok(json!({ "company_id": company_id, "ret_data": [data] })).msg(msg))
}

/// `GET admin/module`: every module slot of the company.
pub async fn list(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let (company_id, _) = managed(&app.db, &me, &fields).await?;
    let views = view::company_slots(&app.db, company_id).await?;
    let count = views.len();
    let data = serde_json::to_value(views).map_err(ApiError::internal)?;
    Ok(
        Envelope::ok(json!({ "company_id": company_id, "ret_data": data, "data_count": count }))
            .msg("查询成功"),
    )
}

/// `GET admin/module/history` (`slot` optional): the changes, newest first, paged.
pub async fn history(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let (company_id, _) = managed(&app.db, &me, &fields).await?;
    let page = fields.page(20)?;
    let rows =
        company_modules::history(&app.db, company_id, fields.present("slot"), 10_000).await?;
    let count = rows.len();
    let shown = rows
        .iter()
        .skip(page.offset as usize)
        .take(page.limit.map_or(usize::MAX, |l| l as usize));
    let items: Vec<Value> = shown.map(view::history_item).collect();
    Ok(Envelope::ok(json!({ "ret_data": items, "data_count": count })).msg("查询成功"))
}

/// `POST admin/module/use` (`slot`, `digest` or `bundled`, `canary` 1–100):
/// a build available to the company serves its slot, whole or as a canary.
pub async fn use_build(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    let (company_id, actor) = managed(&app.db, &me, &fields).await?;
    let slot = fields.required("slot")?;
    let target = Target::parse(fields.required("digest")?);
    let canary = fields.int("canary")?;
    let who = Actor {
        name: &actor,
        granted_only: true,
    };
    assign::use_build(&app.db, company_id, slot, &target, canary, who).await?;
    app.modules
        .apply(vec![(company_id, slot.to_string())])
        .await?;
    answer(&app.db, company_id, slot, "切换成功").await
}

/// `POST admin/module/promote` (`slot`): the canary serves the whole slot.
pub async fn promote(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    change(&app, &me, &fields, Change::Promote, "全量发布成功").await
}

/// `POST admin/module/rollback` (`slot`): back to the previous assignment.
pub async fn rollback(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    change(&app, &me, &fields, Change::Rollback, "回滚成功").await
}

/// `POST admin/module/enable` (`slot`).
pub async fn enable(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    change(&app, &me, &fields, Change::Switch(true), "启用成功").await
}

/// `POST admin/module/disable` (`slot`).
pub async fn disable(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    change(&app, &me, &fields, Change::Switch(false), "停用成功").await
}

enum Change {
    Promote,
    Rollback,
    Switch(bool),
}

async fn change(
    app: &AppState,
    me: &Principal,
    fields: &Fields,
    change: Change,
    msg: &str,
) -> ApiResult {
    let (company_id, actor) = managed(&app.db, me, fields).await?;
    let slot = fields.required("slot")?;
    let who = Actor {
        name: &actor,
        granted_only: true,
    };
    match change {
        Change::Promote => assign::promote(&app.db, company_id, slot, who).await?,
        Change::Rollback => assign::rollback(&app.db, company_id, slot, who).await?,
        Change::Switch(on) => assign::set_enabled(&app.db, company_id, slot, on, who).await?,
    };
    // This host applies it now; the others within a second.
    app.modules
        .apply(vec![(company_id, slot.to_string())])
        .await?;
    answer(&app.db, company_id, slot, msg).await
}
