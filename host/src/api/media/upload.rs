//! `POST public/img_upload`: one base64 chunk of an upload.

use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::media::chunks::{self, UploadId};
use crate::media::{file_type, sources, Files};
use axum::extract::State;
use serde_json::json;

/// Stores chunk `chunk` of upload `timestamp` (form fields `img_name`,
/// `img_data`, `chunk`, `timestamp`, `img_source`).
pub async fn img_upload(
    State(files): State<Files>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    let upload = upload_id(&fields)?;
    let dir = chunks::upload_dir(files.root(), &me, &upload);
    let stored: ApiResult<()> = async {
        file_type::extension_of(fields.required("img_name")?)?;
        sources::folder(fields.required("img_source")?)?;
        let chunk = chunks::check_chunk(fields.required_int("chunk")?)?;
        let text = chunks::clean_text(fields.required("img_data")?)?;
        Ok(chunks::put(&dir, chunk, &text).await?)
    }
    .await;
    if stored.is_err() {
        // A refused chunk ends the upload: nothing of it stays behind.
        chunks::discard(&dir).await;
    }
    stored?;
    Ok(Envelope::ok(json!({})).msg("上传成功"))
}

/// The upload id: the form field `timestamp` only (the query one signs the request).
pub fn upload_id(fields: &Fields) -> ApiResult<UploadId> {
    let id = fields
        .form
        .iter()
        .find(|(k, _)| k == "timestamp")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing("timestamp"))?;
    Ok(UploadId::parse(id)?)
}
