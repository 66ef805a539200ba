//! `leida:platform/files`: stored files under the public root of the data directory.

use super::ModuleState;
use crate::media::file_type::content_type;
use crate::media::statics::safe_public_path;
use crate::runtime::bindings::leida::platform::files::{Host, StoredFile};
use crate::runtime::bindings::types::Error;

impl Host for ModuleState {
    async fn public_url(&mut self, path: String) -> String {
        path.trim_start_matches('/').to_string()
    }

    async fn resolve(&mut self, path: String) -> Result<StoredFile, Error> {
        let scope = self.scope()?;
        let path = path.trim_start_matches('/').to_string();
        if !safe_public_path(&path) {
            return Err(Error::Invalid(format!("not a stored file path: {path:?}")));
        }
        let full = scope.files_root.join(&path);
        // symlink_metadata: a link is never followed out of the root.
        let meta = tokio::fs::symlink_metadata(&full)
            .await
            .map_err(|_| Error::NotFound)?;
        if !meta.is_file() {
            return Err(Error::NotFound);
        }
        Ok(StoredFile {
            url: path.clone(),
            content_type: content_type(&path).into(),
            size: meta.len(),
            path,
        })
    }
}
