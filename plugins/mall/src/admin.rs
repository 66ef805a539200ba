//! The back office's product pages (`admin/product/*`): company and
//! personal products of the company (another company's with `company_id`,
//! for the operator only: the host binds the request to that company and
//! refuses everyone else).

use crate::descriptor::PRODUCTS;
use crate::editing::editable;
use crate::forms;
use crate::listing::{self, Kind};
use crate::pictures;
use crate::product::{self, ProductDoc, Texts, COMPANY};
use crate::rights::Staff;
use crate::status::StatusFilter;
use crate::views::admin_item;
use leida_module_sdk::object_id;
use leida_module_sdk::{
    clock, directory, json, ok, store, Failure, Input, Outcome, Paging, Request,
};
use std::collections::BTreeMap;

/// Default page length of the list.
const PAGE_LENGTH: u32 = 20;

/// A back-office caller; 404 for anyone else.
fn back_office(req: &Request) -> Result<Staff, Failure> {
    let staff = Staff::of(req)?;
    if staff.back_office {
        Ok(staff)
    } else {
        Err(Failure::illegal())
    }
}

/// `product_type`: 1 company products, 2 personal products.
fn kind(input: &Input<'_>) -> Result<Option<Kind>, Failure> {
    match input.int("product_type")? {
        None => Ok(None),
        Some(1) => Ok(Some(Kind::Company)),
        Some(2) => Ok(Some(Kind::Personal)),
        Some(_) => Err(Failure::invalid("product_type 必须是 1 或 2")),
    }
}

fn required_kind(input: &Input<'_>) -> Result<Kind, Failure> {
    kind(input)?.ok_or_else(|| Failure::form("product_type 不能为空"))
}

/// `GET admin/product/product_list?product_type&status&product_name`:
/// company (1) or personal (2) products, on the shelf unless `status` 2;
/// `publisher` is the company's name, or the owner's for personal products.
pub fn product_list(req: &Request) -> Outcome {
    back_office(req)?;
    let input = Input::of(req);
    let kind = required_kind(&input)?;
    let shelf = StatusFilter::of_admin_status(input.int("status")?)?;
    let paging = Paging::from_input(&input, PAGE_LENGTH)?;
    let (products, total) =
        listing::of_kind(kind, shelf, input.text("product_name"), paging.page())?;
    let company = directory::get_company().name;
    let mut owners: BTreeMap<u64, String> = BTreeMap::new();
    let offset = clock::utc_offset();
    let mut items = Vec::with_capacity(products.len());
    for p in &products {
        let publisher = if p.data.is_company() {
            company.clone()
        } else {
            owners
                .entry(p.data.owner_id)
                .or_insert_with(|| {
                    directory::get_user(p.data.owner_id)
                        .map(|u| u.username)
                        .unwrap_or_default()
                })
                .clone()
        };
        items.push(admin_item(p, &publisher, offset));
    }
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

/// `POST admin/product/add/0` (`product_type`, `name`, `price`, `reason`,
/// `content` or `cover_picture_id` + `article_data`; `uid` for a personal
/// product): a new published product.
pub fn add(req: &Request) -> Outcome {
    back_office(req)?;
    let input = Input::of(req);
    let owner = match required_kind(&input)? {
        Kind::Company => COMPANY,
        Kind::Personal => {
            let uid = input.required_id("uid")?;
            directory::get_user(uid).map_err(|e| Failure::from(e).or_not_found("用户不存在"))?;
            uid
        }
    };
    let texts = Texts::of(&input)?;
    let content = forms::back_office_content(&input)?.unwrap_or_default();
    let doc = ProductDoc::new(owner, texts, content, clock::now());
    let id = store::insert(PRODUCTS, &doc)?;
    pictures::attach(req, id, &doc.content)?;
    Ok(ok("添加成功", json!({ "product_id": id })))
}

/// `POST admin/product/update/{id}` (the fields of `add`; `product_type`,
/// when sent, must match the product): any product of the company.
pub fn update(req: &Request) -> Outcome {
    let staff = back_office(req)?;
    let mut p = editable(&staff, object_id(req)?)?;
    let input = Input::of(req);
    let expected = if p.data.is_company() {
        Kind::Company
    } else {
        Kind::Personal
    };
    if kind(&input)?.is_some_and(|k| k != expected) {
        return Err(Failure::invalid("product_type 与产品不符"));
    }
    p.data.set_texts(Texts::of(&input)?);
    if let Some(content) = forms::back_office_content(&input)? {
        p.data.content = content;
    }
    product::save_edits(&p)?;
    pictures::attach(req, p.id, &p.data.content)?;
    Ok(ok("添加成功", json!({ "product_id": p.id })))
}
