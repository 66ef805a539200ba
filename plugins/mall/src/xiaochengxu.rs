//! The mini-program's product pages: the list and single product of the
//! card the customer came from (`uid`), forwards and enquiries. A customer
//! sees the company's products and `uid`'s own, never off-shelf ones, and
//! only within their company.

use crate::listing;
use crate::product::{self, ProductDoc};
use crate::remarks::{
    forwarded_remark, product_target, viewed_remark, CONSULTED, CONSULT_REMARK, LIST_REMARK,
    VIEWED_PRODUCT,
};
use crate::status::{Status, StatusFilter};
use crate::views::{customer_item, Shown};
use leida_module_sdk::store::Stored;
use leida_module_sdk::{chat, clock, json, ok, Failure, Input, Outcome, Paging, Request, Visit};

/// Default page length of the list.
const PAGE_LENGTH: u32 = 20;
/// The 302 message of an unknown `uid`.
const UNKNOWN_USER: &str = "名片用户不存在";

/// `GET xiaochengxu/product/product_list?uid`: company products and `uid`'s
/// own, recommended first, off-shelf ones hidden; logs action 2 once.
pub fn product_list(req: &Request) -> Outcome {
    let visit = Visit::of(req, UNKNOWN_USER)?;
    let paging = Paging::from_input(&Input::of(req), PAGE_LENGTH)?;
    let (products, total) =
        listing::company_and_own(visit.user.id, StatusFilter::OnShelf, paging.page())?;
    visit.record(VIEWED_PRODUCT, LIST_REMARK, None)?;
    let shown = shown(&visit);
    let offset = clock::utc_offset();
    let items: Vec<_> = products
        .iter()
        .map(|p| customer_item(p, &shown, false, offset))
        .collect();
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

/// `GET xiaochengxu/product/product_single?uid&product_id`: the whole
/// product; logs action 2 `正在查看{name},尽快把握商机`.
pub fn product_single(req: &Request) -> Outcome {
    let (visit, p) = visited_product(req)?;
    visit.record(
        VIEWED_PRODUCT,
        &viewed_remark(&p.data.name),
        product_target(p.id),
    )?;
    let item = customer_item(&p, &shown(&visit), true, clock::utc_offset());
    Ok(ok(
        "查询成功",
        json!({ "ret_data": [item], "data_count": 1 }),
    ))
}

/// `GET xiaochengxu/{product,mallManage}/forward_product?uid&product_id`:
/// logs action 2 `转发了{name}`.
pub fn forward_product(req: &Request) -> Outcome {
    let (visit, p) = visited_product(req)?;
    visit.record(
        VIEWED_PRODUCT,
        &forwarded_remark(&p.data.name),
        product_target(p.id),
    )?;
    Ok(ok("记录转发产品成功", json!({})))
}

/// `GET xiaochengxu/mallManage/consult_product?uid&product_id`: posts the
/// enquiry (chat `info_type` 2) to `uid` as the customer and logs action 7.
pub fn consult_product(req: &Request) -> Outcome {
    let (visit, p) = visited_product(req)?;
    let content = json!({
        "info_type": 2,
        "product_name": p.data.name,
        "product_price": p.data.price,
        "product_cover_url": p.data.content.first_cover().unwrap_or_default(),
        "product_id": p.id,
    });
    chat::post(&chat::Message {
        user_id: visit.user.id,
        customer_id: visit.customer_id,
        direction: chat::Direction::CustomerToUser,
        content: content.to_string(),
    })?;
    visit.record(CONSULTED, CONSULT_REMARK, product_target(p.id))?;
    Ok(ok("咨询产品成功", json!({})))
}

/// The visit and its `product_id`: a company product or one of `uid`'s, on
/// the shelf; 302 for anything else.
fn visited_product(req: &Request) -> Result<(Visit, Stored<ProductDoc>), Failure> {
    let visit = Visit::of(req, UNKNOWN_USER)?;
    let id = Input::of(req).required_id("product_id")?;
    let p = product::load(id)?;
    let on_card = p.data.is_company() || p.data.owner_id == visit.user.id;
    if !on_card || p.data.status() == Status::OffShelf {
        return Err(product::missing());
    }
    Ok((visit, p))
}

fn shown(visit: &Visit) -> Shown {
    Shown {
        avatar: visit.user.avatar.clone(),
        username: visit.user.username.clone(),
        position: visit.user.position.clone(),
    }
}
