//! `leida:platform/files`: the tenant's stored files under the public root
//! of the data directory (those `stored_files` records for its company).

use super::ModuleState;
use crate::media::file_type::content_type;
use crate::media::statics::{open, safe_public_path};
use crate::runtime::bindings::leida::platform::files::{Host, StoredFile};
use crate::runtime::bindings::types::Error;
use crate::store::stored_files;

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
        // Only the tenant's own files exist for a module.
        let own = stored_files::belongs_to(&scope.db, scope.company_id, &path)
            .await
            .map_err(super::errors::unavailable)?;
        if !own {
            return Err(Error::NotFound);
        }
        let (_, meta) = open(&scope.files_root, &path)
            .await
            .ok_or(Error::NotFound)?;
        Ok(StoredFile {
            url: path.clone(),
            content_type: content_type(&path).into(),
            size: meta.len(),
            path,
        })
    }
}
