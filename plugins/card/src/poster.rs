//! The card poster in the mini-program: the card data the poster shows
//! (`create_poster`, which also makes sure the pair's poster image is
//! stored) and the stored poster's address (`save_poster`).

use crate::photos;
use crate::posters;
use crate::profile;
use crate::remarks::{POSTER_REMARK, VIEWED_CARD};
use crate::visit::Visit;
use leida_module_sdk::log::{self, Level};
use leida_module_sdk::{directory, json, ok, Failure, Outcome, Request};

/// `GET xiaochengxu/mingpian/create_poster?uid`: `[{user_id, user_avatar,
/// username, position, mingpian_phone, company, qr_code_url}]`, the QR code
/// being the pair's own, else the user's. Draws the pair's poster when it is
/// missing or out of date; a drawing failure is logged and the card data
/// still answered (clients can draw the poster from it).
pub fn create_poster(req: &Request) -> Outcome {
    let visit = Visit::of(req)?;
    let relation = relation(&visit)?;
    if let Err(f) = posters::poster_of(&visit, relation.as_ref()) {
        log::write(Level::Warn, &format!("drawing the card poster: {}", f.msg));
    }
    let pair_qr = relation.as_ref().map_or("", |r| r.qr_code.as_str());
    let qr_code_url = if pair_qr.is_empty() {
        &visit.user.qr_code
    } else {
        pair_qr
    };
    let avatar = photos::card_avatar_or(visit.user.id, &visit.user.avatar)?;
    let company = directory::get_company();
    let item = profile::poster_card(&visit.user, &company, &avatar, qr_code_url);
    Ok(ok("请求成功", json!([item])))
}

/// `GET xiaochengxu/mingpian/save_poster?uid`: the pair's stored poster
/// (drawn first when missing or out of date), logging action 1 (`保存了您的
/// 名片海报`); `{user_id, poster_url}` (`user_id` as text, as clients read it).
pub fn save_poster(req: &Request) -> Outcome {
    let visit = Visit::of(req)?;
    let poster_url = posters::poster_of(&visit, relation(&visit)?.as_ref())?;
    visit.record(VIEWED_CARD, POSTER_REMARK)?;
    Ok(ok(
        "请求成功",
        json!({ "user_id": visit.user.id.to_string(), "poster_url": poster_url }),
    ))
}

fn relation(visit: &Visit) -> Result<Option<directory::Relation>, Failure> {
    Ok(directory::get_relation(visit.user.id, visit.customer_id)?)
}
