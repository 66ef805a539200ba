//! The per-pair code made after a customer binds to a radar user: it opens
//! the user's card with the customer as the one who shared it (`pid`).

use super::{card_path, make, QrError};
use crate::app::{App, AppState};
use crate::auth::{ClientKind, Principal};
use crate::media::storage;
use crate::store::relations::{self, PairFile};

/// Makes the pair's code in the background (binding must not wait for
/// WeChat) and records it as the relation's `qr_code`; a failure is logged.
pub fn spawn_pair_code(app: AppState, company_id: i64, user_id: i64, customer_id: i64) {
    tokio::spawn(async move {
        match pair_code(&app, company_id, user_id, customer_id).await {
            Ok(qr_code) => {
                tracing::debug!(company_id, user_id, customer_id, %qr_code, "per-pair code made")
            }
            Err(e) => tracing::warn!(
                company_id,
                user_id,
                customer_id,
                error = %e,
                "per-pair mini-program code failed"
            ),
        }
    });
}

async fn pair_code(
    app: &App,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
) -> Result<String, QrError> {
    let path = card_path(user_id, Some(customer_id));
    let stem = format!("{company_id}_{user_id}_{customer_id}");
    let owner = Principal {
        kind: ClientKind::RadarUser,
        id: user_id,
        company_id,
    };
    let qr_code = make(app, &owner, &path, &stem).await?;
    let file = PairFile::QrCode;
    if !relations::set_file(&app.db, company_id, user_id, customer_id, file, &qr_code).await? {
        // The relation was removed meanwhile.
        storage::discard(&app.files_root, &app.db, company_id, &qr_code).await;
        return Err(QrError::Gone("relation"));
    }
    Ok(qr_code)
}
