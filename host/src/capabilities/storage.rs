//! `leida:platform/storage`: documents of the calling module's slot, in the request's company.

use super::ModuleState;
use crate::runtime::bindings::leida::platform::storage::{
    Comparison, Document, Filter, Found, GroupCount, Host, Order, Query,
};
use crate::runtime::bindings::types::{Error, Page, Value};
use crate::store::documents::{self as docs, Cmp, Doc, Scalar, Scope};

impl ModuleState {
    /// The scope of a declared collection of this module.
    fn collection<'a>(&'a self, name: &'a str) -> Result<(crate::db::Db, Scope<'a>), Error> {
        self.collection_in(self.scope()?, name)
    }

    /// [`Self::collection`] for a write, refused in a peer read.
    fn collection_mut<'a>(&'a self, name: &'a str) -> Result<(crate::db::Db, Scope<'a>), Error> {
        self.collection_in(self.writable()?, name)
    }

    fn collection_in<'a>(
        &'a self,
        scope: &'a super::RequestScope,
        name: &'a str,
    ) -> Result<(crate::db::Db, Scope<'a>), Error> {
        if !scope.collections.contains(name) {
            return Err(Error::Invalid(format!(
                "collection {name:?} is not declared by this module"
            )));
        }
        let at = Scope {
            company_id: scope.company_id,
            slot: &scope.slot,
            collection: name,
        };
        Ok((scope.db.clone(), at))
    }
}

fn scalar(v: Value) -> Scalar {
    match v {
        Value::Null => Scalar::Null,
        Value::Boolean(b) => Scalar::Bool(b),
        Value::Integer(i) => Scalar::Int(i),
        Value::Float(f) => Scalar::Float(f),
        Value::Text(s) => Scalar::Text(s),
    }
}

fn filters(list: Vec<Filter>) -> Vec<docs::Filter> {
    list.into_iter()
        .map(|f| docs::Filter {
            field: f.field,
            op: match f.op {
                Comparison::Eq => Cmp::Eq,
                Comparison::Ne => Cmp::Ne,
                Comparison::Lt => Cmp::Lt,
                Comparison::Le => Cmp::Le,
                Comparison::Gt => Cmp::Gt,
                Comparison::Ge => Cmp::Ge,
                Comparison::Contains => Cmp::Contains,
                Comparison::IsNull => Cmp::IsNull,
            },
            value: scalar(f.value),
        })
        .collect()
}

fn orders(list: Vec<Order>) -> Vec<docs::Order> {
    list.into_iter()
        .map(|o| docs::Order {
            field: o.field,
            descending: o.descending,
        })
        .collect()
}

fn document(d: Doc) -> Document {
    Document {
        id: d.id as u64,
        data: d.data,
        created_at: d.created_at,
        updated_at: d.updated_at,
    }
}

/// A page of documents and the total matching, as the WIT `found`.
fn found((docs, total): (Vec<Doc>, i64)) -> Found {
    Found {
        documents: docs.into_iter().map(document).collect(),
        total: total as u64,
    }
}

/// A JSON group key back into a WIT value.
fn key_value(json: &str) -> Value {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Bool(b)) => Value::Boolean(b),
        Ok(serde_json::Value::Number(n)) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or_default()),
        },
        Ok(serde_json::Value::String(s)) => Value::Text(s),
        Ok(serde_json::Value::Null) | Err(_) => Value::Null,
        Ok(other) => Value::Text(other.to_string()),
    }
}

fn id(v: u64) -> Result<i64, Error> {
    i64::try_from(v).map_err(|_| Error::Invalid("id out of range".into()))
}

impl Host for ModuleState {
    async fn insert(&mut self, collection: String, data: String) -> Result<u64, Error> {
        self.trace("storage.insert");
        let (db, at) = self.collection_mut(&collection)?;
        Ok(docs::insert(&db, at, &data).await? as u64)
    }

    async fn get(&mut self, collection: String, doc_id: u64) -> Result<Option<Document>, Error> {
        self.trace("storage.get");
        let (db, at) = self.collection(&collection)?;
        Ok(docs::get(&db, at, id(doc_id)?).await?.map(document))
    }

    async fn get_many(
        &mut self,
        collection: String,
        doc_ids: Vec<u64>,
    ) -> Result<Vec<Document>, Error> {
        self.trace("storage.get-many");
        let (db, at) = self.collection(&collection)?;
        let ids = doc_ids.into_iter().map(id).collect::<Result<Vec<_>, _>>()?;
        Ok(docs::get_many(&db, at, &ids)
            .await?
            .into_iter()
            .map(document)
            .collect())
    }

    async fn replace(
        &mut self,
        collection: String,
        doc_id: u64,
        data: String,
    ) -> Result<bool, Error> {
        self.trace("storage.replace");
        let (db, at) = self.collection_mut(&collection)?;
        Ok(docs::replace(&db, at, id(doc_id)?, &data).await?)
    }

    async fn patch(
        &mut self,
        collection: String,
        doc_id: u64,
        data: String,
    ) -> Result<bool, Error> {
        self.trace("storage.patch");
        let (db, at) = self.collection_mut(&collection)?;
        Ok(docs::patch(&db, at, id(doc_id)?, &data).await?)
    }

    async fn delete(&mut self, collection: String, doc_id: u64) -> Result<bool, Error> {
        self.trace("storage.delete");
        let (db, at) = self.collection_mut(&collection)?;
        Ok(docs::delete(&db, at, id(doc_id)?).await?)
    }

    async fn delete_where(
        &mut self,
        collection: String,
        conditions: Vec<Filter>,
    ) -> Result<u64, Error> {
        self.trace("storage.delete-where");
        let (db, at) = self.collection_mut(&collection)?;
        Ok(docs::delete_where(&db, at, &filters(conditions)).await?)
    }

    async fn find(&mut self, q: Query) -> Result<Found, Error> {
        self.trace("storage.find");
        let (db, at) = self.collection(&q.collection)?;
        let limit = q.page.limit.map(i64::from);
        let page = docs::find(
            &db,
            at,
            &filters(q.filters),
            &orders(q.order),
            i64::from(q.page.offset),
            limit,
        )
        .await?;
        Ok(found(page))
    }

    async fn find_page(&mut self, q: Query) -> Result<Vec<Document>, Error> {
        self.trace("storage.find-page");
        let (db, at) = self.collection(&q.collection)?;
        let docs = docs::find_page(
            &db,
            at,
            &filters(q.filters),
            &orders(q.order),
            i64::from(q.page.offset),
            q.page.limit.map(i64::from),
        )
        .await?;
        Ok(docs.into_iter().map(document).collect())
    }

    async fn find_in(
        &mut self,
        q: Query,
        field: String,
        values: Vec<Value>,
    ) -> Result<Found, Error> {
        self.trace("storage.find-in");
        let (db, at) = self.collection(&q.collection)?;
        let values: Vec<Scalar> = values.into_iter().map(scalar).collect();
        let page = docs::find_in(
            &db,
            at,
            (&field, &values),
            &filters(q.filters),
            &orders(q.order),
            i64::from(q.page.offset),
            q.page.limit.map(i64::from),
        )
        .await?;
        Ok(found(page))
    }

    async fn find_any(
        &mut self,
        collection: String,
        alternatives: Vec<Vec<Filter>>,
        order: Vec<Order>,
        page: Page,
    ) -> Result<Found, Error> {
        self.trace("storage.find-any");
        let (db, at) = self.collection(&collection)?;
        let alternatives: Vec<_> = alternatives.into_iter().map(filters).collect();
        let page = docs::find_any(
            &db,
            at,
            &alternatives,
            &orders(order),
            i64::from(page.offset),
            page.limit.map(i64::from),
        )
        .await?;
        Ok(found(page))
    }

    async fn count(&mut self, collection: String, conditions: Vec<Filter>) -> Result<u64, Error> {
        self.trace("storage.count");
        let (db, at) = self.collection(&collection)?;
        Ok(docs::count(&db, at, &filters(conditions)).await? as u64)
    }

    async fn count_by(
        &mut self,
        collection: String,
        conditions: Vec<Filter>,
        field: String,
    ) -> Result<Vec<GroupCount>, Error> {
        self.trace("storage.count-by");
        let (db, at) = self.collection(&collection)?;
        let groups = docs::count_by(&db, at, &filters(conditions), &field).await?;
        Ok(groups
            .into_iter()
            .map(|(k, n)| GroupCount {
                key: key_value(&k),
                count: n as u64,
            })
            .collect())
    }

    async fn increment(
        &mut self,
        collection: String,
        doc_id: u64,
        field: String,
        delta: i64,
    ) -> Result<i64, Error> {
        self.trace("storage.increment");
        let (db, at) = self.collection_mut(&collection)?;
        docs::increment(&db, at, id(doc_id)?, &field, delta)
            .await?
            .ok_or(Error::NotFound)
    }
}
