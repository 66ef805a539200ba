//! The radar app's product pages (`qiyeweixin/product/*`): the caller's
//! list (company products and their own), one product, adding personal
//! products and changing those the caller may edit.

use crate::descriptor::PRODUCTS;
use crate::editing::editable;
use crate::forms;
use crate::listing;
use crate::pictures;
use crate::product::{self, ProductDoc, Texts};
use crate::rights::Staff;
use crate::status::StatusFilter;
use crate::views::{radar_item, radar_publisher};
use leida_module_sdk::object_id;
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{
    clock, directory, json, ok, require_radar_user, Failure, Input, Outcome, Paging, Request,
};

/// Default page length of the list.
const PAGE_LENGTH: u32 = 20;

/// `GET qiyeweixin/product/product_list?status_code`: company products and
/// the caller's own (status_code 1 published or recommended, 2 off the
/// shelf, 3 recommended; absent all).
pub fn product_list(req: &Request) -> Outcome {
    let me = require_radar_user(req)?;
    let input = Input::of(req);
    let shelf = StatusFilter::of_status_code(input.int("status_code")?)?;
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let (products, total) = listing::company_and_own(me, shelf, paging.page())?;
    let offset = clock::utc_offset();
    let items: Vec<_> = products
        .iter()
        .map(|p| radar_item(p, &radar_publisher(&p.data, Some(me), ""), None, offset))
        .collect();
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

/// `GET qiyeweixin/product/product_single?product_id`: one product the
/// caller may see, with its whole content.
pub fn product_single(req: &Request) -> Outcome {
    let me = require_radar_user(req)?;
    let staff = Staff::of(req)?;
    let p = product::load(Input::of(req).required_id("product_id")?)?;
    if !staff.may_see(&p.data) {
        return Err(product::missing());
    }
    // The owner's name and avatar for a personal product, the caller's otherwise.
    let shown_user = if p.data.is_company() {
        me
    } else {
        p.data.owner_id
    };
    let user = directory::get_user(shown_user).ok();
    let name = user.as_ref().map_or("", |u| u.username.as_str());
    let avatar = user.as_ref().map_or("", |u| u.avatar.as_str());
    let item = radar_item(
        &p,
        &radar_publisher(&p.data, Some(me), name),
        Some(avatar),
        clock::utc_offset(),
    );
    Ok(ok(
        "查询成功",
        json!({ "ret_data": [item], "data_count": 1 }),
    ))
}

/// `POST qiyeweixin/product/add/0` (`name`, `price`, `reason`, `content`):
/// a new personal product of the caller, published.
pub fn add(req: &Request) -> Outcome {
    let me = require_radar_user(req)?;
    let input = Input::of(req);
    let texts = Texts::of(&input)?;
    let content = forms::content(&input)?.unwrap_or_default();
    let doc = ProductDoc::new(me, texts, content, clock::now());
    let id = store::insert(PRODUCTS, &doc)?;
    pictures::attach(req, id, &doc.content)?;
    Ok(ok("添加成功", json!({ "product_id": id })))
}

/// `POST qiyeweixin/product/update/{id}` (`name`, `price`, `reason`,
/// `content`): the caller's own product, or a company product for a tenant
/// admin; `content` absent keeps it.
pub fn update(req: &Request) -> Outcome {
    require_radar_user(req)?;
    let staff = Staff::of(req)?;
    let mut p = editable(&staff, object_id(req)?)?;
    let input = Input::of(req);
    p.data.set_texts(Texts::of(&input)?);
    if let Some(content) = forms::content(&input)? {
        p.data.content = content;
    }
    product::save_edits(&p)?;
    pictures::attach(req, p.id, &p.data.content)?;
    Ok(ok("添加成功", json!({ "product_id": p.id })))
}

/// `GET qiyeweixin/product/delete_article/{n}?product_id` (deprecated):
/// removes introduction block `n` (from 1; blocks have no ids of their own
/// any more) of a product the caller may edit.
pub fn delete_article(req: &Request) -> Outcome {
    require_radar_user(req)?;
    let staff = Staff::of(req)?;
    let position = object_id(req)?;
    let mut p: Stored<ProductDoc> = editable(&staff, Input::of(req).required_id("product_id")?)?;
    if !p.data.content.remove_article(position) {
        return Err(Failure::not_found("文章字段不存在"));
    }
    product::save_edits(&p)?;
    Ok(ok("删除文章字段成功", json!({})))
}
