//! Public-account customers: a share link passes through
//! `work_gongzhonghao_auth/redirect_share_url` to WeChat's OAuth page, and
//! WeChat sends the approving customer back to the landing
//! `work_gongzhonghao_auth`, which signs them in, relates them to the radar
//! user who shared the link, and sends them on to the page with their session.

use crate::app::AppState;
use crate::crm::binding;
use crate::http::envelope::{ApiError, ApiResult};
use crate::http::fields::Fields;
use crate::public_account::share_link::parse_relate;
use crate::public_account::{credentials, sign_in};
use crate::store::{companies, customers, users};
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Relation source of a customer who came through a public-account article.
const ARTICLE: i64 = 4;

/// `GET gongzhonghao/work_gongzhonghao_auth/redirect_share_url?share_url=U`:
/// sends the customer to `U`, which must be WeChat's OAuth authorize page
/// (so this is no open redirect).
pub async fn redirect_share_url(
    State(app): State<AppState>,
    fields: Fields,
) -> ApiResult<Response> {
    let url = fields.required("share_url")?;
    if !url.bytes().all(|b| b.is_ascii_graphic()) || !app.share_links.is_authorize_url(url) {
        return Err(ApiError::bad_value("share_url", "不是微信授权链接"));
    }
    found(url)
}

/// `GET gongzhonghao/work_gongzhonghao_auth?relate=R&page=P&code=C&state=S`:
/// WeChat's OAuth landing. Signs the customer in, relates them to `uid`
/// (source 4, referred by `pid`), and sends them on to the page `P` with the
/// link's pairs, `user_id` and `token`. Every check that can fail runs
/// before anything is written.
pub async fn landing(State(app): State<AppState>, fields: Fields) -> ApiResult<Response> {
    let link = Link::read(&fields)?;
    // The page is checked now, not when the customer is already signed in.
    app.share_links
        .page_url(&link.page, &[])
        .map_err(|_| ApiError::bad_value("page", "不是有效的页面"))?;
    let code = fields.required("code")?;
    let company = companies::get(&app.db, link.company_id)
        .await?
        .ok_or_else(|| ApiError::no_such("公司"))?;
    if company.status != 1 {
        return Err(ApiError::disabled());
    }
    let account = credentials(&company)?;
    users::get(&app.db, company.id, link.uid)
        .await?
        .filter(|u| u.status == 1)
        .ok_or_else(|| ApiError::no_such("用户"))?;
    let customer = sign_in::sign_in(&app.db, &app.wechat, company.id, account, code).await?;
    let parent = match link.pid {
        Some(pid) if pid != customer.id => customers::get(&app.db, company.id, pid)
            .await?
            .map(|p| p.id),
        _ => None,
    };
    binding::relate(&app.db, &company, link.uid, customer.id, ARTICLE, parent).await?;
    let id = customer.id.to_string();
    let mut query: Vec<(&str, &str)> = link
        .pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    query.extend([("user_id", id.as_str()), ("token", customer.token.as_str())]);
    let page = app
        .share_links
        .page_url(&link.page, &query)
        .map_err(ApiError::internal)?;
    found(&page)
}

/// What a landing's `relate` and `page` say.
struct Link {
    pairs: Vec<(String, String)>,
    page: String,
    uid: i64,
    company_id: i64,
    pid: Option<i64>,
}

impl Link {
    /// The link of the request; 301 when `relate` is not one the host makes
    /// (`parse_relate`: each key once, none of the session's) with `uid` and
    /// `company_id` numbers and `pid` empty or a number.
    fn read(fields: &Fields) -> ApiResult<Link> {
        let bad = || ApiError::bad_value("relate", "格式错误");
        let pairs = parse_relate(fields.required("relate")?).map_err(|_| bad())?;
        let page = fields.required("page")?.to_string();
        let value = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let number = |key: &str| value(key).and_then(|v| v.parse::<i64>().ok());
        let (Some(uid), Some(company_id)) = (number("uid"), number("company_id")) else {
            return Err(bad());
        };
        let pid = match value("pid") {
            None | Some("") => None,
            Some(v) => Some(v.parse::<i64>().map_err(|_| bad())?),
        };
        Ok(Link {
            pairs,
            page,
            uid,
            company_id,
            pid,
        })
    }
}

/// HTTP 302 to `url`.
fn found(url: &str) -> ApiResult<Response> {
    let location = HeaderValue::from_str(url).map_err(|_| ApiError::bad_value("url", "无效"))?;
    Ok((StatusCode::FOUND, [(LOCATION, location)]).into_response())
}
