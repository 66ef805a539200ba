//! `POST public/img_merge`: joins the chunks of an upload, checks what the
//! file really is, and stores it under a server-chosen name.

use super::chunks::{self, MAX_FILE_BYTES};
use super::file_type::{self, FileType};
use super::sources;
use super::storage;
use super::upload::upload_id;
use crate::app::AppState;
use crate::auth::Principal;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use axum::extract::State;
use base64::Engine;
use serde_json::json;
use std::path::Path;

/// Merges upload `timestamp` of `chunk_num` chunks into a file of the folder
/// `img_source` names; answers its path as `ret_data.picture_url` (seed) and
/// `picture_url` (DOMAIN §4.10).
pub async fn img_merge(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    let upload = upload_id(&fields)?;
    let dir = chunks::upload_dir(&app.files_root, &me, &upload);
    let merged = merge(&app.files_root, &app.db, &me, &fields, &dir).await;
    // Merged or refused, the chunks are done with.
    chunks::discard(&dir).await;
    let path = merged?;
    Ok(Envelope::ok(json!({
        "ret_data": {"picture_url": path},
        "picture_url": path,
    }))
    .msg("添加图片成功"))
}

async fn merge(
    root: &Path,
    db: &crate::db::Db,
    me: &Principal,
    fields: &Fields,
    dir: &Path,
) -> ApiResult<String> {
    let (_, named) = file_type::extension_of(fields.required("img_name")?)?;
    let folder = sources::folder(fields.required("img_source")?)?;
    let chunk_num = chunks::check_chunk_num(fields.required_int("chunk_num")?)?;
    let text = chunks::join(dir, chunk_num).await?;
    let bytes = tokio::task::spawn_blocking(move || decode(&text, Some(named)))
        .await
        .map_err(ApiError::internal)??;
    let stem = format!("{:032x}", rand::random::<u128>());
    let folder = format!("statics/zhugeleida/imgs/{folder}");
    storage::save(root, db, me, None, &folder, &stem, &bytes)
        .await
        .map_err(ApiError::internal)
}

/// The decoded file; 303 unless it is base64, within the size limit, of an
/// allowed type and, when the client named one, of that type.
pub fn decode(text: &str, named: Option<FileType>) -> ApiResult<Vec<u8>> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| ApiError::bad_form("img_data: 不是有效的base64文本"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(chunks::too_large());
    }
    match FileType::sniff(&bytes) {
        Some(found) if named.is_none_or(|n| n == found) => Ok(bytes),
        Some(_) => Err(ApiError::bad_form("文件内容与扩展名不符")),
        None => Err(ApiError::bad_form("文件类型不允许")),
    }
}
