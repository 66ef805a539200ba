//! The token and status behind a signed request.

use super::Result;
use crate::db::Db;
use crate::identity::ClientKind;
use sqlx::Row;

/// What authentication needs to know about an account.
pub struct Credential {
    /// The account's current token.
    pub token: String,
    /// The account's company.
    pub company_id: i64,
    /// The account may act.
    pub account_enabled: bool,
    /// The company may act.
    pub company_enabled: bool,
}

/// Loads the credential of account `id` of `kind`.
pub async fn lookup(db: &Db, kind: ClientKind, id: i64) -> Result<Option<Credential>> {
    let sql = match kind {
        ClientKind::Customer => {
            "SELECT a.token, a.company_id, 1 AS status, c.status AS company_status \
             FROM customers a JOIN companies c ON c.id = a.company_id WHERE a.id = $1"
        }
        ClientKind::RadarUser => {
            "SELECT a.token, a.company_id, a.status, c.status AS company_status \
             FROM radar_users a JOIN companies c ON c.id = a.company_id WHERE a.id = $1"
        }
        ClientKind::Admin => {
            "SELECT a.token, a.company_id, a.status, c.status AS company_status \
             FROM admins a JOIN companies c ON c.id = a.company_id WHERE a.id = $1"
        }
    };
    let row = sqlx::query(sql).bind(id).fetch_optional(&db.pool).await?;
    Ok(row.map(|r| Credential {
        token: r.get("token"),
        company_id: r.get("company_id"),
        account_enabled: r.get::<i64, _>("status") == 1,
        company_enabled: r.get::<i64, _>("company_status") == 1,
    }))
}
