//! Module documents: JSON objects in named collections, each bound by the
//! caller to (company, module slot, collection). Slot and collection names are
//! validated identifiers and are inlined as literals so that the partial
//! indexes declared per collection are usable by both engines' planners.

use super::StoreError;
use crate::db::{Db, Dialect, SqlQuery};
use crate::local_time::now_ms;
use serde_json::{Map, Value};
use sqlx::Row;

/// The largest document accepted.
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024;

/// Why a document operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// Bad name, value or JSON.
    #[error("{0}")]
    Invalid(String),
    /// A unique index already holds these key values.
    #[error("unique index conflict")]
    Conflict,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for DocError {
    fn from(e: sqlx::Error) -> DocError {
        DocError::Store(e.into())
    }
}

type DocResult<T> = Result<T, DocError>;

/// A scalar to compare fields with.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
    IsNull,
}

/// One condition on a field.
#[derive(Debug, Clone)]
pub struct Filter {
    pub field: String,
    pub op: Cmp,
    pub value: Scalar,
}

/// One sort key.
#[derive(Debug, Clone)]
pub struct Order {
    pub field: String,
    pub descending: bool,
}

/// A stored document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: i64,
    pub data: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Where documents live: a company's collection of a module slot.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub company_id: i64,
    pub slot: &'a str,
    pub collection: &'a str,
}

/// Whether `name` may be used as a field name: `[a-z_][a-z0-9_]*`, at most 64 bytes.
pub fn valid_field(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
        && name.len() <= 64
}

/// Whether `name` may be a slot or collection name: `[a-z][a-z0-9_-]*`, at most 48 bytes.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
        && name.len() <= 48
}

fn check_field(name: &str) -> DocResult<()> {
    if valid_field(name) {
        Ok(())
    } else {
        Err(DocError::Invalid(format!("invalid field name {name:?}")))
    }
}

fn parse_object(data: &str) -> DocResult<Map<String, Value>> {
    if data.len() > MAX_DOCUMENT_BYTES {
        return Err(DocError::Invalid(format!(
            "document larger than {MAX_DOCUMENT_BYTES} bytes"
        )));
    }
    match serde_json::from_str(data) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(DocError::Invalid("a document must be a JSON object".into())),
    }
}

fn unique_violation(e: sqlx::Error) -> DocError {
    match e.as_database_error() {
        Some(d) if d.is_unique_violation() => DocError::Conflict,
        _ => e.into(),
    }
}

impl Scope<'_> {
    fn start(&self, q: &mut SqlQuery) {
        debug_assert!(valid_name(self.slot) && valid_name(self.collection));
        let c = q.arg(self.company_id);
        q.push(&format!(
            " FROM module_documents WHERE company_id = {c} AND slot = '{}' AND collection = '{}'",
            self.slot, self.collection
        ));
    }
}

/// The SQL for a field, with the built-in columns mapped to themselves.
fn field_sql(dialect: Dialect, field: &str) -> Option<String> {
    match field {
        "id" | "created_at" | "updated_at" => Some(field.to_string()),
        "created-at" => Some("created_at".into()),
        "updated-at" => Some("updated_at".into()),
        f if valid_field(f) => Some(dialect.json_field(f)),
        _ => None,
    }
}

fn is_column(field: &str) -> bool {
    matches!(
        field,
        "id" | "created_at" | "updated_at" | "created-at" | "updated-at"
    )
}

/// Binds a comparison value and returns its placeholder.
fn bind_value(q: &mut SqlQuery, dialect: Dialect, column: bool, v: &Scalar) -> String {
    if column || dialect == Dialect::Sqlite {
        // SQLite's json_extract yields native values; booleans come out as 0/1.
        return match v {
            Scalar::Null => q.arg(Option::<i64>::None),
            Scalar::Bool(b) => q.arg(*b as i64),
            Scalar::Int(i) => q.arg(*i),
            Scalar::Float(f) => q.arg(*f),
            Scalar::Text(s) => q.arg(s.clone()),
        };
    }
    let p = q.arg(scalar_json(v).to_string());
    dialect.json_value(&p)
}

/// The JSON value a scalar is compared as on PostgreSQL.
fn scalar_json(v: &Scalar) -> Value {
    match v {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(*b),
        Scalar::Int(i) => Value::from(*i),
        Scalar::Float(f) => Value::from(*f),
        Scalar::Text(s) => Value::from(s.as_str()),
    }
}

fn push_filters(q: &mut SqlQuery, dialect: Dialect, filters: &[Filter]) -> DocResult<()> {
    for f in filters {
        let expr = field_sql(dialect, &f.field)
            .ok_or_else(|| DocError::Invalid(format!("invalid field name {:?}", f.field)))?;
        let column = is_column(&f.field);
        let cond = match f.op {
            Cmp::IsNull => match dialect {
                Dialect::Postgres if !column => {
                    format!("({expr} IS NULL OR {expr} = 'null'::jsonb)")
                }
                _ => format!("{expr} IS NULL"),
            },
            Cmp::Contains => {
                let Scalar::Text(s) = &f.value else {
                    return Err(DocError::Invalid("contains needs a text value".into()));
                };
                let text = if column {
                    expr.clone()
                } else {
                    dialect.json_text(&f.field)
                };
                let p = q.arg(s.clone());
                format!("{text} IS NOT NULL AND {}", contains(dialect, &text, &p))
            }
            op => {
                if f.value == Scalar::Null {
                    return Err(DocError::Invalid("compare with null using is-null".into()));
                }
                let sym = match op {
                    Cmp::Eq => "=",
                    Cmp::Ne => "<>",
                    Cmp::Lt => "<",
                    Cmp::Le => "<=",
                    Cmp::Gt => ">",
                    _ => ">=",
                };
                let p = bind_value(q, dialect, column, &f.value);
                format!("{expr} {sym} {p}")
            }
        };
        q.push(&format!(" AND {cond}"));
    }
    Ok(())
}

fn contains(dialect: Dialect, text: &str, p: &str) -> String {
    match dialect {
        Dialect::Sqlite => format!("instr({text}, {p}) > 0"),
        Dialect::Postgres => format!("strpos({text}, {p}) > 0"),
    }
}

fn doc(r: &sqlx::any::AnyRow) -> Doc {
    Doc {
        id: r.get("id"),
        data: r.get("data"),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
    }
}

fn select_doc(dialect: Dialect) -> String {
    format!(
        "SELECT id, {} AS data, created_at, updated_at",
        dialect.data_text()
    )
}

/// Inserts a JSON object and returns its id.
pub async fn insert(db: &Db, s: Scope<'_>, data: &str) -> DocResult<i64> {
    let map = parse_object(data)?;
    let now = now_ms();
    let mut q = SqlQuery::new("INSERT INTO module_documents (company_id, slot, collection, data, created_at, updated_at) VALUES (");
    let args = [
        q.arg(s.company_id),
        q.arg(s.slot.to_string()),
        q.arg(s.collection.to_string()),
        {
            let p = q.arg(Value::Object(map).to_string());
            db.dialect.json_value(&p)
        },
        q.arg(now),
        q.arg(now),
    ];
    q.push(&args.join(", "));
    q.push(") RETURNING id");
    let row = q.write_returning(db).await.map_err(unique_violation)?;
    Ok(row.map(|r| r.get::<i64, _>("id")).unwrap_or_default())
}

/// One document by id.
pub async fn get(db: &Db, s: Scope<'_>, id: i64) -> DocResult<Option<Doc>> {
    let mut q = SqlQuery::new(select_doc(db.dialect));
    s.start(&mut q);
    let p = q.arg(id);
    q.push(&format!(" AND id = {p}"));
    Ok(q.fetch_optional(db).await?.map(|r| doc(&r)))
}

/// Most ids one [`get_many`] accepts.
pub const MAX_IDS: usize = 500;

/// The documents of `ids` that exist, in the order of `ids`, each once.
pub async fn get_many(db: &Db, s: Scope<'_>, ids: &[i64]) -> DocResult<Vec<Doc>> {
    if ids.len() > MAX_IDS {
        return Err(DocError::Invalid(format!(
            "at most {MAX_IDS} ids in one read, got {}",
            ids.len()
        )));
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = SqlQuery::new(select_doc(db.dialect));
    s.start(&mut q);
    let list: Vec<String> = ids.iter().map(|id| q.arg(*id)).collect();
    q.push(&format!(" AND id IN ({})", list.join(", ")));
    let mut found: std::collections::HashMap<i64, Doc> = q
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| (r.get("id"), doc(r)))
        .collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Replaces a document's data; false when it does not exist.
pub async fn replace(db: &Db, s: Scope<'_>, id: i64, data: &str) -> DocResult<bool> {
    let map = parse_object(data)?;
    let mut q = SqlQuery::new("UPDATE module_documents SET data = ");
    let d = q.arg(Value::Object(map).to_string());
    let now = q.arg(now_ms());
    q.push(&format!(
        "{}, updated_at = {now}",
        db.dialect.json_value(&d)
    ));
    where_id(&mut q, s, id);
    Ok(q.execute(db).await.map_err(unique_violation)? == 1)
}

fn where_id(q: &mut SqlQuery, s: Scope<'_>, id: i64) {
    let (c, i) = (q.arg(s.company_id), q.arg(id));
    q.push(&format!(
        " WHERE company_id = {c} AND slot = '{}' AND collection = '{}' AND id = {i}",
        s.slot, s.collection
    ));
}

/// Sets the top-level keys of `data` on a document (null removes); false when it does not exist.
pub async fn patch(db: &Db, s: Scope<'_>, id: i64, data: &str) -> DocResult<bool> {
    let map = parse_object(data)?;
    for key in map.keys() {
        check_field(key)?;
    }
    let (removed, set): (Vec<_>, Vec<_>) = map.into_iter().partition(|(_, v)| v.is_null());
    let mut q = SqlQuery::new("UPDATE module_documents SET data = ");
    let expr = match db.dialect {
        Dialect::Sqlite => {
            let mut e = "data".to_string();
            if !set.is_empty() {
                let pairs: Vec<String> = set
                    .iter()
                    .map(|(k, v)| format!("'$.{k}', json({})", q.arg(v.to_string())))
                    .collect();
                e = format!("json_set({e}, {})", pairs.join(", "));
            }
            if !removed.is_empty() {
                let keys: Vec<String> = removed.iter().map(|(k, _)| format!("'$.{k}'")).collect();
                e = format!("json_remove({e}, {})", keys.join(", "));
            }
            e
        }
        Dialect::Postgres => {
            let p = q.arg(Value::Object(set.into_iter().collect()).to_string());
            let mut e = format!("(data || {p}::jsonb)");
            for (k, _) in &removed {
                e = format!("({e} - '{k}')");
            }
            e
        }
    };
    let now = q.arg(now_ms());
    q.push(&format!("{expr}, updated_at = {now}"));
    where_id(&mut q, s, id);
    Ok(q.execute(db).await.map_err(unique_violation)? == 1)
}

/// Deletes a document; false when it did not exist.
pub async fn delete(db: &Db, s: Scope<'_>, id: i64) -> DocResult<bool> {
    let mut q = SqlQuery::new("DELETE FROM module_documents");
    where_id(&mut q, s, id);
    Ok(q.execute(db).await? == 1)
}

/// Deletes every matching document; returns how many.
pub async fn delete_where(db: &Db, s: Scope<'_>, filters: &[Filter]) -> DocResult<u64> {
    let mut q = SqlQuery::new("DELETE");
    s.start(&mut q);
    push_filters(&mut q, db.dialect, filters)?;
    Ok(q.execute(db).await?)
}

/// The SQL sort keys of `order`, each with its direction.
fn sort_keys(dialect: Dialect, order: &[Order]) -> DocResult<Vec<(String, &'static str)>> {
    order
        .iter()
        .map(|o| {
            let expr = field_sql(dialect, &o.field)
                .ok_or_else(|| DocError::Invalid(format!("invalid field name {:?}", o.field)))?;
            Ok((expr, if o.descending { "DESC" } else { "ASC" }))
        })
        .collect()
}

/// `ORDER BY` text of `keys` (expressions chosen by `expr`), then `id` unless
/// a key already is `id`, so that pages never overlap.
fn order_by(keys: &[(String, &str)], expr: impl Fn(usize, &str) -> String) -> String {
    let mut terms: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, (e, direction))| format!("{} {direction}", expr(i, e)))
        .collect();
    if !keys.iter().any(|(e, _)| e == "id") {
        terms.push("id ASC".into());
    }
    terms.join(", ")
}

/// The total of a page: a first page that is not full already holds every
/// match, so the count query is skipped.
async fn page_total(
    docs: &[Doc],
    offset: i64,
    limit: Option<i64>,
    count: impl std::future::Future<Output = DocResult<i64>>,
) -> DocResult<i64> {
    if offset == 0 && limit.is_none_or(|l| (docs.len() as i64) < l) {
        Ok(docs.len() as i64)
    } else {
        count.await
    }
}

/// Matching documents in order, paged, and the total matching.
pub async fn find(
    db: &Db,
    s: Scope<'_>,
    filters: &[Filter],
    order: &[Order],
    offset: i64,
    limit: Option<i64>,
) -> DocResult<(Vec<Doc>, i64)> {
    let docs = find_page(db, s, filters, order, offset, limit).await?;
    let total = page_total(&docs, offset, limit, count(db, s, filters)).await?;
    Ok((docs, total))
}

/// Matching documents in order, paged, without counting them all.
pub async fn find_page(
    db: &Db,
    s: Scope<'_>,
    filters: &[Filter],
    order: &[Order],
    offset: i64,
    limit: Option<i64>,
) -> DocResult<Vec<Doc>> {
    Ok(select(db, s, None, filters, order, offset, limit, false)
        .await?
        .0)
}

/// Most values one [`find_in`] compares a field with.
pub const MAX_IN_VALUES: usize = 500;

/// [`find`] of the documents whose field `one_of.0` is one of the values
/// `one_of.1` (at most [`MAX_IN_VALUES`]).
pub async fn find_in(
    db: &Db,
    s: Scope<'_>,
    one_of: (&str, &[Scalar]),
    filters: &[Filter],
    order: &[Order],
    offset: i64,
    limit: Option<i64>,
) -> DocResult<(Vec<Doc>, i64)> {
    let one_of = Some(one_of);
    // The documents of at most MAX_IN_VALUES values are all read to be
    // sorted anyway, so on PostgreSQL the page's statement counts them too
    // (a tag's case list: 20 % faster) and only an empty page needs a count
    // of its own. SQLite copies every row into its window before sorting,
    // which made the same list slower than a second statement.
    let in_one = db.dialect == Dialect::Postgres;
    let (docs, counted) = select(db, s, one_of, filters, order, offset, limit, in_one).await?;
    let total = match counted {
        Some(n) => n,
        None => page_total(&docs, offset, limit, count_in(db, s, one_of, filters)).await?,
    };
    Ok((docs, total))
}

/// `AND field IN (…)` of a [`find_in`]; false when there are no values.
fn push_one_of(
    q: &mut SqlQuery,
    dialect: Dialect,
    one_of: Option<(&str, &[Scalar])>,
) -> DocResult<bool> {
    let Some((field, values)) = one_of else {
        return Ok(true);
    };
    if values.is_empty() {
        return Ok(false);
    }
    if values.len() > MAX_IN_VALUES || values.contains(&Scalar::Null) {
        return Err(DocError::Invalid(format!(
            "one to {MAX_IN_VALUES} values, none null"
        )));
    }
    let expr = field_sql(dialect, field)
        .ok_or_else(|| DocError::Invalid(format!("invalid field name {field:?}")))?;
    let column = is_column(field);
    if dialect == Dialect::Postgres && !column {
        // One JSON array rather than hundreds of parameters: PostgreSQL
        // plans a 500-value list in about 10 ms, longer than it reads it.
        let array = Value::Array(values.iter().map(scalar_json).collect());
        let p = q.arg(array.to_string());
        q.push(&format!(
            " AND {expr} = ANY(ARRAY(SELECT jsonb_array_elements({p}::jsonb)))"
        ));
        return Ok(true);
    }
    let list: Vec<String> = values
        .iter()
        .map(|v| bind_value(q, dialect, column, v))
        .collect();
    q.push(&format!(" AND {expr} IN ({})", list.join(", ")));
    Ok(true)
}

async fn count_in(
    db: &Db,
    s: Scope<'_>,
    one_of: Option<(&str, &[Scalar])>,
    filters: &[Filter],
) -> DocResult<i64> {
    let mut q = SqlQuery::new("SELECT COUNT(*) AS n");
    s.start(&mut q);
    if !push_one_of(&mut q, db.dialect, one_of)? {
        return Ok(0);
    }
    push_filters(&mut q, db.dialect, filters)?;
    Ok(q.fetch_optional(db)
        .await?
        .map(|r| r.get::<i64, _>("n"))
        .unwrap_or(0))
}

/// The ordered page of matching documents, of those whose field is one of
/// the values when `one_of` names a field; with `counted`, also the number
/// of all matching documents when the page has any (`None` otherwise).
#[allow(clippy::too_many_arguments)]
async fn select(
    db: &Db,
    s: Scope<'_>,
    one_of: Option<(&str, &[Scalar])>,
    filters: &[Filter],
    order: &[Order],
    offset: i64,
    limit: Option<i64>,
    counted: bool,
) -> DocResult<(Vec<Doc>, Option<i64>)> {
    let keys = sort_keys(db.dialect, order)?;
    let mut q = SqlQuery::new(select_doc(db.dialect));
    if counted {
        q.push(", COUNT(*) OVER () AS total");
    }
    s.start(&mut q);
    if !push_one_of(&mut q, db.dialect, one_of)? {
        return Ok((Vec::new(), Some(0)));
    }
    push_filters(&mut q, db.dialect, filters)?;
    if limit == Some(0) {
        // A count's call (`find` with an empty page): nothing to read.
        return Ok((Vec::new(), None));
    }
    let (l, off) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(
        " ORDER BY {} LIMIT {l} OFFSET {off}",
        order_by(&keys, |_, e| e.to_string())
    ));
    let rows = q.fetch_all(db).await?;
    let total = match rows.first() {
        Some(r) if counted => Some(r.get::<i64, _>("total")),
        _ => None,
    };
    Ok((rows.iter().map(doc).collect(), total))
}

/// Most alternatives one [`find_any`] accepts.
pub const MAX_ALTERNATIVES: usize = 8;

/// Documents matching any of `alternatives` (each a list of AND-ed filters),
/// each once, in order, paged, and the size of that union. Each alternative
/// is its own ordered read up to the page's end (an index range where an
/// index fits it) and the database merges them, so a page never scans the
/// whole union and only the page leaves the database.
pub async fn find_any(
    db: &Db,
    s: Scope<'_>,
    alternatives: &[Vec<Filter>],
    order: &[Order],
    offset: i64,
    limit: Option<i64>,
) -> DocResult<(Vec<Doc>, i64)> {
    if alternatives.len() > MAX_ALTERNATIVES {
        return Err(DocError::Invalid(format!(
            "at most {MAX_ALTERNATIVES} alternatives"
        )));
    }
    if alternatives.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let keys = sort_keys(db.dialect, order)?;
    let columns: String = keys
        .iter()
        .enumerate()
        .map(|(i, (e, _))| format!(", {e} AS k{i}"))
        .collect();
    let end = limit.map_or(i64::MAX, |l| offset.saturating_add(l));
    let inner_order = order_by(&keys, |_, e| e.to_string());
    let mut q = SqlQuery::new(format!("{} FROM (", select_doc(db.dialect)));
    for (i, filters) in alternatives.iter().enumerate() {
        if i > 0 {
            q.push(" UNION ");
        }
        q.push(&format!(
            "SELECT * FROM (SELECT id, data, created_at, updated_at{columns}"
        ));
        s.start(&mut q);
        push_filters(&mut q, db.dialect, filters)?;
        let e = q.arg(end);
        q.push(&format!(" ORDER BY {inner_order} LIMIT {e}) AS a{i}"));
    }
    let (l, off) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(
        ") AS u ORDER BY {} LIMIT {l} OFFSET {off}",
        order_by(&keys, |i, _| format!("k{i}"))
    ));
    let docs: Vec<Doc> = q.fetch_all(db).await?.iter().map(doc).collect();
    let total = page_total(&docs, offset, limit, count_any(db, s, alternatives)).await?;
    Ok((docs, total))
}

/// Number of documents matching any of `alternatives`, each counted once.
async fn count_any(db: &Db, s: Scope<'_>, alternatives: &[Vec<Filter>]) -> DocResult<i64> {
    let mut q = SqlQuery::new("SELECT COUNT(*) AS n FROM (");
    for (i, filters) in alternatives.iter().enumerate() {
        if i > 0 {
            q.push(" UNION ");
        }
        q.push("SELECT id");
        s.start(&mut q);
        push_filters(&mut q, db.dialect, filters)?;
    }
    q.push(") AS u");
    Ok(q.fetch_optional(db)
        .await?
        .map(|r| r.get::<i64, _>("n"))
        .unwrap_or(0))
}

/// Number of matching documents.
pub async fn count(db: &Db, s: Scope<'_>, filters: &[Filter]) -> DocResult<i64> {
    let mut q = SqlQuery::new("SELECT COUNT(*) AS n");
    s.start(&mut q);
    push_filters(&mut q, db.dialect, filters)?;
    Ok(q.fetch_optional(db)
        .await?
        .map(|r| r.get::<i64, _>("n"))
        .unwrap_or(0))
}

/// Number of matching documents per distinct value of `field`, as (JSON text of the value, count).
pub async fn count_by(
    db: &Db,
    s: Scope<'_>,
    filters: &[Filter],
    field: &str,
) -> DocResult<Vec<(String, i64)>> {
    check_field(field)?;
    let key = db.dialect.json_quoted(field);
    let mut q = SqlQuery::new(format!("SELECT {key} AS k, COUNT(*) AS n"));
    s.start(&mut q);
    push_filters(&mut q, db.dialect, filters)?;
    q.push(&format!(" GROUP BY {key} ORDER BY n DESC"));
    let rows = q.fetch_all(db).await?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                r.get::<Option<String>, _>("k")
                    .unwrap_or_else(|| "null".into()),
                r.get::<i64, _>("n"),
            )
        })
        .collect())
}

/// Atomically adds `delta` to an integer field and returns the new value; `None` when the document does not exist.
pub async fn increment(
    db: &Db,
    s: Scope<'_>,
    id: i64,
    field: &str,
    delta: i64,
) -> DocResult<Option<i64>> {
    check_field(field)?;
    let mut q = SqlQuery::new("UPDATE module_documents SET data = ");
    let d = q.arg(delta);
    let (expr, returning) = match db.dialect {
        Dialect::Sqlite => (
            format!("json_set(data, '$.{field}', COALESCE(CAST(json_extract(data, '$.{field}') AS INTEGER), 0) + {d})"),
            format!("CAST(json_extract(data, '$.{field}') AS INTEGER)"),
        ),
        Dialect::Postgres => (
            format!("jsonb_set(data, '{{{field}}}', to_jsonb(COALESCE((data->>'{field}')::bigint, 0) + {d}))"),
            format!("(data->>'{field}')::bigint"),
        ),
    };
    let now = q.arg(now_ms());
    q.push(&format!("{expr}, updated_at = {now}"));
    where_id(&mut q, s, id);
    q.push(&format!(" RETURNING {returning} AS v"));
    Ok(q.write_returning(db).await?.map(|r| r.get::<i64, _>("v")))
}

/// An index a module declares over top-level fields of one collection.
#[derive(Debug, Clone)]
pub struct IndexSpec {
    pub name: String,
    pub fields: Vec<String>,
    pub unique: bool,
}

/// Creates the index if it does not exist; the name embeds slot and
/// collection. A non-unique index ends with `id`, the tiebreak of every order.
pub async fn ensure_index(
    db: &Db,
    slot: &str,
    collection: &str,
    index: &IndexSpec,
) -> DocResult<()> {
    if !valid_name(slot)
        || !valid_name(collection)
        || !valid_name(&index.name)
        || index.fields.is_empty()
    {
        return Err(DocError::Invalid(format!(
            "invalid index {slot}/{collection}/{}",
            index.name
        )));
    }
    let mut exprs = vec!["company_id".to_string()];
    for f in &index.fields {
        check_field(f)?;
        exprs.push(db.dialect.json_field(f));
    }
    if !index.unique {
        // Queries break ties by id: with id last, PostgreSQL reads a page in
        // index order too (SQLite's rowid already ends every index).
        exprs.push("id".to_string());
    }
    let name = index_name(slot, collection, &index.name);
    let sql = format!(
        "CREATE {}INDEX IF NOT EXISTS {name} ON module_documents ({}) WHERE slot = '{slot}' AND collection = '{collection}'",
        if index.unique { "UNIQUE " } else { "" },
        exprs.join(", ")
    );
    sqlx::query(&sql).execute(db.writer()).await?;
    if db.dialect == Dialect::Postgres {
        for f in &index.fields {
            ensure_field_statistics(db, f).await;
        }
    }
    Ok(())
}

/// PostgreSQL keeps no statistics of a partial index's expressions, so
/// without these it would guess every field comparison alike and choose
/// between indexes by ties (a tag's diaries read through the date index,
/// 20 times slower than through the case index). Statistics on the field's
/// expression tell it how common each value is, over all collections that
/// use the name, which is close enough to rank the indexes. They need
/// PostgreSQL 14; where they cannot be made, plans stay as they were.
async fn ensure_field_statistics(db: &Db, field: &str) {
    let name = statistics_name(field);
    let sql = format!(
        "CREATE STATISTICS IF NOT EXISTS {name} ON ({}) FROM module_documents",
        db.dialect.json_field(field)
    );
    if let Err(e) = sqlx::query(&sql).execute(db.writer()).await {
        tracing::warn!(field, error = %e, "no planner statistics for a document field");
    }
}

/// The name of a field's statistics within PostgreSQL's 63-byte limit.
fn statistics_name(field: &str) -> String {
    shortened(format!("doc_field_{field}"))
}

/// A readable index name within PostgreSQL's 63-byte limit.
fn index_name(slot: &str, collection: &str, index: &str) -> String {
    shortened(format!("doc_{slot}_{collection}_{index}").replace('-', "_"))
}

/// `readable`, or its start and a digest of it when longer than 63 bytes.
fn shortened(readable: String) -> String {
    use sha2::{Digest, Sha256};
    if readable.len() <= 63 {
        return readable;
    }
    let digest = hex::encode(Sha256::digest(readable.as_bytes()));
    format!("{}_{}", &readable[..50], &digest[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_validated() {
        assert!(valid_field("user_id"));
        assert!(!valid_field("User"));
        assert!(!valid_field("a'); DROP TABLE x; --"));
        assert!(!valid_field("a.b"));
        assert!(valid_name("boss-radar"));
        assert!(!valid_name("-x"));
    }

    #[test]
    fn index_names_fit_postgres() {
        let n = index_name("boss-radar", &"c".repeat(48), &"i".repeat(48));
        assert!(n.len() <= 63);
        assert!(statistics_name(&"f".repeat(64)).len() <= 63);
        assert_eq!(statistics_name("case_id"), "doc_field_case_id");
        assert_eq!(
            index_name("card", "praises", "pair"),
            "doc_card_praises_pair"
        );
    }

    use crate::store::test_databases::databases;

    fn eq(field: &str, v: Scalar) -> Filter {
        Filter {
            field: field.into(),
            op: Cmp::Eq,
            value: v,
        }
    }

    #[tokio::test]
    async fn documents_stay_in_their_company_and_slot() {
        for db in databases().await {
            stays_in_company_and_slot(&db).await;
        }
    }

    async fn stays_in_company_and_slot(db: &Db) {
        let a = Scope {
            company_id: 1,
            slot: "card",
            collection: "tags",
        };
        let b = Scope { company_id: 2, ..a };
        let other_slot = Scope { slot: "mall", ..a };
        let id = insert(db, a, r#"{"user_id":7,"name":"vip"}"#)
            .await
            .unwrap();
        assert!(get(db, a, id).await.unwrap().is_some());
        assert!(get(db, b, id).await.unwrap().is_none());
        assert!(get(db, other_slot, id).await.unwrap().is_none());
        assert!(!delete(db, b, id).await.unwrap());
        assert_eq!(increment(db, b, id, "n", 1).await.unwrap(), None);
        assert!(!patch(db, b, id, r#"{"name":"x"}"#).await.unwrap());
        assert_eq!(count(db, b, &[]).await.unwrap(), 0);
        let kept: Value =
            serde_json::from_str(&get(db, a, id).await.unwrap().unwrap().data).unwrap();
        assert_eq!(kept, serde_json::json!({"user_id":7,"name":"vip"}));
    }

    #[tokio::test]
    async fn queries_filter_order_page_count_and_increment() {
        for db in databases().await {
            queries_work(&db).await;
        }
    }

    async fn queries_work(db: &Db) {
        let s = Scope {
            company_id: 1,
            slot: "card",
            collection: "photos",
        };
        for (user, order) in [(1, 3), (1, 1), (2, 2), (1, 2)] {
            insert(
                db,
                s,
                &format!(r#"{{"user_id":{user},"order":{order},"url":"p{order}.jpg"}}"#),
            )
            .await
            .unwrap();
        }
        let by_order = [Order {
            field: "order".into(),
            descending: false,
        }];
        let (page, total) = find(
            db,
            s,
            &[eq("user_id", Scalar::Int(1))],
            &by_order,
            0,
            Some(2),
        )
        .await
        .unwrap();
        assert_eq!(total, 3);
        let orders: Vec<i64> = page
            .iter()
            .map(|d| {
                serde_json::from_str::<Value>(&d.data).unwrap()["order"]
                    .as_i64()
                    .unwrap()
            })
            .collect();
        assert_eq!(orders, [1, 2]);
        let contains = Filter {
            field: "url".into(),
            op: Cmp::Contains,
            value: Scalar::Text("p3".into()),
        };
        assert_eq!(count(db, s, &[contains]).await.unwrap(), 1);
        let groups = count_by(db, s, &[], "user_id").await.unwrap();
        assert_eq!(groups, [("1".to_string(), 3), ("2".to_string(), 1)]);
        let id = page[0].id;
        assert_eq!(increment(db, s, id, "views", 5).await.unwrap(), Some(5));
        assert_eq!(increment(db, s, id, "views", -2).await.unwrap(), Some(3));
        assert!(patch(db, s, id, r#"{"url":null,"caption":"hi"}"#)
            .await
            .unwrap());
        let data: Value =
            serde_json::from_str(&get(db, s, id).await.unwrap().unwrap().data).unwrap();
        assert_eq!(
            data,
            serde_json::json!({"user_id":1,"order":1,"views":3,"caption":"hi"})
        );
        assert!(matches!(
            insert(db, s, "[1]").await,
            Err(DocError::Invalid(_))
        ));
        let bad = Filter {
            field: "x') OR 1=1 --".into(),
            op: Cmp::Eq,
            value: Scalar::Int(1),
        };
        assert!(matches!(
            count(db, s, &[bad]).await,
            Err(DocError::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn find_in_reads_the_documents_of_several_values_in_one_order() {
        for db in databases().await {
            find_in_works(&db).await;
        }
    }

    async fn find_in_works(db: &Db) {
        let s = Scope {
            company_id: 1,
            slot: "diary",
            collection: "diaries",
        };
        for (case, day) in [(1, 5), (2, 3), (3, 9), (1, 1), (2, 7), (4, 2)] {
            let doc = format!(r#"{{"case_id":{case},"day":{day},"shown":true}}"#);
            insert(db, s, &doc).await.unwrap();
        }
        insert(db, s, r#"{"case_id":1,"day":8,"shown":false}"#)
            .await
            .unwrap();
        insert(
            db,
            Scope { company_id: 2, ..s },
            r#"{"case_id":1,"day":99,"shown":true}"#,
        )
        .await
        .unwrap();
        let newest = [Order {
            field: "day".into(),
            descending: true,
        }];
        let shown = [eq("shown", Scalar::Bool(true))];
        let cases = [Scalar::Int(1), Scalar::Int(2)];
        let days = |docs: &[Doc]| -> Vec<i64> {
            docs.iter()
                .map(|d| {
                    serde_json::from_str::<Value>(&d.data).unwrap()["day"]
                        .as_i64()
                        .unwrap()
                })
                .collect()
        };
        let (page, total) = find_in(db, s, ("case_id", &cases), &shown, &newest, 0, Some(3))
            .await
            .unwrap();
        assert_eq!((days(&page), total), (vec![7, 5, 3], 4));
        let (page, total) = find_in(db, s, ("case_id", &cases), &shown, &newest, 3, Some(3))
            .await
            .unwrap();
        assert_eq!((days(&page), total), (vec![1], 4));
        // A page past the end still knows the total.
        let (past, total) = find_in(db, s, ("case_id", &cases), &shown, &newest, 9, Some(3))
            .await
            .unwrap();
        assert_eq!((past.len(), total), (0, 4));
        // An empty page is a count.
        let (none, total) = find_in(db, s, ("case_id", &cases), &shown, &newest, 0, Some(0))
            .await
            .unwrap();
        assert_eq!((none.len(), total), (0, 4));
        let (none, total) = find_in(db, s, ("case_id", &[]), &shown, &newest, 0, None)
            .await
            .unwrap();
        assert_eq!((none.len(), total), (0, 0));
        let too_many: Vec<Scalar> = (0..=MAX_IN_VALUES as i64).map(Scalar::Int).collect();
        for bad in [too_many, vec![Scalar::Null]] {
            assert!(matches!(
                find_in(db, s, ("case_id", &bad), &shown, &newest, 0, None).await,
                Err(DocError::Invalid(_))
            ));
        }
        assert!(matches!(
            find_in(db, s, ("no such", &cases), &shown, &newest, 0, None).await,
            Err(DocError::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn find_any_pages_the_union_of_alternatives_once_each() {
        for db in databases().await {
            find_any_works(&db).await;
        }
    }

    async fn find_any_works(db: &Db) {
        let s = Scope {
            company_id: 1,
            slot: "mall",
            collection: "products",
        };
        let index = IndexSpec {
            name: "shelf".into(),
            fields: vec!["owner_id".into(), "rank".into()],
            unique: false,
        };
        ensure_index(db, s.slot, s.collection, &index)
            .await
            .unwrap();
        // Owners 0 and 7 interleave by rank; owner 8's are never wanted.
        for rank in 1..=12 {
            let owner = [0, 7, 8][rank % 3];
            let doc = format!(r#"{{"owner_id":{owner},"rank":{rank}}}"#);
            insert(db, s, &doc).await.unwrap();
        }
        // Another company's documents of the same owners stay out.
        let other = Scope { company_id: 2, ..s };
        insert(db, other, r#"{"owner_id":0,"rank":99}"#)
            .await
            .unwrap();
        let by_rank = [Order {
            field: "rank".into(),
            descending: true,
        }];
        let owner = |o: i64| vec![eq("owner_id", Scalar::Int(o))];
        let ranks = |docs: &[Doc]| -> Vec<i64> {
            docs.iter()
                .map(|d| {
                    serde_json::from_str::<Value>(&d.data).unwrap()["rank"]
                        .as_i64()
                        .unwrap()
                })
                .collect()
        };
        let wanted = [owner(0), owner(7)];
        let (page, total) = find_any(db, s, &wanted, &by_rank, 0, Some(3))
            .await
            .unwrap();
        assert_eq!((ranks(&page), total), (vec![12, 10, 9], 8));
        let (page, total) = find_any(db, s, &wanted, &by_rank, 3, Some(3))
            .await
            .unwrap();
        assert_eq!((ranks(&page), total), (vec![7, 6, 4], 8));
        let (page, _) = find_any(db, s, &wanted, &by_rank, 6, Some(3))
            .await
            .unwrap();
        assert_eq!(ranks(&page), [3, 1]);
        // Overlapping alternatives yield each document once.
        let overlapping = [owner(0), owner(0), vec![]];
        let (all, total) = find_any(db, s, &overlapping, &by_rank, 0, None)
            .await
            .unwrap();
        assert_eq!((all.len(), total), (12, 12));
        let (page, total) = find_any(db, s, &overlapping, &by_rank, 0, Some(5))
            .await
            .unwrap();
        assert_eq!((ranks(&page), total), (vec![12, 11, 10, 9, 8], 12));
        assert_eq!(find_any(db, s, &[], &by_rank, 0, None).await.unwrap().1, 0);
        let too_many = vec![owner(0); MAX_ALTERNATIVES + 1];
        assert!(matches!(
            find_any(db, s, &too_many, &by_rank, 0, None).await,
            Err(DocError::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn unique_indexes_refuse_duplicates_per_company() {
        for db in databases().await {
            unique_per_company(&db).await;
        }
    }

    async fn unique_per_company(db: &Db) {
        let pair = IndexSpec {
            name: "pair".into(),
            fields: vec!["user_id".into(), "customer_id".into()],
            unique: true,
        };
        ensure_index(db, "card", "praises", &pair).await.unwrap();
        let a = Scope {
            company_id: 1,
            slot: "card",
            collection: "praises",
        };
        let doc = r#"{"user_id":1,"customer_id":2}"#;
        insert(db, a, doc).await.unwrap();
        assert!(matches!(insert(db, a, doc).await, Err(DocError::Conflict)));
        // The same key in another company is another document.
        insert(db, Scope { company_id: 2, ..a }, doc).await.unwrap();
        if db.dialect == Dialect::Postgres {
            // The planner has statistics of each indexed field.
            let made: Vec<String> = sqlx::query_scalar(
                "SELECT stxname::text FROM pg_statistic_ext WHERE stxname LIKE 'doc_field_%' ORDER BY 1",
            )
            .fetch_all(&db.pool)
            .await
            .unwrap();
            assert_eq!(made, ["doc_field_customer_id", "doc_field_user_id"]);
        }
    }
}
