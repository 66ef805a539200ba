//! The few places where SQLite and PostgreSQL SQL differ.

/// The SQL engine behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Embedded SQLite (the default).
    Sqlite,
    /// PostgreSQL, selected by a `postgres://` URL.
    Postgres,
}

impl Dialect {
    /// Picks the dialect from a database URL.
    pub fn from_url(url: &str) -> anyhow::Result<Dialect> {
        if url.starts_with("sqlite:") {
            Ok(Dialect::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Dialect::Postgres)
        } else {
            anyhow::bail!("unsupported database URL {url:?}: use sqlite://PATH or postgres://…")
        }
    }

    /// SQL for the JSON value of a top-level document field (`name` is pre-validated).
    pub fn json_field(self, name: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_extract(data, '$.{name}')"),
            Dialect::Postgres => format!("(data->'{name}')"),
        }
    }

    /// SQL for the field as text (for substring tests).
    pub fn json_text(self, name: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_extract(data, '$.{name}')"),
            Dialect::Postgres => format!("(data->>'{name}')"),
        }
    }

    /// SQL for the field rendered as JSON text (for group keys).
    pub fn json_quoted(self, name: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_quote(json_extract(data, '$.{name}'))"),
            Dialect::Postgres => format!("(data->'{name}')::text"),
        }
    }

    /// Wraps a placeholder bound to JSON text so it is stored or compared as a JSON value.
    pub fn json_value(self, placeholder: &str) -> String {
        match self {
            Dialect::Sqlite => placeholder.to_string(),
            Dialect::Postgres => format!("{placeholder}::jsonb"),
        }
    }

    /// The document column selected as JSON text.
    pub fn data_text(self) -> &'static str {
        match self {
            Dialect::Sqlite => "data",
            Dialect::Postgres => "data::text",
        }
    }

    /// SQL for the local day number of the epoch-milliseconds `column`
    /// (days since 1970-01-01 in local time, as `action_days.day` keeps
    /// them): integer arithmetic, the same on both engines for times after
    /// 1970.
    pub fn local_day_number(self, column: &str) -> String {
        let offset = crate::local_time::UTC_OFFSET_SECS;
        format!("(({column} / 1000 + {offset}) / 86400)")
    }

    /// SQL for the `YYYY-MM-DD` of a local day number (days since
    /// 1970-01-01 in local time, as `action_days.day` keeps them).
    pub fn day_number_date(self, column: &str) -> String {
        match self {
            Dialect::Sqlite => format!("strftime('%Y-%m-%d', {column} * 86400, 'unixepoch')"),
            Dialect::Postgres => {
                format!("to_char(to_timestamp({column} * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD')")
            }
        }
    }

    /// The clause that locks the rows a `SELECT` in a write transaction read
    /// (SQLite's single writer needs none).
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }
}
