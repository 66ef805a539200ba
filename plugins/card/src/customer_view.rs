//! The mini-program's card pages: one card (`GET xiaochengxu/mingpian`,
//! counting the view) and every card bound to the customer (`mingpian/all`).

use crate::counters::{bump, card_of, Counter};
use crate::likes;
use crate::photos;
use crate::profile::{self, Viewed};
use crate::remarks::{card_view_remark, VIEWED_CARD};
use crate::tags;
use crate::visit::Visit;
use leida_module_sdk::types::Window;
use leida_module_sdk::{
    clock, directory, json, ok, require_customer, Failure, Input, Outcome, Paging, Request,
};

/// Default page length of `mingpian/all`.
const ALL_PAGE_LENGTH: u32 = 10;

/// `GET xiaochengxu/mingpian?uid`: the card of `uid`. Every call counts a
/// view; an authorised customer's view is logged as action 1 with a remark
/// depending on their earlier views.
pub fn show(req: &Request) -> Outcome {
    let visit = Visit::of(req)?;
    let uid = visit.user.id;
    let mut card = card_of(uid)?;
    bump(&mut card, Counter::Popularity, 1)?;
    if visit.customer_authorised()? {
        let previous = visit.count(VIEWED_CARD)?;
        visit.record(VIEWED_CARD, &card_view_remark(previous))?;
    }
    let viewed = Viewed {
        card: card.data,
        praise_num: likes::praise_count(uid)?,
        is_praise: likes::is_praised(uid, visit.customer_id)?,
        sign_num: likes::sign_like_count(uid)?,
        is_sign: likes::is_sign_liked(uid, visit.customer_id)?,
        mingpian_avatar: photos::card_avatar_or(uid, &visit.user.avatar)?,
        photo: photos::as_pairs(&photos::wall(uid)?),
        tag: tags::as_json(&tags::tags_of(uid)?),
    };
    let company = directory::get_company();
    let item = profile::viewed_card(&visit.user, &company, &viewed, clock::utc_offset());
    Ok(ok(
        "查询成功",
        json!({ "ret_data": [item], "data_count": 1 }),
    ))
}

/// `GET xiaochengxu/mingpian/all`: the radar users bound to the calling
/// customer, newest relation first, paged (`length` default 10).
pub fn all(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let paging = Paging::from_input(&Input::of(req), ALL_PAGE_LENGTH)?;
    let filter = directory::RelationFilter {
        user_id: None,
        customer_id: Some(customer_id),
        created: open_window(),
        expected_pr_min: None,
        expected_pr_max: None,
        followed: open_window(),
    };
    let total = directory::count_relations(filter)?;
    let relations = directory::find_relations(filter, paging.page())?;
    let company = directory::get_company();
    let offset = clock::utc_offset();
    let mut items = Vec::with_capacity(relations.len());
    for relation in relations {
        match directory::get_user(relation.user_id) {
            Ok(user) => items.push(profile::listed_user(
                &user,
                &company,
                relation.source,
                offset,
            )),
            Err(directory::Error::NotFound) => continue,
            Err(e) => return Err(Failure::from(e)),
        }
    }
    Ok(ok(
        "查询成功",
        json!({ "ret_data": items, "data_count": total }),
    ))
}

fn open_window() -> Window {
    Window {
        since: None,
        until: None,
    }
}
