//! What an authenticated caller may manage beyond their own data: a radar
//! user's role grants it; a back-office admin manages their company, or every
//! company when marked operator.

use super::{ClientKind, Principal};
use crate::db::Db;
use crate::http::envelope::{ApiError, ApiResult};

/// Management rights, ordered: each level includes the ones below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Authority {
    /// Own card, own customers, own radar.
    Member,
    /// Also the company's users, roles and customers.
    TenantAdmin,
    /// Also every company (the SaaS operator).
    Operator,
}

impl Authority {
    /// The authority stored in `roles.authority` (0, 1, 2; anything else is a member).
    pub fn from_level(level: i64) -> Authority {
        match level {
            2 => Authority::Operator,
            1 => Authority::TenantAdmin,
            _ => Authority::Member,
        }
    }

    /// The stored level of this authority.
    pub fn level(self) -> i64 {
        match self {
            Authority::Member => 0,
            Authority::TenantAdmin => 1,
            Authority::Operator => 2,
        }
    }

    /// The authority of `who`, read from their role or admin record.
    pub async fn of(db: &Db, who: &Principal) -> sqlx::Result<Authority> {
        let level: Option<i64> = match who.kind {
            ClientKind::Customer => None,
            ClientKind::RadarUser => {
                sqlx::query_scalar(
                    "SELECT r.authority FROM radar_users u \
                     JOIN roles r ON r.company_id = u.company_id AND r.id = u.role_id \
                     WHERE u.company_id = $1 AND u.id = $2",
                )
                .bind(who.company_id)
                .bind(who.id)
                .fetch_optional(&db.pool)
                .await?
            }
            ClientKind::Admin => {
                sqlx::query_scalar(
                    "SELECT CASE WHEN is_operator = 1 THEN 2 ELSE 1 END FROM admins \
                     WHERE company_id = $1 AND id = $2",
                )
                .bind(who.company_id)
                .bind(who.id)
                .fetch_optional(&db.pool)
                .await?
            }
        };
        Ok(level.map_or(Authority::Member, Authority::from_level))
    }

    /// 404 unless this authority reaches `needed`.
    pub fn require(self, needed: Authority) -> ApiResult<()> {
        if self >= needed {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// Whether this caller may act on data of `company_id` when they belong to `own`.
    pub fn reaches(self, own: i64, company_id: i64) -> bool {
        own == company_id || self == Authority::Operator
    }
}
