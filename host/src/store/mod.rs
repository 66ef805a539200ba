//! Host-owned tables: one file per table family, plain async functions over [`Db`].
//! Every query on tenant data takes the company id and filters by it.
//!
//! [`Db`]: crate::db::Db

pub mod actions;
pub mod address_book;
pub mod admins;
pub mod chat;
pub mod companies;
pub mod company_modules;
pub mod credentials;
pub mod customer_days;
pub mod customers;
pub mod documents;
pub mod follow;
pub mod grouped;
pub mod login_codes;
pub mod notes;
pub mod plugin_builds;
pub mod plugin_stats;
#[cfg(test)]
mod query_plans;
pub mod relations;
pub mod roles;
pub mod scan_logins;
pub mod stored_files;
pub mod tags;
#[cfg(test)]
mod test_databases;
pub mod users;

/// Why a store function failed: the database could not answer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The query failed or the database is unreachable.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// What store functions return.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The value of a write, or `None` when it broke a foreign key: it referred
/// to a row of another company or to no row at all.
pub fn unless_dangling<T>(result: sqlx::Result<T>) -> Result<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e)
            if e.as_database_error()
                .is_some_and(|d| d.is_foreign_key_violation()) =>
        {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// A slice of a list: skip `offset` rows, return at most `limit` (all when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return; `None` for all.
    pub limit: Option<i64>,
}

impl Page {
    /// Every row.
    pub const ALL: Page = Page {
        offset: 0,
        limit: None,
    };
}

/// What an update of one row keyed by id did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updated {
    /// The row changed.
    Done,
    /// No such row (in this company).
    NotFound,
    /// A unique value (a name, an external id) belongs to another row.
    Taken,
}

/// What deleting one row keyed by id did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed {
    /// The row is gone.
    Done,
    /// No such row (in this company).
    NotFound,
    /// Other rows still depend on it (users, customers, children…).
    InUse,
}

/// The outcome of an `UPDATE … WHERE id` as an [`Updated`].
pub fn updated(result: sqlx::Result<sqlx::any::AnyQueryResult>) -> Result<Updated> {
    match result {
        Ok(r) if r.rows_affected() == 1 => Ok(Updated::Done),
        Ok(_) => Ok(Updated::NotFound),
        Err(e)
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation()) =>
        {
            Ok(Updated::Taken)
        }
        Err(e) => Err(e.into()),
    }
}
