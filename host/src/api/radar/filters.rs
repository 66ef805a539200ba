//! The request fields the radar views share: an action code, one of the
//! caller's customers and a window of local days.

use super::labels::action_label;
use crate::db::Db;
use crate::http::envelope::{ApiError, ApiResult};
use crate::http::fields::Fields;
use crate::identity::Principal;
use crate::local_time::{day_start, now_ms, parse_date, DAY_MS};
use crate::store::relations;

/// How many days before today a default window starts.
pub const DEFAULT_WINDOW_DAYS: i64 = 7;

/// The `action` field: a logged action code; 301 for anything else.
pub fn action(fields: &Fields) -> ApiResult<Option<i64>> {
    match fields.int("action")? {
        Some(code) if action_label(code).is_none() => {
            Err(ApiError::bad_value("action", "未知的动作"))
        }
        code => Ok(code),
    }
}

/// The `customer_id` field. A customer is visible only to a salesperson
/// related to them, so an id of another company, of a colleague's customer
/// or of no customer at all is the same 302.
pub async fn own_customer(db: &Db, me: &Principal, fields: &Fields) -> ApiResult<Option<i64>> {
    let Some(id) = fields.int("customer_id")? else {
        return Ok(None);
    };
    relations::get(db, me.company_id, me.id, id)
        .await?
        .ok_or_else(|| ApiError::no_such("客户"))?;
    Ok(Some(id))
}

/// The window `[since, until)`: `create_date__gte` from the start of that
/// local day, `create_date__lt` through the end of that day. Without a start,
/// `defaulted` starts it [`DEFAULT_WINDOW_DAYS`] days before today.
pub fn window(fields: &Fields, defaulted: bool) -> ApiResult<(Option<i64>, Option<i64>)> {
    let day = |name: &str| -> ApiResult<Option<i64>> {
        fields
            .present(name)
            .map(|v| {
                parse_date(v).ok_or_else(|| ApiError::bad_value(name, "日期格式应为 YYYY-MM-DD"))
            })
            .transpose()
    };
    let since = match day("create_date__gte")? {
        Some(start) => Some(start),
        None if defaulted => Some(day_start(now_ms()) - DEFAULT_WINDOW_DAYS * DAY_MS),
        None => None,
    };
    let until = day("create_date__lt")?.map(|d| d + DAY_MS);
    Ok((since, until))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(q: &[(&str, &str)]) -> Fields {
        Fields {
            query: q
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            form: vec![],
        }
    }

    #[test]
    fn windows_are_local_days_with_an_inclusive_end() {
        let f = fields(&[
            ("create_date__gte", "2018-06-07"),
            ("create_date__lt", "2018-06-14"),
        ]);
        let (since, until) = window(&f, true).unwrap();
        assert_eq!(since, parse_date("2018-06-07"));
        assert_eq!(until, parse_date("2018-06-15"));
        let (since, until) = window(&fields(&[]), true).unwrap();
        assert_eq!(since, Some(day_start(now_ms()) - 7 * DAY_MS));
        assert_eq!(until, None);
        assert_eq!(window(&fields(&[]), false).unwrap(), (None, None));
        let bad = fields(&[("create_date__lt", "2018-6-x")]);
        assert_eq!(window(&bad, false).unwrap_err().code, 301);
    }

    #[test]
    fn actions_are_known_codes() {
        assert_eq!(action(&fields(&[("action", "6")])).unwrap(), Some(6));
        assert_eq!(action(&fields(&[])).unwrap(), None);
        assert_eq!(action(&fields(&[("action", "99")])).unwrap_err().code, 301);
        assert_eq!(action(&fields(&[("action", "x")])).unwrap_err().code, 301);
    }
}
