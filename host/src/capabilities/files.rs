//! `leida:platform/files`: the tenant's stored files under the public root
//! of the data directory (those `stored_files` records for its company).

use super::ModuleState;
use crate::identity::Principal;
use crate::media::chunks::{self, UploadId};
use crate::media::file_type::content_type;
use crate::media::files::safe_public_path;
use crate::runtime::bindings::leida::platform::files::{Host, StoredFile};
use crate::runtime::bindings::types::Error;
use crate::store::stored_files;

/// Where a module's files live, relative to the public root.
pub(super) fn module_folder(slot: &str) -> String {
    format!("statics/zhugeleida/imgs/modules/{slot}")
}

/// A stored file as the WIT record shows it.
pub(super) fn record(path: String, size: u64, content_type: String) -> StoredFile {
    StoredFile {
        url: path.clone(),
        size,
        content_type,
        path,
    }
}

impl Host for ModuleState {
    async fn public_url(&mut self, path: String) -> String {
        self.trace("files.public-url");
        path.trim_start_matches('/').to_string()
    }

    async fn resolve(&mut self, path: String) -> Result<StoredFile, Error> {
        self.trace("files.resolve");
        let scope = self.scope()?;
        let path = path.trim_start_matches('/').to_string();
        if !safe_public_path(&path) {
            return Err(Error::Invalid(format!("not a stored file path: {path:?}")));
        }
        // Only the tenant's own files exist for a module.
        if !stored_files::belongs_to(&scope.db, scope.company_id, &path).await? {
            return Err(Error::NotFound);
        }
        let (_, meta) = scope.files.open(&path).await.ok_or(Error::NotFound)?;
        Ok(record(path.clone(), meta.len(), content_type(&path).into()))
    }

    async fn put_chunk(
        &mut self,
        upload_id: String,
        chunk: u32,
        text: String,
    ) -> Result<(), Error> {
        self.trace("files.put-chunk");
        let scope = self.writable()?;
        let upload = UploadId::parse(&upload_id)?;
        let dir = chunks::upload_dir(scope.files.root(), &scope.caller, &upload);
        let kept = async {
            let chunk = chunks::check_chunk(i64::from(chunk))?;
            let text = chunks::clean_text(&text)?;
            chunks::put(&dir, chunk, &text).await
        }
        .await;
        if kept.is_err() {
            // As with img_upload: a refused chunk ends the upload.
            chunks::discard(&dir).await;
        }
        Ok(kept?)
    }

    async fn store_upload(
        &mut self,
        upload_id: String,
        chunk_num: u32,
    ) -> Result<StoredFile, Error> {
        self.trace("files.store-upload");
        let scope = self.writable()?;
        let upload = UploadId::parse(&upload_id)?;
        let chunk_num = chunks::check_chunk_num(i64::from(chunk_num))?;
        let dir = chunks::upload_dir(scope.files.root(), &scope.caller, &upload);
        let stored = async {
            let text = chunks::join(&dir, chunk_num).await?;
            let bytes = tokio::task::spawn_blocking(move || chunks::decode(&text, None))
                .await
                .map_err(super::errors::unavailable)??;
            let stem = format!("{:032x}", rand::random::<u128>());
            let folder = module_folder(&scope.slot);
            // Recorded in the request's company (the operator may act in another).
            let owner = Principal {
                company_id: scope.company_id,
                ..scope.caller
            };
            let path = scope
                .files
                .save(&owner, Some(&scope.slot), &folder, &stem, &bytes)
                .await?;
            Ok(record(
                path.clone(),
                bytes.len() as u64,
                content_type(&path).into(),
            ))
        }
        .await;
        // Stored or refused, the chunks are done with.
        chunks::discard(&dir).await;
        stored
    }

    async fn list_stored(&mut self) -> Vec<StoredFile> {
        self.trace("files.list-stored");
        let Ok(scope) = self.scope() else {
            return Vec::new();
        };
        match stored_files::of_slot(&scope.db, scope.company_id, &scope.slot).await {
            Ok(files) => files
                .into_iter()
                .map(|f| record(f.path, f.size.max(0) as u64, f.content_type))
                .collect(),
            Err(e) => {
                super::errors::unavailable(e);
                Vec::new()
            }
        }
    }

    async fn remove(&mut self, path: String) -> Result<(), Error> {
        self.trace("files.remove");
        let scope = self.writable()?;
        let path = path.trim_start_matches('/').to_string();
        let forgotten =
            stored_files::forget_of_slot(&scope.db, scope.company_id, &scope.slot, &path).await?;
        if !forgotten {
            return Err(Error::NotFound);
        }
        if let Err(e) = tokio::fs::remove_file(scope.files.root().join(&path)).await {
            tracing::warn!(path, error = %e, "removing a module's file");
        }
        Ok(())
    }
}
