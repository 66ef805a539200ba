//! Host-owned tables: one file per table family, plain async functions over [`Db`].
//! Every query on tenant data takes the company id and filters by it.
//!
//! [`Db`]: crate::db::Db

pub mod actions;
pub mod admins;
pub mod chat;
pub mod companies;
pub mod credentials;
pub mod customers;
pub mod documents;
pub mod login_codes;
pub mod module_registry;
pub mod relations;
pub mod users;

/// Whether a database error is a foreign-key violation (a reference into
/// another company, or to a row that does not exist).
pub fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_foreign_key_violation())
}
