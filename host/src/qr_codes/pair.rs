//! The per-pair code made after a customer binds to a radar user: it opens
//! the user's card with the customer as the one who shared it (`pid`).

use super::{card_path, QrCodes, QrError};
use crate::identity::{ClientKind, Principal};
use crate::store::relations::{self, PairFile};

impl QrCodes {
    /// Makes the pair's code in the background (binding must not wait for
    /// WeChat) and records it as the relation's `qr_code`; a failure is logged.
    pub fn spawn_pair_code(&self, company_id: i64, user_id: i64, customer_id: i64) {
        let codes = self.clone();
        tokio::spawn(async move {
            match codes.pair_code(company_id, user_id, customer_id).await {
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
        &self,
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
        let qr_code = self.make(&owner, &path, &stem).await?;
        let file = PairFile::QrCode;
        if !relations::set_file(&self.db, company_id, user_id, customer_id, file, &qr_code).await? {
            // The relation was removed meanwhile.
            self.files.discard(company_id, &qr_code).await;
            return Err(QrError::Gone("relation"));
        }
        Ok(qr_code)
    }
}
