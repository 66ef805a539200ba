//! A radar user's private notes on one of their customers (one row per
//! relation; deleting the relation deletes them).

use super::Result;
use crate::db::Db;
use crate::local_time::now_ms;
use sqlx::FromRow;

/// The notes of one user–customer pair.
#[derive(Debug, Clone, Default, FromRow)]
pub struct Notes {
    pub note_name: String,
    pub sex: Option<i64>,
    pub phone: String,
    pub email: String,
    pub company: String,
    pub position: String,
    pub address: String,
    pub birthday: Option<String>,
    pub mem: String,
}

/// The notes `user_id` keeps on `customer_id`, if any.
pub async fn get(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
) -> Result<Option<Notes>> {
    Ok(sqlx::query_as(
        "SELECT note_name, sex, phone, email, company, position, address, birthday, mem \
         FROM customer_notes WHERE company_id = $1 AND user_id = $2 AND customer_id = $3",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Stores the notes of the pair, replacing earlier ones; false, and nothing
/// written, when the pair has no relation.
pub async fn save(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    n: &Notes,
) -> Result<bool> {
    let written = sqlx::query(
        "INSERT INTO customer_notes (company_id, user_id, customer_id, note_name, sex, phone, email, \
         company, position, address, birthday, mem, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (company_id, user_id, customer_id) DO UPDATE SET note_name = excluded.note_name, \
         sex = excluded.sex, phone = excluded.phone, email = excluded.email, company = excluded.company, \
         position = excluded.position, address = excluded.address, birthday = excluded.birthday, \
         mem = excluded.mem, updated_at = excluded.updated_at",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .bind(&n.note_name)
    .bind(n.sex)
    .bind(&n.phone)
    .bind(&n.email)
    .bind(&n.company)
    .bind(&n.position)
    .bind(&n.address)
    .bind(&n.birthday)
    .bind(&n.mem)
    .bind(now_ms())
    .execute(db.writer())
    .await;
    Ok(super::unless_dangling(written)?.is_some())
}
