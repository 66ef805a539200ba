//! `tongxunlu`: the salesperson's address book, in one of several orders.

use crate::crm::labels::{customer_name, customer_type_label, source_label};
use crate::db::Db;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::local_time::{iso, now_ms, RelativeDay};
use crate::store::address_book::{self, BookEntry, BookFilter, BookOrder};
use axum::extract::State;
use serde_json::{json, Value};

/// Default page length of the address book, as the radar app pages it.
const PAGE_LENGTH: i64 = 10;

/// `GET qiyeweixin/tongxunlu`: the caller's customers with closing estimate,
/// sources and when they were last followed up and active, filtered by
/// `customer_type` or `customer__source` and sorted by `order`.
pub async fn tongxunlu(State(db): State<Db>, Caller(me): Caller, fields: Fields) -> ApiResult {
    let order = order(fields.present("order"))?;
    let f = BookFilter {
        user_id: me.id,
        sources: sources(&fields)?,
    };
    let page = fields.page(PAGE_LENGTH)?;
    let (entries, count) =
        address_book::page(&db, me.company_id, &f, order, page.offset, page.limit).await?;
    let now = now_ms();
    let items: Vec<Value> = entries.iter().map(|e| item(e, now)).collect();
    Ok(Envelope::ok(json!({ "ret_data": items, "data_count": count })).msg("查询成功"))
}

/// The `order` field: with or without a leading `-` and the `customer__`
/// prefix of the first document, every order is highest or newest first.
fn order(value: Option<&str>) -> ApiResult<BookOrder> {
    let Some(value) = value else {
        return Ok(BookOrder::ExpectedPr);
    };
    match value.strip_prefix('-').unwrap_or(value) {
        "expedted_pr" | "customer__expedted_pr" => Ok(BookOrder::ExpectedPr),
        "last_follow_time" => Ok(BookOrder::LastFollow),
        "last_activity_time" => Ok(BookOrder::LastActivity),
        _ => Err(ApiError::bad_value(
            "order",
            "可选 -expedted_pr、-last_follow_time、-last_activity_time",
        )),
    }
}

/// The sources `customer_type` (1: public-account articles, 2: scan,
/// forward, search) and `customer__source` allow; `None` for all.
fn sources(fields: &Fields) -> ApiResult<Option<Vec<i64>>> {
    let by_type = match fields.int("customer_type")? {
        None => None,
        Some(1) => Some(vec![4]),
        Some(2) => Some(vec![1, 2, 3]),
        Some(_) => return Err(ApiError::bad_value("customer_type", "取值 1 或 2")),
    };
    let by_source = match fields.int("customer__source")? {
        Some(s) if !(1..=5).contains(&s) => {
            return Err(ApiError::bad_value("customer__source", "取值 1..5"))
        }
        s => s,
    };
    Ok(match (by_type, by_source) {
        (types, None) => types,
        (None, Some(s)) => Some(vec![s]),
        (Some(types), Some(s)) => Some(types.into_iter().filter(|t| *t == s).collect()),
    })
}

fn item(e: &BookEntry, now: i64) -> Value {
    let followed = e.last_follow_at.map(|t| RelativeDay::of(t, now));
    let active = e.last_activity_at.map(|t| RelativeDay::of(t, now));
    json!({
        "customer_id": e.customer_id,
        "customer_username": customer_name(&e.customer_name, e.customer_id),
        "headimgurl": e.headimgurl,
        "expected_time": e.expected_date,
        "expedted_pr": e.expected_pr,
        "belonger": e.belonger,
        "source": e.source,
        "source_text": source_label(e.source),
        "customer_source": e.customer_type,
        "customer_source_text": customer_type_label(e.customer_type),
        // Public-account subscriptions are not tracked in this release.
        "is_subscribe": null,
        "is_subscribe_text": null,
        "last_follow_time": followed.as_ref().map_or_else(String::new, RelativeDay::ago),
        "last_activity_time": active.as_ref().map_or_else(String::new, RelativeDay::day_or_date),
        "follow_status": follow_status(followed.as_ref()),
        "create_date": iso(e.created_at),
    })
}

/// `follow_status`: `未跟进过`, `今天跟进`, `昨天已跟进` or the day of the last follow-up.
fn follow_status(followed: Option<&RelativeDay>) -> String {
    match followed {
        None => "未跟进过".into(),
        Some(RelativeDay::Today) => "今天跟进".into(),
        Some(RelativeDay::Yesterday) => "昨天已跟进".into(),
        Some(RelativeDay::Earlier { date, .. }) => date.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_accept_both_documents_spellings() {
        assert_eq!(order(None).unwrap(), BookOrder::ExpectedPr);
        for v in [
            "-expedted_pr",
            "customer__expedted_pr",
            "-customer__expedted_pr",
        ] {
            assert_eq!(order(Some(v)).unwrap(), BookOrder::ExpectedPr, "{v}");
        }
        assert_eq!(
            order(Some("-last_follow_time")).unwrap(),
            BookOrder::LastFollow
        );
        assert_eq!(
            order(Some("last_activity_time")).unwrap(),
            BookOrder::LastActivity
        );
        assert_eq!(order(Some("create_date")).unwrap_err().code, 301);
    }

    #[test]
    fn follow_status_names_the_day() {
        assert_eq!(follow_status(None), "未跟进过");
        assert_eq!(follow_status(Some(&RelativeDay::Today)), "今天跟进");
        assert_eq!(follow_status(Some(&RelativeDay::Yesterday)), "昨天已跟进");
        let earlier = RelativeDay::Earlier {
            days: 3,
            date: "2018-09-18".into(),
        };
        assert_eq!(follow_status(Some(&earlier)), "2018-09-18");
    }
}
