//! Request authentication: the signed query `rand_str = md5(timestamp + token)`
//! checked against the principal each client prefix names, with a freshness
//! window and a replay cache (a captured request cannot be sent again).

pub mod credentials;
mod replay;
pub mod signature;

use crate::db::Db;
use crate::identity::{ClientKind, Principal};
use crate::store::{self, StoreError};
use replay::ReplayCache;
use std::sync::Arc;

/// Why a signed request was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Missing, stale, replayed or wrong signature fields.
    #[error("bad signature")]
    BadSignature,
    /// The account or its company is disabled.
    #[error("account disabled")]
    Disabled,
    /// The credentials could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Verifies signed requests; clones share one replay cache.
#[derive(Clone)]
pub struct Authenticator {
    db: Db,
    window_ms: i64,
    replay: Arc<ReplayCache>,
}

impl Authenticator {
    /// An authenticator accepting timestamps within `window_secs` of the clock.
    pub fn new(db: Db, window_secs: u64) -> Authenticator {
        Authenticator {
            db,
            window_ms: window_secs as i64 * 1000,
            replay: Arc::default(),
        }
    }

    /// Checks the signature fields of `fields` for a principal of `kind`.
    pub async fn verify(
        &self,
        kind: ClientKind,
        fields: &[(String, String)],
    ) -> Result<Principal, AuthError> {
        self.verify_any(&[kind], fields).await
    }

    /// Checks the signature fields of `fields` for a principal of any of
    /// `kinds`: the kind whose token verifies the signature is the caller
    /// (tokens are random, so at most one does). Only the accepted signature
    /// is recorded in the replay cache.
    pub async fn verify_any(
        &self,
        kinds: &[ClientKind],
        fields: &[(String, String)],
    ) -> Result<Principal, AuthError> {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let (Some(rand_str), Some(timestamp), Some(user_id)) =
            (get("rand_str"), get("timestamp"), get("user_id"))
        else {
            return Err(AuthError::BadSignature);
        };
        let id: i64 = user_id
            .trim()
            .parse()
            .map_err(|_| AuthError::BadSignature)?;
        let now = crate::local_time::now_ms();
        if !signature::is_fresh(timestamp, now, self.window_ms) {
            return Err(AuthError::BadSignature);
        }
        let mut accepted = None;
        for &kind in kinds {
            if let Some(cred) = store::credentials::lookup(&self.db, kind, id).await? {
                if signature::matches(rand_str, timestamp, &cred.token) {
                    accepted = Some((kind, cred));
                    break;
                }
            }
        }
        let (kind, cred) = accepted.ok_or(AuthError::BadSignature)?;
        if !self
            .replay
            .first_use(kind, id, timestamp, rand_str, now + self.window_ms)
        {
            return Err(AuthError::BadSignature);
        }
        if !cred.account_enabled || !cred.company_enabled {
            return Err(AuthError::Disabled);
        }
        Ok(Principal {
            kind,
            id,
            company_id: cred.company_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A migrated SQLite database holding customer 1 (token `tc`) and radar
    /// user 1 (token `tr`) of company 1: the same id in two kinds.
    async fn two_kinds_with_one_id() -> Db {
        let dir = std::env::temp_dir().join(format!("leida-auth-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let db = Db::connect(&format!("sqlite://{}/t.db", dir.display()))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        for sql in [
            "INSERT INTO companies (id, name, created_at) VALUES (1, 'c', 0)",
            "INSERT INTO customers (id, company_id, user_type, openid, token, created_at) \
             VALUES (1, 1, 1, 'o', 'tc', 0)",
            "INSERT INTO radar_users (id, company_id, username, token, created_at) \
             VALUES (1, 1, 'u', 'tr', 0)",
        ] {
            sqlx::query(sql).execute(db.writer()).await.unwrap();
        }
        db
    }

    fn signed(token: &str) -> Vec<(String, String)> {
        let ts = crate::local_time::now_ms().to_string();
        vec![
            ("rand_str".into(), signature::sign(&ts, token)),
            ("timestamp".into(), ts),
            ("user_id".into(), "1".into()),
        ]
    }

    #[tokio::test]
    async fn the_kind_whose_token_verifies_is_the_caller() {
        let auth = Authenticator::new(two_kinds_with_one_id().await, 300);
        let radar = signed("tr");
        let me = auth.verify_any(&ClientKind::ALL, &radar).await.unwrap();
        assert_eq!(me.kind, ClientKind::RadarUser);
        // The customer candidate was tried first and failed: it recorded nothing.
        let get = |k: &str| radar.iter().find(|(n, _)| n == k).unwrap().1.clone();
        let (ts, rs) = (get("timestamp"), get("rand_str"));
        assert!(auth
            .replay
            .first_use(ClientKind::Customer, 1, &ts, &rs, i64::MAX));
        // The accepted one is recorded: a replay is refused.
        assert!(matches!(
            auth.verify_any(&ClientKind::ALL, &radar).await,
            Err(AuthError::BadSignature)
        ));
        let customer = auth
            .verify_any(&ClientKind::ALL, &signed("tc"))
            .await
            .unwrap();
        assert_eq!(customer.kind, ClientKind::Customer);
        // A token of no candidate kind verifies nothing.
        assert!(matches!(
            auth.verify_any(&[ClientKind::Admin], &signed("tr")).await,
            Err(AuthError::BadSignature)
        ));
        assert!(auth
            .verify_any(&ClientKind::ALL, &signed("x"))
            .await
            .is_err());
    }
}
