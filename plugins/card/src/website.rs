//! The company website ("官网") page in the mini-program.

use crate::remarks::{VIEWED_WEBSITE, WEBSITE_REMARK};
use crate::visit::Visit;
use leida_module_sdk::{directory, json, ok, Json, Outcome, Request};

/// The constant `data_count` the clients expect.
const WEBSITE_DATA_COUNT: u32 = 6;

/// `GET xiaochengxu/website?uid`: the company's website content as
/// `ret_data` and `data_count: 6`; an authorised customer's visit is logged
/// as action 4 on the card of `uid`.
pub fn show(req: &Request) -> Outcome {
    let visit = Visit::of(req)?;
    let company = directory::get_company();
    if visit.customer_authorised()? {
        visit.record(VIEWED_WEBSITE, WEBSITE_REMARK)?;
    }
    Ok(ok(
        "",
        json!({
            "ret_data": website_content(&company.website_content),
            "data_count": WEBSITE_DATA_COUNT,
        }),
    ))
}

/// The stored website JSON, or `[]` when it is empty or malformed.
fn website_content(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or_else(|_| json!([]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_parsed_or_empty() {
        let obj = r#"{"cover_picture":[{"picture_url":"a.png"}]}"#;
        assert_eq!(
            website_content(obj)["cover_picture"][0]["picture_url"],
            "a.png"
        );
        assert_eq!(website_content(""), json!([]));
        assert_eq!(website_content("not json"), json!([]));
        assert_eq!(website_content("[1]"), json!([1]));
    }
}
