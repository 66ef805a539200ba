//! Dynamic SQL with numbered `$N` placeholders, which both engines accept.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, Arguments, Encode, Type};

/// SQL text under construction and its bound arguments.
#[derive(Default)]
pub struct SqlQuery {
    sql: String,
    args: AnyArguments<'static>,
    count: usize,
}

impl SqlQuery {
    /// Starts with `sql`.
    pub fn new(sql: impl Into<String>) -> SqlQuery {
        SqlQuery {
            sql: sql.into(),
            ..SqlQuery::default()
        }
    }

    /// Appends SQL text.
    pub fn push(&mut self, sql: &str) -> &mut SqlQuery {
        self.sql.push_str(sql);
        self
    }

    /// Binds a value and returns its placeholder, to be placed with [`SqlQuery::push`].
    pub fn arg<T>(&mut self, value: T) -> String
    where
        T: for<'q> Encode<'q, Any> + Type<Any> + Send + 'static,
    {
        self.args.add(value).expect("encoding a bound value");
        self.count += 1;
        format!("${}", self.count)
    }

    /// Appends ` AND {column} IN ($N, …)` unless `values` is empty (which
    /// then matches everything).
    pub fn and_in(&mut self, column: &str, values: &[i64]) -> &mut SqlQuery {
        if !values.is_empty() {
            let placeholders: Vec<String> = values.iter().map(|v| self.arg(*v)).collect();
            self.push(&format!(" AND {column} IN ({})", placeholders.join(", ")));
        }
        self
    }

    /// Appends ` AND {condition} $N` for each present value, e.g. `("created_at >=", Some(t))`.
    pub fn and_present(&mut self, conditions: &[(&str, Option<i64>)]) -> &mut SqlQuery {
        for (condition, value) in conditions {
            if let Some(v) = value {
                let p = self.arg(*v);
                self.push(&format!(" AND {condition} {p}"));
            }
        }
        self
    }

    /// Appends ` AND {column} LIKE '%needle%'` when `needle` is present, with
    /// the LIKE wildcards in it taken literally.
    pub fn and_contains(&mut self, column: &str, needle: Option<&str>) -> &mut SqlQuery {
        if let Some(n) = needle {
            let literal = n
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = self.arg(format!("%{literal}%"));
            self.push(&format!(" AND {column} LIKE {p} ESCAPE '\\'"));
        }
        self
    }

    /// Runs the query and returns all rows.
    pub async fn fetch_all(self, db: &super::Db) -> sqlx::Result<Vec<AnyRow>> {
        sqlx::query_with(&self.sql, self.args)
            .fetch_all(&db.pool)
            .await
    }

    /// Runs the query and returns the first row, if any.
    pub async fn fetch_optional(self, db: &super::Db) -> sqlx::Result<Option<AnyRow>> {
        sqlx::query_with(&self.sql, self.args)
            .fetch_optional(&db.pool)
            .await
    }

    /// Runs a writing statement that returns a row (`… RETURNING`).
    pub async fn write_returning(self, db: &super::Db) -> sqlx::Result<Option<AnyRow>> {
        sqlx::query_with(&self.sql, self.args)
            .fetch_optional(db.writer())
            .await
    }

    /// Runs a writing statement and returns how many rows it changed.
    pub async fn execute(self, db: &super::Db) -> sqlx::Result<u64> {
        Ok(sqlx::query_with(&self.sql, self.args)
            .execute(db.writer())
            .await?
            .rows_affected())
    }
}
