//! The wire shapes of products: mini-program items, radar items and
//! back-office items, with the `publisher` labels.

use crate::product::ProductDoc;
use leida_module_sdk::store::Stored;
use leida_module_sdk::time::{local_date, local_datetime, local_iso};
use leida_module_sdk::{json, Json};

/// `status` and `status_code`.
fn status(p: &ProductDoc) -> (Json, Json) {
    let s = p.status();
    (json!(s.label()), json!(s.code()))
}

/// The content of an item: everything for a single product, covers only
/// in lists.
fn content(p: &ProductDoc, full: bool) -> Json {
    if full {
        json!(p.content)
    } else {
        p.content.covers_only()
    }
}

/// A radar user as an item shows them: `user_avatar`, `username`, `position`.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    /// `user_avatar`.
    pub avatar: String,
    /// `username`.
    pub username: String,
    /// `position`.
    pub position: String,
}

/// A mini-program item; `full` adds the whole content.
pub fn customer_item(p: &Stored<ProductDoc>, user: &Shown, full: bool, offset: i32) -> Json {
    let (label, code) = status(&p.data);
    json!({
        "id": p.id,
        "name": p.data.name,
        "price": p.data.price,
        "reason": p.data.reason,
        "user_avatar": user.avatar,
        "username": user.username,
        "position": user.position,
        "publisher_date": local_iso(p.data.published_at, offset),
        "content": content(&p.data, full),
        "create_date": local_date(p.data.published_at, offset),
        "status": label,
        "status_code": code,
    })
}

/// A radar item; `full` adds the whole content and the avatar.
pub fn radar_item(
    p: &Stored<ProductDoc>,
    publisher: &str,
    avatar: Option<&str>,
    offset: i32,
) -> Json {
    let (label, code) = status(&p.data);
    let mut item = json!({
        "id": p.id,
        "name": p.data.name,
        "publisher": publisher,
        "price": p.data.price,
        "publisher_date": local_iso(p.data.published_at, offset),
        "content": content(&p.data, avatar.is_some()),
        "create_date": local_date(p.data.published_at, offset),
        "status": label,
        "status_code": code,
    });
    if let Some(avatar) = avatar {
        item["user_avatar"] = json!(avatar);
        item["reason"] = json!(p.data.reason);
    }
    item
}

/// A back-office item.
pub fn admin_item(p: &Stored<ProductDoc>, publisher: &str, offset: i32) -> Json {
    let (label, code) = status(&p.data);
    json!({
        "product_id": p.id,
        "cover_picture": p.data.content.first_cover().unwrap_or_default(),
        "name": p.data.name,
        "price": p.data.price,
        "publisher_date": local_datetime(p.data.published_at, offset),
        "publisher": publisher,
        "status": label,
        "status_code": code,
    })
}

/// The radar app's `publisher`: `企业发布` for a company product, `我添加的`
/// for the caller's own, `{name}添加的` for a colleague's.
pub fn radar_publisher(p: &ProductDoc, me: Option<u64>, owner_name: &str) -> String {
    if p.is_company() {
        "企业发布".to_string()
    } else if me == Some(p.owner_id) {
        "我添加的".to_string()
    } else {
        format!("{owner_name}添加的")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Content;
    use crate::product::{Texts, COMPANY};
    use crate::status::Status;

    fn stored(owner: u64) -> Stored<ProductDoc> {
        let texts = Texts {
            name: "门票2".into(),
            price: "128".into(),
            reason: "有理想-不讲究".into(),
        };
        let content = Content::parse(&json!({
            "cover_data": [{"type": "picture_url", "data": ["a.png"]}],
            "article_data": [{"type": "title", "data": ["t"]}]
        }))
        .unwrap();
        // 2018-07-21T11:24:03.761 in Shanghai.
        let mut data = ProductDoc::new(owner, texts, content, 1_532_143_443_761);
        data.set_status(Status::Recommended);
        Stored {
            id: 10,
            data,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn publisher_labels() {
        assert_eq!(
            radar_publisher(&stored(COMPANY).data, Some(3), ""),
            "企业发布"
        );
        assert_eq!(
            radar_publisher(&stored(3).data, Some(3), "张聪"),
            "我添加的"
        );
        assert_eq!(
            radar_publisher(&stored(4).data, Some(3), "张聪"),
            "张聪添加的"
        );
    }

    #[test]
    fn seed_shapes() {
        let p = stored(3);
        let item = customer_item(&p, &Shown::default(), false, 28_800);
        assert_eq!(item["publisher_date"], "2018-07-21T11:24:03.761");
        assert_eq!(item["create_date"], "2018-07-21");
        assert_eq!(
            (item["status"].clone(), item["status_code"].clone()),
            (json!("推荐"), json!(3))
        );
        assert!(item["content"].get("article_data").is_none());
        let single = radar_item(&p, "我添加的", Some("av.png"), 28_800);
        assert_eq!(single["content"]["article_data"][0]["data"][0], "t");
        assert_eq!(single["user_avatar"], "av.png");
        let listed = radar_item(&p, "我添加的", None, 28_800);
        assert!(listed.get("user_avatar").is_none());
        let admin = admin_item(&p, "公司", 28_800);
        assert_eq!(admin["publisher_date"], "2018-07-21 11:24:03");
        assert_eq!(admin["cover_picture"], "a.png");
        assert_eq!(admin["product_id"], 10);
    }
}
