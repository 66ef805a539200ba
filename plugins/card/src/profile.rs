//! The card as each endpoint shows it, built from the directory's user and
//! company records and the module's own data. Pure: no host calls.

use crate::counters::{shown, CardDoc};
use crate::labels::{country_label, source_label};
use leida_module_sdk::directory::{Company, User};
use leida_module_sdk::time::local_iso;
use leida_module_sdk::{json, Json};

/// What the mini-program card view adds to the user's profile.
pub struct Viewed {
    /// The card document (views, forwards, signature).
    pub card: CardDoc,
    /// Customers praising the card.
    pub praise_num: u64,
    /// Whether this customer praises it.
    pub is_praise: bool,
    /// Customers who liked the signature.
    pub sign_num: u64,
    /// Whether this customer liked it.
    pub is_sign: bool,
    /// The card avatar (newest avatar photo, else the user's avatar).
    pub mingpian_avatar: String,
    /// The photo wall as `[[id, url], …]`.
    pub photo: Json,
    /// The impression tags as `[{id, name}, …]`.
    pub tag: Json,
}

/// The phone a radar user's own card editor shows: the stored card phone,
/// else the WeChat phone.
pub fn stored_phone(user: &User) -> &str {
    if user.mingpian_phone.is_empty() {
        &user.wechat_phone
    } else {
        &user.mingpian_phone
    }
}

/// One `ret_data` item of `GET xiaochengxu/mingpian`.
pub fn viewed_card(user: &User, company: &Company, v: &Viewed, utc_offset: i32) -> Json {
    json!({
        "id": user.id,
        "username": user.username,
        "avatar": user.avatar,
        "mingpian_avatar": v.mingpian_avatar,
        "company": company.name,
        "address": company.address,
        "position": user.position,
        "email": user.email,
        "wechat": user.wechat,
        "mingpian_phone": user.card_phone,
        "create_date": local_iso(user.created_at, utc_offset),
        "popularity_num": shown(v.card.popularity),
        "praise_num": v.praise_num,
        "forward_num": shown(v.card.forward),
        "is_praise": v.is_praise,
        "sign": v.card.sign,
        "is_sign": v.is_sign,
        "sign_num": v.sign_num,
        "photo": v.photo,
        "tag": v.tag,
    })
}

/// One `ret_data` item of `GET xiaochengxu/mingpian/all`.
pub fn listed_user(user: &User, company: &Company, source: u8, utc_offset: i32) -> Json {
    json!({
        "id": user.id,
        "username": user.username,
        "source": source_label(source),
        "avatar": user.avatar,
        "company": company.name,
        "position": user.position,
        "email": user.email,
        "mingpian_phone": user.card_phone,
        "create_date": local_iso(user.created_at, utc_offset),
    })
}

/// The single `data` item of `GET xiaochengxu/mingpian/create_poster`.
pub fn poster_card(user: &User, company: &Company, avatar: &str, qr_code_url: &str) -> Json {
    json!({
        "user_id": user.id,
        "user_avatar": avatar,
        "username": user.username,
        "position": user.position,
        "mingpian_phone": user.card_phone,
        "company": company.name,
        "qr_code_url": qr_code_url,
    })
}

/// The radar user's own card additions to the profile.
pub struct Own {
    /// The card document (signature, country).
    pub card: CardDoc,
    /// The photo wall as `[[id, url], …]`.
    pub photo: Json,
    /// The impression tags as `[{id, name}, …]`.
    pub tag: Json,
}

/// One `ret_data` item of `GET qiyeweixin/mingpian`.
pub fn own_card(user: &User, company: &Company, own: &Own, utc_offset: i32) -> Json {
    json!({
        "id": user.id,
        "username": user.username,
        "avatar": user.avatar,
        "company": company.name,
        "area": company.area,
        "address": company.address,
        "position": user.position,
        "telephone": user.telephone,
        "email": user.email,
        "country": country_label(own.card.country),
        "wechat": user.wechat,
        "wechat_phone": user.wechat_phone,
        "is_show_phone": user.show_phone,
        "mingpian_phone": stored_phone(user),
        "sign": own.card.sign,
        "photo": own.photo,
        "tag": own.tag,
        "qr_code": user.qr_code,
        "create_date": local_iso(user.created_at, utc_offset),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHANGHAI: i32 = 28_800;

    fn user() -> User {
        User {
            id: 2,
            username: "zhangju".into(),
            real_name: "张聚".into(),
            avatar: "statics/imgs/setAvator.jpg".into(),
            position: "技术经理".into(),
            gender: 1,
            card_phone: "18511123918".into(),
            mingpian_phone: "18511123918".into(),
            wechat_phone: "13000000000".into(),
            show_phone: true,
            telephone: "010-1234".into(),
            wechat: "zj".into(),
            email: "".into(),
            qr_code: "statics/zhugeleida/2_qrcode.jpg".into(),
            enabled: true,
            boss: false,
            // 2018-06-08 22:03:23.772 in Shanghai.
            created_at: 1_528_466_603_772,
        }
    }

    fn company() -> Company {
        Company {
            id: 1,
            name: "合众康桥".into(),
            area: "北京市 北京 通州区".into(),
            address: "东四十条".into(),
            website_content: "[]".into(),
            customer_unique: false,
            shopping_type: 2,
            product_function_type: 1,
        }
    }

    fn keys(v: &Json) -> Vec<&str> {
        let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    #[test]
    fn viewed_card_has_the_seed_fields() {
        let mut card = CardDoc::new(2);
        card.popularity = 12;
        card.forward = 2;
        card.sign = "一生所爱".into();
        let v = Viewed {
            card,
            praise_num: 1,
            is_praise: false,
            sign_num: 20,
            is_sign: false,
            mingpian_avatar: "statics/imgs/xxxx.jpg".into(),
            photo: json!([[4, "a.jpg"]]),
            tag: json!([{"id": 1, "name": "有志青年"}]),
        };
        let item = viewed_card(&user(), &company(), &v, SHANGHAI);
        assert_eq!(
            keys(&item),
            [
                "address",
                "avatar",
                "company",
                "create_date",
                "email",
                "forward_num",
                "id",
                "is_praise",
                "is_sign",
                "mingpian_avatar",
                "mingpian_phone",
                "photo",
                "popularity_num",
                "position",
                "praise_num",
                "sign",
                "sign_num",
                "tag",
                "username",
                "wechat"
            ]
        );
        assert_eq!(item["create_date"], "2018-06-08T22:03:23.772");
        assert_eq!(item["popularity_num"], 12);
        assert_eq!(item["mingpian_phone"], "18511123918");
        assert_eq!(item["company"], "合众康桥");
    }

    #[test]
    fn listed_user_labels_the_source() {
        let item = listed_user(&user(), &company(), 2, SHANGHAI);
        assert_eq!(
            keys(&item),
            [
                "avatar",
                "company",
                "create_date",
                "email",
                "id",
                "mingpian_phone",
                "position",
                "source",
                "username"
            ]
        );
        assert_eq!(item["source"], "转发");
    }

    #[test]
    fn poster_card_fields() {
        let item = poster_card(&user(), &company(), "a.jpg", "q.jpg");
        assert_eq!(
            keys(&item),
            [
                "company",
                "mingpian_phone",
                "position",
                "qr_code_url",
                "user_avatar",
                "user_id",
                "username"
            ]
        );
        assert_eq!(item["user_id"], 2);
    }

    #[test]
    fn own_card_fields_and_phone_fallback() {
        let mut u = user();
        u.mingpian_phone.clear();
        let own = Own {
            card: CardDoc::new(2),
            photo: json!([]),
            tag: json!([]),
        };
        let item = own_card(&u, &company(), &own, SHANGHAI);
        assert_eq!(
            keys(&item),
            [
                "address",
                "area",
                "avatar",
                "company",
                "country",
                "create_date",
                "email",
                "id",
                "is_show_phone",
                "mingpian_phone",
                "photo",
                "position",
                "qr_code",
                "sign",
                "tag",
                "telephone",
                "username",
                "wechat",
                "wechat_phone"
            ]
        );
        assert_eq!(item["mingpian_phone"], "13000000000");
        assert_eq!(item["country"], "国内");
        assert_eq!(item["area"], "北京市 北京 通州区");
    }
}
