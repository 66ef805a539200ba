//! The radar user's own card in the enterprise-WeChat app: show it, and
//! change the phone, the profile and the signature. Only the caller's own
//! card is ever read or written.

use crate::checks::{valid_email, valid_phone, within};
use crate::counters::card_of;
use crate::descriptor::CARDS;
use crate::photos;
use crate::profile::{self, Own};
use crate::tags;
use leida_module_sdk::directory::{self, ProfilePatch};
use leida_module_sdk::store;
use leida_module_sdk::{clock, json, ok, require_radar_user, Failure, Input, Outcome, Request};

/// Longest signature accepted, in characters.
const MAX_SIGN_CHARS: usize = 200;
/// Longest free-text profile field accepted, in characters.
const MAX_TEXT_CHARS: usize = 128;

/// `GET qiyeweixin/mingpian`: the caller's card with photos `[[id, url]]`,
/// tags and QR code.
pub fn show(req: &Request) -> Outcome {
    let uid = require_radar_user(req)?;
    let user = directory::get_user(uid).map_err(|e| Failure::from(e).or_not_found("用户不存在"))?;
    let own = Own {
        card: card_of(uid)?.data,
        photo: photos::as_pairs(&photos::wall(uid)?),
        tag: tags::as_json(&tags::tags_of(uid)?),
    };
    let company = directory::get_company();
    let item = profile::own_card(&user, &company, &own, clock::utc_offset());
    Ok(ok(
        "查询成功",
        json!({ "ret_data": [item], "data_count": 1 }),
    ))
}

/// `POST qiyeweixin/mingpian/save_phone` (`mingpian_phone`, `is_show_phone`).
pub fn save_phone(req: &Request) -> Outcome {
    require_radar_user(req)?;
    let input = Input::of(req);
    let phone = phone_field(&input)?;
    let show = input
        .bool("is_show_phone")?
        .ok_or_else(|| Failure::form("is_show_phone 不能为空"))?;
    directory::update_own_profile(&ProfilePatch {
        mingpian_phone: Some(phone.to_string()),
        show_phone: Some(show),
        ..empty_patch()
    })?;
    Ok(ok("保存成功", json!({})))
}

/// `POST qiyeweixin/mingpian/save_info`: `mingpian_phone` (required) and
/// optionally `wechat`, `telephone`, `email`, `country` (1|2), `area` and
/// `address` (written onto the company), `position`, `is_show_phone`, and
/// `avatar` (also made the card avatar). A present but empty text clears it.
pub fn save_info(req: &Request) -> Outcome {
    let uid = require_radar_user(req)?;
    let input = Input::of(req);
    let phone = phone_field(&input)?;
    let telephone = optional_text(&input, "telephone")?;
    if let Some(t) = telephone.as_deref().filter(|t| !t.is_empty()) {
        if !valid_phone(t) {
            return Err(Failure::invalid("telephone 不是有效的电话号码"));
        }
    }
    let email = optional_text(&input, "email")?;
    if !email.as_deref().is_none_or(valid_email) {
        return Err(Failure::invalid("email 不是有效的邮箱"));
    }
    let country = match input.int("country")? {
        None => None,
        Some(c @ (1 | 2)) => Some(c as u8),
        Some(_) => return Err(Failure::invalid("country 必须是 1 或 2")),
    };
    let avatar = input.text("avatar").map(str::to_string);
    let patch = ProfilePatch {
        mingpian_phone: Some(phone.to_string()),
        show_phone: input.bool("is_show_phone")?,
        wechat: optional_text(&input, "wechat")?,
        telephone,
        email,
        position: optional_text(&input, "position")?,
        avatar: avatar.clone(),
        company_area: optional_text(&input, "area")?,
        company_address: optional_text(&input, "address")?,
        ..empty_patch()
    };
    directory::update_own_profile(&patch)?;
    if let Some(country) = country {
        let card = card_of(uid)?;
        store::patch(CARDS, card.id, &json!({ "country": country }))?;
    }
    if let Some(avatar) = avatar {
        photos::set_card_avatar(uid, &avatar)?;
    }
    Ok(ok("保存成功", json!({})))
}

/// `POST qiyeweixin/mingpian/save_sign` (`sign`, may be empty).
pub fn save_sign(req: &Request) -> Outcome {
    let uid = require_radar_user(req)?;
    let sign = Input::of(req).raw("sign").unwrap_or("").trim();
    if !within(sign, MAX_SIGN_CHARS) {
        return Err(Failure::invalid(format!(
            "sign 不能超过{MAX_SIGN_CHARS}个字"
        )));
    }
    let card = card_of(uid)?;
    store::patch(CARDS, card.id, &json!({ "sign": sign }))?;
    Ok(ok("保存成功", json!({})))
}

/// The required, valid `mingpian_phone`.
fn phone_field<'a>(input: &Input<'a>) -> Result<&'a str, Failure> {
    let phone = input.required_text("mingpian_phone")?;
    if valid_phone(phone) {
        Ok(phone)
    } else {
        Err(Failure::invalid("mingpian_phone 不是有效的手机号"))
    }
}

/// A present field's trimmed text (empty clears it); `None` when absent.
fn optional_text(input: &Input<'_>, name: &str) -> Result<Option<String>, Failure> {
    match input.raw(name).map(str::trim) {
        Some(s) if !within(s, MAX_TEXT_CHARS) => Err(Failure::invalid(format!(
            "{name} 不能超过{MAX_TEXT_CHARS}个字"
        ))),
        other => Ok(other.map(str::to_string)),
    }
}

/// A patch that changes nothing.
fn empty_patch() -> ProfilePatch {
    ProfilePatch {
        real_name: None,
        nickname: None,
        avatar: None,
        position: None,
        gender: None,
        mingpian_phone: None,
        show_phone: None,
        telephone: None,
        wechat: None,
        email: None,
        company_area: None,
        company_address: None,
    }
}
