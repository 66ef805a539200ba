//! `leida:platform/images`: a canvas drawn by the host's painter and stored
//! as a file of the calling module in the tenant, like `files.store-upload`.
//! Pictures come only from the tenant's own stored files, read from disk:
//! never fetched from a URL.

use super::files::{module_folder, record};
use super::ModuleState;
use crate::images::{bounds, Pictures};
use crate::media::file_type::content_type;
use crate::runtime::bindings::leida::platform::files::StoredFile;
use crate::runtime::bindings::leida::platform::images::{Canvas, Format, Host, Layer};
use crate::runtime::bindings::types::Error;
use crate::store::stored_files;
use tokio::io::AsyncReadExt;

/// Largest stored file read as a picture (uploads are capped below this).
const MAX_PICTURE_BYTES: u64 = 16 << 20;

impl Host for ModuleState {
    async fn render(&mut self, canvas: Canvas, format: Format) -> Result<StoredFile, Error> {
        self.trace("images.render");
        let scope = self.writable()?;
        bounds::check(&canvas).map_err(Error::Invalid)?;
        let pictures = pictures_of(scope, &canvas).await?;
        let painter = scope.painter.clone();
        let bytes = tokio::task::spawn_blocking(move || painter.draw(&canvas, &pictures, format))
            .await
            .map_err(super::errors::unavailable)??;
        let stem = format!("{:032x}", rand::random::<u128>());
        let folder = module_folder(&scope.slot);
        let path = scope
            .files
            .save(&scope.caller, Some(&scope.slot), &folder, &stem, &bytes)
            .await?;
        let content_type = content_type(&path).into();
        Ok(record(path, bytes.len() as u64, content_type))
    }
}

/// The bytes of every picture the canvas names that is a stored file of the
/// request's company; the others are left out, so their layers are skipped.
async fn pictures_of(scope: &super::RequestScope, canvas: &Canvas) -> Result<Pictures, Error> {
    let mut pictures = Pictures::new();
    for layer in &canvas.layers {
        let Layer::Picture(p) = layer else {
            continue;
        };
        if pictures.contains_key(&p.path) {
            continue;
        }
        let path = p.path.trim_start_matches('/');
        if !stored_files::belongs_to(&scope.db, scope.company_id, path).await? {
            continue;
        }
        // `open` refuses unsafe paths and symlinks on the way.
        let Some((file, meta)) = scope.files.open(path).await else {
            continue;
        };
        if meta.len() > MAX_PICTURE_BYTES {
            continue;
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        if let Err(e) = file.take(MAX_PICTURE_BYTES).read_to_end(&mut bytes).await {
            tracing::warn!(path, error = %e, "reading a picture");
            continue;
        }
        pictures.insert(p.path.clone(), bytes);
    }
    Ok(pictures)
}
