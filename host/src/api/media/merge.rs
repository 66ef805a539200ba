//! `POST public/img_merge`: joins the chunks of an upload, checks what the
//! file really is, and stores it under a server-chosen name.

use super::upload::upload_id;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::identity::Principal;
use crate::media::{chunks, file_type, sources, Files};
use axum::extract::State;
use serde_json::json;
use std::path::Path;

/// Merges upload `timestamp` of `chunk_num` chunks into a file of the folder
/// `img_source` names; answers its path both as `ret_data.picture_url` and
/// as `picture_url` (clients read either).
pub async fn img_merge(
    State(files): State<Files>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    let upload = upload_id(&fields)?;
    let dir = chunks::upload_dir(files.root(), &me, &upload);
    let merged = merge(&files, &me, &fields, &dir).await;
    // Merged or refused, the chunks are done with.
    chunks::discard(&dir).await;
    let path = merged?;
    Ok(Envelope::ok(json!({
        "ret_data": {"picture_url": path},
        "picture_url": path,
    }))
    .msg("添加图片成功"))
}

async fn merge(files: &Files, me: &Principal, fields: &Fields, dir: &Path) -> ApiResult<String> {
    let (_, named) = file_type::extension_of(fields.required("img_name")?)?;
    let folder = sources::folder(fields.required("img_source")?)?;
    let chunk_num = chunks::check_chunk_num(fields.required_int("chunk_num")?)?;
    let text = chunks::join(dir, chunk_num).await?;
    let bytes = tokio::task::spawn_blocking(move || chunks::decode(&text, Some(named)))
        .await
        .map_err(ApiError::internal)??;
    let stem = format!("{:032x}", rand::random::<u128>());
    let folder = format!("statics/zhugeleida/imgs/{folder}");
    Ok(files.save(me, None, &folder, &stem, &bytes).await?)
}
