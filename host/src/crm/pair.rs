//! The one access rule between radar users and customers: they reach each
//! other through their relation, inside one company. A customer or user id
//! that is not of the caller's company is unknown, exactly as an id that
//! exists nowhere, so nothing leaks across companies; one of the company
//! without a relation to the caller is unrelated.

use crate::db::Db;
use crate::identity::Principal;
use crate::store::customers::{self, Customer};
use crate::store::relations::{self, Relation};
use crate::store::{users, StoreError};

/// Why the caller cannot reach the other side of a pair.
#[derive(Debug, thiserror::Error)]
pub enum PairError {
    /// No such customer in the caller's company.
    #[error("no such customer")]
    UnknownCustomer,
    /// No such radar user in the caller's company.
    #[error("no such radar user")]
    UnknownUser,
    /// Both exist, but are not related.
    #[error("not related")]
    Unrelated,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The customer `customer_id` of the caller's company.
pub async fn customer(db: &Db, me: &Principal, customer_id: i64) -> Result<Customer, PairError> {
    customers::get(db, me.company_id, customer_id)
        .await?
        .ok_or(PairError::UnknownCustomer)
}

/// The radar user caller's relation to `customer_id`.
pub async fn related(db: &Db, me: &Principal, customer_id: i64) -> Result<Relation, PairError> {
    match relations::get(db, me.company_id, me.id, customer_id).await? {
        Some(r) => Ok(r),
        None => Err(missing(db, me, customer_id).await),
    }
}

/// Why the radar user caller has no relation to `customer_id`.
pub async fn missing(db: &Db, me: &Principal, customer_id: i64) -> PairError {
    match customers::get(db, me.company_id, customer_id).await {
        Ok(Some(_)) => PairError::Unrelated,
        Ok(None) => PairError::UnknownCustomer,
        Err(e) => e.into(),
    }
}

/// The customer caller's relation to the radar user `user_id`.
pub async fn related_user(db: &Db, me: &Principal, user_id: i64) -> Result<Relation, PairError> {
    if let Some(r) = relations::get(db, me.company_id, user_id, me.id).await? {
        return Ok(r);
    }
    match users::get(db, me.company_id, user_id).await? {
        Some(_) => Err(PairError::Unrelated),
        None => Err(PairError::UnknownUser),
    }
}
