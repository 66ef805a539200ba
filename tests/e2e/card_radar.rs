//! The card as its radar user edits it in the enterprise-WeChat app (module
//! `card`): the own card, phone, profile, signature, photos, impression tags
//! and feedback; and that nobody edits another user's photos or tags.

use crate::harness::{
    assert_fields, base64_chunks, int, is_id, jpeg_bytes, params, png_bytes, text, Principal,
    Tenant, Upload,
};
use serde_json::{json, Value};

const MINGPIAN: &str = "/zhugeleida/qiyeweixin/mingpian";
const TAG_USER: &str = "/zhugeleida/qiyeweixin/tag_user";

/// The fields of `qiyeweixin/mingpian`'s `ret_data` item.
const OWN_CARD_FIELDS: &[&str] = &[
    "id",
    "username",
    "avatar",
    "company",
    "area",
    "address",
    "position",
    "telephone",
    "email",
    "country",
    "wechat",
    "wechat_phone",
    "is_show_phone",
    "mingpian_phone",
    "sign",
    "photo",
    "tag",
    "create_date",
];

/// `show_photo` as (id, photo_url) pairs, checking the shape clients read.
async fn photos(t: &Tenant, user: &Principal) -> Vec<(i64, String)> {
    let reply = t
        .client
        .get(&format!("{MINGPIAN}/show_photo"), user, params![])
        .await;
    let data = reply.ok();
    assert_fields(data, &["ret_data", "user_id"]);
    assert!(is_id(&data["user_id"], user.id), "{data}");
    data["ret_data"]
        .as_array()
        .unwrap_or_else(|| reply.fail("ret_data is not a list"))
        .iter()
        .map(|p| {
            assert_fields(p, &["id", "photo_url"]);
            (int(p, "id"), text(&p["photo_url"]))
        })
        .collect()
}

#[tokio::test]
async fn the_own_card_has_the_seed_fields() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let reply = t.client.get(MINGPIAN, &user, params![]).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "查询成功");
    assert_eq!(data["data_count"], 1, "{data}");
    let card = &data["ret_data"][0];
    assert_fields(card, OWN_CARD_FIELDS);
    assert!(is_id(&card["id"], user.id), "{card}");
    assert_eq!(card["company"], t.name.as_str(), "{card}");
    assert_eq!(card["photo"], json!([]), "{card}");
    assert_eq!(card["tag"], json!([]), "{card}");
}

#[tokio::test]
async fn save_phone_sets_the_card_phone_and_whether_customers_see_it() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let path = format!("{MINGPIAN}/save_phone");

    let reply = t
        .client
        .post(
            &path,
            &user,
            params!["mingpian_phone" => "15931788977", "is_show_phone" => "true"],
        )
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "保存成功");
    let own = t.own_card(&user).await;
    assert_eq!(text(&own["mingpian_phone"]), "15931788977", "{own}");
    assert_eq!(own["is_show_phone"], true, "{own}");
    let seen = t.view_card(&customer, user.id).await;
    assert_eq!(text(&seen["mingpian_phone"]), "15931788977", "{seen}");

    t.client
        .post(
            &path,
            &user,
            params!["mingpian_phone" => "15931788977", "is_show_phone" => "false"],
        )
        .await
        .ok();
    let own = t.own_card(&user).await;
    assert_eq!(own["is_show_phone"], false, "{own}");
    assert_eq!(text(&own["mingpian_phone"]), "15931788977", "{own}");
    let seen = t.view_card(&customer, user.id).await;
    assert_ne!(
        text(&seen["mingpian_phone"]),
        "15931788977",
        "hidden phone shown: {seen}"
    );
}

#[tokio::test]
async fn save_info_updates_the_profile_and_the_company_address() {
    let t = Tenant::shared().await;
    let (user, colleague) = (t.radar_user().await, t.radar_user().await);
    let customer = t.customer(user.id).await;
    let form = params![
        "wechat" => "just_so_so",
        "mingpian_phone" => "15931788975",
        "telephone" => "010-4321095",
        "email" => "12133@qq.com",
        "country" => 1,
        "area" => "北京市 北京 通州区",
        "address" => "新华西街 北京ONE写字楼2303",
    ];
    let reply = t
        .client
        .post(&format!("{MINGPIAN}/save_info"), &user, form)
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "保存成功");

    let own = t.own_card(&user).await;
    let expected = [
        ("wechat", "just_so_so"),
        ("mingpian_phone", "15931788975"),
        ("telephone", "010-4321095"),
        ("email", "12133@qq.com"),
        ("country", "国内"),
        ("area", "北京市 北京 通州区"),
        ("address", "新华西街 北京ONE写字楼2303"),
    ];
    for (field, value) in expected {
        assert_eq!(text(&own[field]), value, "{field} in {own}");
    }
    let seen = t.view_card(&customer, user.id).await;
    for (field, value) in [
        ("wechat", "just_so_so"),
        ("email", "12133@qq.com"),
        ("address", "新华西街 北京ONE写字楼2303"),
    ] {
        assert_eq!(text(&seen[field]), value, "{field} in {seen}");
    }
    let theirs = t.own_card(&colleague).await;
    assert_eq!(
        text(&theirs["address"]),
        "新华西街 北京ONE写字楼2303",
        "the address is the company's: {theirs}"
    );
    assert_eq!(text(&theirs["wechat"]), "", "{theirs}");
}

#[tokio::test]
async fn save_sign_sets_the_signature() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let reply = t
        .client
        .post(
            &format!("{MINGPIAN}/save_sign"),
            &user,
            params!["sign" => "一生所爱~~"],
        )
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "保存成功");
    assert_eq!(t.own_card(&user).await["sign"], "一生所爱~~");
    assert_eq!(t.view_card(&customer, user.id).await["sign"], "一生所爱~~");
}

#[tokio::test]
async fn photos_are_listed_and_deleted_by_their_owner_only() {
    let t = Tenant::shared().await;
    let (owner, other) = (t.radar_user().await, t.radar_user().await);
    let db = &t.server.db;
    let url1 = "statics/zhugeleida/imgs/xiaochengxu/qr_code/4_uemthqpcdn_photo.jpg";
    let url2 = "statics/zhugeleida/imgs/xiaochengxu/qr_code/5_uemthqpcdn_photo.jpg";
    let p1 = db.insert_card_photo(t.company_id, owner.id, url1).await;
    let p2 = db.insert_card_photo(t.company_id, owner.id, url2).await;

    assert_eq!(
        photos(&t, &owner).await,
        vec![(p1, url1.to_string()), (p2, url2.to_string())]
    );
    assert_eq!(
        t.own_card(&owner).await["photo"],
        json!([[p1, url1], [p2, url2]])
    );
    assert_eq!(photos(&t, &other).await, vec![]);

    let delete = format!("{MINGPIAN}/delete_photo");
    t.client
        .post(&delete, &other, params!["photo_id" => p1])
        .await
        .expect_refused();
    assert_eq!(
        photos(&t, &owner).await.len(),
        2,
        "another user deleted a photo"
    );

    let reply = t
        .client
        .post(&delete, &owner, params!["photo_id" => p1])
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "删除成功");
    assert_eq!(photos(&t, &owner).await, vec![(p2, url2.to_string())]);
    t.client
        .post(&delete, &owner, params!["photo_id" => p1])
        .await
        .expect_refused();
}

#[tokio::test]
async fn impression_tags_are_added_replaced_and_deleted() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;

    let reply = t.client.get(TAG_USER, &user, params![]).await;
    let data = reply.ok();
    assert_fields(data, &["user_id", "ret_data", "data_count"]);
    assert!(is_id(&data["user_id"], user.id), "{data}");
    assert_eq!(
        (data["ret_data"].clone(), data["data_count"].clone()),
        (json!([]), json!(0))
    );

    let reply = t
        .client
        .post(
            &format!("{TAG_USER}/add"),
            &user,
            params!["name" => "有志青年"],
        )
        .await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "添加成功");
    assert_fields(&data[0], &["id", "name"]);
    assert_eq!(data[0]["name"], "有志青年", "{data}");
    let a = int(&data[0], "id");
    let b = t.add_tag(&user, "靠谱人士").await;
    let c = t.add_tag(&user, "积极少年").await;
    t.client
        .post(
            &format!("{TAG_USER}/add"),
            &user,
            params!["name" => "靠谱人士"],
        )
        .await
        .expect_refused();

    let all = vec![
        (a, "有志青年".to_string()),
        (b, "靠谱人士".to_string()),
        (c, "积极少年".to_string()),
    ];
    assert_eq!(t.tags(&user).await, all);
    let reply = t.client.get(TAG_USER, &user, params![]).await;
    assert_eq!(reply.ok()["data_count"], 3, "{}", reply.body);

    let reply = t
        .client
        .post(
            &format!("{TAG_USER}/save"),
            &user,
            params!["tag_list" => json!([a, b])],
        )
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "添加成功");
    assert_eq!(t.tags(&user).await, all[..2].to_vec());

    let reply = t
        .client
        .post(&format!("{TAG_USER}/delete"), &user, params!["id" => b])
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "删除成功");
    assert_eq!(t.tags(&user).await, all[..1].to_vec());

    let expected = json!([{"id": a, "name": "有志青年"}]);
    assert_eq!(t.own_card(&user).await["tag"], expected);
    assert_eq!(t.view_card(&customer, user.id).await["tag"], expected);
}

#[tokio::test]
async fn a_radar_user_cannot_change_another_users_tags() {
    let t = Tenant::shared().await;
    let (owner, other) = (t.radar_user().await, t.radar_user().await);
    let a = t.add_tag(&owner, "有志青年").await;
    let b = t.add_tag(&owner, "靠谱人士").await;
    let mine = t.add_tag(&other, "风流人物").await;
    let before = t.tags(&owner).await;

    t.client
        .post(&format!("{TAG_USER}/delete"), &other, params!["id" => a])
        .await
        .expect_refused();
    t.client
        .post(
            &format!("{TAG_USER}/save"),
            &other,
            params!["tag_list" => json!([a, mine])],
        )
        .await
        .expect_refused();
    assert_eq!(t.tags(&owner).await, before);
    assert_eq!(t.tags(&other).await, vec![(mine, "风流人物".to_string())]);
    assert_eq!(
        before.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![a, b]
    );
}

/// A feedback content as the radar app sends it.
fn seed_feedback() -> Value {
    json!([
        {"type": "phone", "data": "13020006631"},
        {"type": "picture_url", "data": [
            "statics/zhugeleida/imgs/xiaochengxu/website/Content_1.png",
            "statics/zhugeleida/imgs/xiaochengxu/website/Content_2.png"
        ]},
        {"type": "content", "data": "孙贼，用户体验不够好，请你们费心优化"}
    ])
}

#[tokio::test]
async fn feedback_is_accepted_and_empty_feedback_refused() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let path = format!("{MINGPIAN}/feedback");
    let reply = t
        .client
        .post(
            &path,
            &user,
            params!["problem_type" => 2, "content" => seed_feedback()],
        )
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "添加成功");
    for content in ["", "[]", r#"[{"type":"content","data":""}]"#] {
        t.client
            .post(
                &path,
                &user,
                params!["problem_type" => 3, "content" => content],
            )
            .await
            .expect_code(303);
    }
    t.client
        .post(&path, &user, params!["problem_type" => 1])
        .await
        .expect_code(303);
}

/// Uploads `bytes` in `chunks` pieces as `user` and completes it as a card
/// photo of `photo_type`; returns the reply.
async fn upload_photo(
    t: &Tenant,
    user: &Principal,
    bytes: &[u8],
    chunks: usize,
    photo_type: i64,
) -> crate::harness::Envelope {
    let upload = Upload::new("me.jpg", "user_photo");
    let pieces = base64_chunks(bytes, chunks);
    let order: Vec<usize> = (0..chunks).rev().collect();
    upload.send_all(&t.client, user, &pieces, &order).await;
    t.client
        .post(
            &format!("{MINGPIAN}/upload_complete"),
            user,
            params!["task_id" => &upload.id, "chunk_num" => chunks, "photo_type" => photo_type],
        )
        .await
}

#[tokio::test]
async fn uploaded_photos_are_files_of_the_card_module() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let bytes = jpeg_bytes(40_000);
    let reply = upload_photo(&t, &user, &bytes, 4, 1).await;
    let data = reply.ok();
    let url = text(&data["photo_url"]);
    assert!(
        url.starts_with("statics/zhugeleida/imgs/modules/card/"),
        "{data}"
    );
    let on_disk = t.server.data_dir.join(&url);
    assert_eq!(std::fs::read(&on_disk).expect("the stored photo"), bytes);
    let listed = photos(&t, &user).await;
    assert_eq!(listed, vec![(int(data, "id"), url.clone())]);

    // The avatar (photo_type 2) becomes the card's avatar.
    let reply = upload_photo(&t, &user, &png_bytes(3000), 1, 2).await;
    let avatar = text(&reply.ok()["photo_url"]);
    assert!(avatar.ends_with(".png"), "{avatar}");
    let customer = t.authorised_customer(user.id).await;
    assert_eq!(
        t.view_card(&customer, user.id).await["mingpian_avatar"],
        avatar.as_str()
    );

    // Deleting the photo deletes its file.
    t.client
        .post(
            &format!("{MINGPIAN}/delete_photo"),
            &user,
            params!["photo_id" => int(data, "id")],
        )
        .await
        .ok();
    assert!(!on_disk.exists(), "the file of a deleted photo remains");
    assert!(photos(&t, &user).await.is_empty());
}

/// `POST mingpian/upload_complete` of upload `id` in `chunk_num` chunks as `who`.
async fn complete(
    t: &Tenant,
    who: &Principal,
    id: &str,
    chunk_num: i64,
) -> crate::harness::Envelope {
    t.client
        .post(
            &format!("{MINGPIAN}/upload_complete"),
            who,
            params!["task_id" => id, "chunk_num" => chunk_num],
        )
        .await
}

#[tokio::test]
async fn nobody_completes_another_users_upload_or_a_bad_one() {
    let t = Tenant::shared().await;
    let (owner, other) = (t.radar_user().await, t.radar_user().await);
    let upload = Upload::new("me.jpg", "user_photo");
    let pieces = base64_chunks(&jpeg_bytes(9000), 2);
    upload.send_all(&t.client, &owner, &pieces, &[0, 1]).await;
    // Another user's chunks are not theirs: missing.
    complete(&t, &other, &upload.id, 2).await.expect_code(303);
    assert!(photos(&t, &other).await.is_empty());
    // Not a picture: refused, and the chunks are gone.
    let text_upload = Upload::new("me.jpg", "user_photo");
    let pieces = base64_chunks(b"just some text, not an image at all", 1);
    text_upload.send_all(&t.client, &owner, &pieces, &[0]).await;
    complete(&t, &owner, &text_upload.id, 1)
        .await
        .expect_code(303);
    assert!(photos(&t, &owner).await.is_empty());
    // The owner's upload still completes.
    complete(&t, &owner, &upload.id, 2).await.ok();
    assert_eq!(photos(&t, &owner).await.len(), 1);
}
