//! `POST admin/login`: back-office accounts.

use crate::auth::credentials::{check_password, hash_password, PasswordCheck};
use crate::db::Db;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::local_time;
use crate::store::{admins, companies};
use axum::extract::State;
use serde_json::json;

/// Checks username and password; answers with the admin's token and company.
pub async fn login(State(db): State<Db>, fields: Fields) -> ApiResult {
    let username = fields.required("username")?;
    let password = fields.required("password")?;
    let wrong = || ApiError::new(401, "账号或密码错误");
    let admin = admins::by_username(&db, username)
        .await?
        .ok_or_else(wrong)?;
    let check = check_password(password, &admin.password_hash);
    if check == PasswordCheck::Mismatch {
        return Err(wrong());
    }
    let company = companies::get(&db, admin.company_id)
        .await?
        .ok_or_else(wrong)?;
    if admin.status != 1 || company.status != 1 {
        return Err(ApiError::disabled());
    }
    let upgraded = match check {
        PasswordCheck::OkUpgrade => Some(hash_password(password)?),
        _ => None,
    };
    admins::record_login(&db, admin.id, upgraded.as_deref()).await?;
    Ok(Envelope::ok(json!({
        "token": admin.token,
        "user_id": admin.id,
        "set_avatar": admin.avatar,
        "avatar": admin.avatar,
        "company_name": company.name,
        "company_id": company.id,
        "role_id": null,
        "role_name": "",
        "last_login_date": admin.last_login_at.map(local_time::datetime),
        "is_reset_password": false,
        "weChatQrCode": "",
        "gzh_notice_qrcode": "",
    }))
    .msg("登录成功"))
}
