//! Request authentication: the signed query `rand_str = md5(timestamp + token)`
//! checked against the principal each client prefix names (DOMAIN §2.1), with
//! a freshness window and a replay cache (§0.5).

mod authority;
pub mod credentials;
mod principal;
mod replay;
mod signature;

pub use authority::Authority;
pub use principal::{ClientKind, Principal};

use crate::db::Db;
use crate::http::envelope::{ApiError, ApiResult};
use crate::store;
use replay::ReplayCache;

/// Verifies signed requests.
pub struct Authenticator {
    db: Db,
    window_ms: i64,
    replay: ReplayCache,
}

impl Authenticator {
    /// An authenticator accepting timestamps within `window_secs` of the clock.
    pub fn new(db: Db, window_secs: u64) -> Authenticator {
        Authenticator {
            db,
            window_ms: window_secs as i64 * 1000,
            replay: ReplayCache::default(),
        }
    }

    /// Checks the signature fields of `fields` for a principal of `kind`.
    pub async fn verify(
        &self,
        kind: ClientKind,
        fields: &[(String, String)],
    ) -> ApiResult<Principal> {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let (Some(rand_str), Some(timestamp), Some(user_id)) =
            (get("rand_str"), get("timestamp"), get("user_id"))
        else {
            return Err(ApiError::bad_token());
        };
        let id: i64 = user_id.trim().parse().map_err(|_| ApiError::bad_token())?;
        let now = crate::local_time::now_ms();
        if !signature::is_fresh(timestamp, now, self.window_ms) {
            return Err(ApiError::bad_token());
        }
        let cred = store::credentials::lookup(&self.db, kind, id)
            .await?
            .ok_or_else(ApiError::bad_token)?;
        if !signature::matches(rand_str, timestamp, &cred.token) {
            return Err(ApiError::bad_token());
        }
        if !self
            .replay
            .first_use(kind, id, timestamp, rand_str, now + self.window_ms)
        {
            return Err(ApiError::bad_token());
        }
        if !cred.account_enabled || !cred.company_enabled {
            return Err(ApiError::disabled());
        }
        Ok(Principal {
            kind,
            id,
            company_id: cred.company_id,
        })
    }
}
