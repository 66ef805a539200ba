//! The mall module in the back office (list filters, the older content
//! form, `company_id` for the operator only), product pictures through the
//! files capability, and the module switched off for a company.

use crate::harness::{
    assert_fields, base64_chunks, int, jpeg_bytes, params, png_bytes, text, unique, Params,
    Principal, Server, Tenant, ADMIN_PRODUCT, RADAR_PRODUCT,
};
use serde_json::{json, Value};

/// The fields of a back-office list item.
const ADMIN_ITEM: &[&str] = &[
    "product_id",
    "cover_picture",
    "name",
    "price",
    "publisher_date",
    "publisher",
    "status",
    "status_code",
];

/// `admin/product/product_list` as `admin` with `query`: (product ids, data_count, items).
async fn admin_list(t: &Tenant, admin: &Principal, query: Params) -> (Vec<i64>, i64, Vec<Value>) {
    let reply = t
        .client
        .get(&format!("{ADMIN_PRODUCT}/product_list"), admin, query)
        .await;
    let data = reply.ok();
    let items = data["ret_data"].as_array().unwrap().clone();
    for item in &items {
        assert_fields(item, ADMIN_ITEM);
    }
    let ids = items.iter().map(|i| int(i, "product_id")).collect();
    (ids, int(data, "data_count"), items)
}

/// The whole content of a product, as the radar app's single product shows it.
async fn content_of(t: &Tenant, user: &Principal, id: i64) -> Value {
    let reply = t
        .client
        .get(
            &format!("{RADAR_PRODUCT}/product_single"),
            user,
            params!["product_id" => id],
        )
        .await;
    reply.ok()["ret_data"][0]["content"].clone()
}

#[tokio::test]
async fn the_back_office_lists_company_and_personal_products_with_filters() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let owner_name = text(&t.own_card(&user).await["username"]);
    let ticket = t.add_company_product("门票").await;
    let other = t.add_company_product("展会").await;
    let personal = t.add_product(&user, "个人门票").await;
    t.set_product_status(other, 2).await;

    let (ids, n, items) = admin_list(&t, &t.admin, params!["product_type" => 1]).await;
    assert_eq!((ids, n), (vec![ticket], 1), "on the shelf by default");
    assert_eq!(items[0]["publisher"], t.name.as_str());
    assert_eq!(items[0]["cover_picture"], "statics/covers/门票.png");
    assert_eq!(items[0]["price"], "228");
    assert_eq!(text(&items[0]["publisher_date"]).len(), 19, "{}", items[0]);
    let (ids, _, items) =
        admin_list(&t, &t.admin, params!["product_type" => 1, "status" => 2]).await;
    assert_eq!(ids, vec![other]);
    assert_eq!(items[0]["status"], "已下架");
    let (ids, _, items) = admin_list(&t, &t.admin, params!["product_type" => 2]).await;
    assert_eq!(ids, vec![personal]);
    assert_eq!(items[0]["publisher"], owner_name.as_str());
    let (ids, _, _) = admin_list(
        &t,
        &t.admin,
        params!["product_type" => 2, "product_name" => "门票"],
    )
    .await;
    assert_eq!(ids, vec![personal]);
    let (ids, _, _) = admin_list(
        &t,
        &t.admin,
        params!["product_type" => 1, "product_name" => "不存在"],
    )
    .await;
    assert!(ids.is_empty());

    let list = format!("{ADMIN_PRODUCT}/product_list");
    t.client
        .get(&list, &t.admin, params![])
        .await
        .expect_code(303);
    t.client
        .get(&list, &t.admin, params!["product_type" => 3])
        .await
        .expect_code(301);
}

#[tokio::test]
async fn the_back_office_manages_every_product_of_its_company() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let personal = t.add_product(&user, "个人").await;
    let reply = t
        .client
        .post(
            &format!("{ADMIN_PRODUCT}/update/{personal}"),
            &t.admin,
            params!["product_type" => 2, "name" => "后台改名", "price" => 9, "reason" => "r"],
        )
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "添加成功");
    let reply = t
        .client
        .post(
            &format!("{ADMIN_PRODUCT}/update/{personal}"),
            &t.admin,
            params!["product_type" => 1, "name" => "x", "price" => 9, "reason" => "r"],
        )
        .await;
    reply.expect_code(301);
    let reply = t
        .client
        .post(
            &format!("{ADMIN_PRODUCT}/change_status/{personal}"),
            &t.admin,
            params!["status" => 2],
        )
        .await;
    assert_eq!(
        *reply.ok(),
        json!({"product_id": personal, "status": "已下架", "status_code": 2})
    );
    let (ids, _, items) =
        admin_list(&t, &t.admin, params!["product_type" => 2, "status" => 2]).await;
    assert_eq!(ids, vec![personal]);
    assert_eq!(items[0]["name"], "后台改名");

    // A personal product for a radar user of another company is refused.
    let foreign = Tenant::shared().await.radar_user().await;
    let reply = t
        .client
        .post(
            &format!("{ADMIN_PRODUCT}/add/0"),
            &t.admin,
            params!["product_type" => 2, "uid" => foreign.id, "name" => "n", "price" => 1, "reason" => "r"],
        )
        .await;
    reply.expect_code(302);
    let reply = t
        .client
        .post(
            &format!("{ADMIN_PRODUCT}/add/0"),
            &t.admin,
            params!["product_type" => 2, "uid" => user.id, "name" => "为TA添加", "price" => 1, "reason" => "r"],
        )
        .await;
    let added = int(reply.ok(), "product_id");
    let (ids, _, _) = admin_list(&t, &t.admin, params!["product_type" => 2]).await;
    assert_eq!(ids, vec![added]);

    let reply = t
        .client
        .post(
            &format!("{ADMIN_PRODUCT}/delete/{personal}"),
            &t.admin,
            params![],
        )
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "删除成功");
    let (ids, _, _) = admin_list(&t, &t.admin, params!["product_type" => 2, "status" => 2]).await;
    assert!(ids.is_empty());
}

/// Sends `bytes` in `n` chunks to `{base}/add_picture/0` and completes them
/// at `{base}/upload_complete/{product}` as `who`.
async fn upload_picture(
    t: &Tenant,
    who: &Principal,
    base: &str,
    product: i64,
    picture_type: i64,
    bytes: &[u8],
    n: usize,
) -> crate::harness::Envelope {
    let id = crate::harness::unique("pic");
    for (i, chunk) in base64_chunks(bytes, n).iter().enumerate() {
        let reply = t
            .client
            .post(
                &format!("{base}/add_picture/0"),
                who,
                params!["img_name" => "p.jpg", "timestamp" => id, "chunk" => i, "img_data" => chunk],
            )
            .await;
        reply.ok();
    }
    t.client
        .post(
            &format!("{base}/upload_complete/{product}"),
            who,
            params!["img_name" => "p.jpg", "timestamp" => id, "chunk_num" => n, "picture_type" => picture_type],
        )
        .await
}

#[tokio::test]
async fn the_older_back_office_form_refers_to_uploaded_pictures() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let cover = upload_picture(&t, &t.admin, ADMIN_PRODUCT, 0, 1, &jpeg_bytes(5000), 2).await;
    let data = cover.ok();
    assert_eq!(cover.msg(), "添加图片成功");
    let cover_id = int(&data["ret_data"], "picture_id");
    let cover_url = text(&data["ret_data"]["picture_url"]);
    assert!(
        cover_url.starts_with("statics/zhugeleida/imgs/modules/mall/"),
        "{data}"
    );
    let intro = upload_picture(&t, &t.admin, ADMIN_PRODUCT, 0, 2, &png_bytes(3000), 1).await;
    let intro_id = int(&intro.ok()["ret_data"], "picture_id");
    let intro_url = text(&intro.ok()["ret_data"]["picture_url"]);

    let form = |covers: String| {
        params![
            "product_type" => 1,
            "name" => "门票",
            "price" => 228,
            "reason" => "一起度过美好时光!!",
            "cover_picture_id" => covers,
            "article_data" => json!([
                {"content": "我是内容1", "order": 3},
                {"title": "我是标题1", "order": 1},
                {"picture_id": intro_id, "order": 2},
            ]),
        ]
    };
    let before = t.server.db.company_snapshot(t.company_id).await;
    let reply = t
        .client
        .post(
            &format!("{ADMIN_PRODUCT}/add/0"),
            &t.admin,
            form("[999999]".into()),
        )
        .await;
    reply.expect_code(302);
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);

    let reply = t
        .client
        .post(
            &format!("{ADMIN_PRODUCT}/add/0"),
            &t.admin,
            form(format!("[{cover_id}]")),
        )
        .await;
    let product = int(reply.ok(), "product_id");
    assert_eq!(
        content_of(&t, &user, product).await,
        json!({
            "cover_data": [{"type": "picture_url", "data": [cover_url]}],
            "article_data": [
                {"type": "title", "data": ["我是标题1"]},
                {"type": "picture_url", "data": [intro_url]},
                {"type": "content", "data": ["我是内容1"]},
            ]
        })
    );

    // The pictures joined the product: deleting it removes their files.
    let on_disk = [&cover_url, &intro_url].map(|u| t.server.data_dir.join(u));
    assert!(on_disk.iter().all(|f| f.exists()));
    t.client
        .post(
            &format!("{ADMIN_PRODUCT}/delete/{product}"),
            &t.admin,
            params![],
        )
        .await
        .ok();
    assert!(on_disk.iter().all(|f| !f.exists()), "{on_disk:?}");
}

#[tokio::test]
async fn pictures_uploaded_first_join_the_product_whose_form_shows_them() {
    let t = Tenant::shared().await;
    let (user, colleague) = (t.radar_user().await, t.radar_user().await);
    let mine = upload_picture(&t, &user, RADAR_PRODUCT, 0, 1, &jpeg_bytes(1200), 1).await;
    let theirs = upload_picture(&t, &colleague, RADAR_PRODUCT, 0, 1, &jpeg_bytes(900), 1).await;
    let [mine, theirs] = [mine, theirs].map(|r| text(&r.ok()["ret_data"]["picture_url"]));
    let content = json!({
        "cover_data": [{"type": "picture_url", "data": [mine, theirs]}],
        "article_data": [],
    });
    let reply = t
        .client
        .post(
            &format!("{RADAR_PRODUCT}/add/0"),
            &user,
            params!["name" => "先传图", "price" => "9元", "reason" => "r", "content" => content],
        )
        .await;
    let product = int(reply.ok(), "product_id");
    let (mine, theirs) = (t.server.data_dir.join(mine), t.server.data_dir.join(theirs));
    t.delete_product(&user, product).await;
    assert!(!mine.exists(), "the caller's picture outlived its product");
    // A colleague's picture shown by path is not the caller's to remove.
    assert!(theirs.exists());
}

#[tokio::test]
async fn pictures_are_uploaded_stored_attached_and_deleted() {
    let t = Tenant::shared().await;
    let (user, colleague) = (t.radar_user().await, t.radar_user().await);
    let product = t.add_product(&user, "带图产品").await;
    let bytes = jpeg_bytes(30_000);
    let reply = upload_picture(&t, &user, RADAR_PRODUCT, product, 1, &bytes, 3).await;
    let data = reply.ok();
    let picture_id = int(&data["ret_data"], "picture_id");
    let url = text(&data["ret_data"]["picture_url"]);
    let on_disk = t.server.data_dir.join(&url);
    assert_eq!(std::fs::read(&on_disk).expect("the stored picture"), bytes);
    let files = t.server.db.stored_files(t.company_id).await;
    assert!(
        files.iter().any(|(path, kind, owner, size, _)| *path == url
            && kind == "radar_user"
            && *owner == user.id
            && *size == bytes.len() as i64),
        "{files:?}"
    );
    let content = content_of(&t, &user, product).await;
    assert_eq!(content["cover_data"][0]["data"][1], url.as_str());
    // An introduction picture becomes a block of its own.
    let reply = upload_picture(&t, &user, RADAR_PRODUCT, product, 2, &png_bytes(2000), 1).await;
    let intro_url = text(&reply.ok()["ret_data"]["picture_url"]);
    let content = content_of(&t, &user, product).await;
    assert_eq!(
        content["article_data"][3],
        json!({"type": "picture_url", "data": [intro_url]})
    );

    // Nobody adds pictures to, or removes them from, a colleague's product.
    upload_picture(
        &t,
        &colleague,
        RADAR_PRODUCT,
        product,
        1,
        &jpeg_bytes(900),
        1,
    )
    .await
    .expect_code(302);
    let delete = format!("{RADAR_PRODUCT}/delete_picture/{picture_id}");
    t.client
        .post(&delete, &colleague, params!["product_id" => product])
        .await
        .expect_code(302);
    assert!(on_disk.exists());

    // Bad uploads.
    let name = format!("{RADAR_PRODUCT}/add_picture/0");
    t.client
        .post(
            &name,
            &user,
            params!["img_name" => "x.exe", "timestamp" => "u1", "chunk" => 0, "img_data" => "AAAA"],
        )
        .await
        .expect_code(301);
    t.client
        .post(
            &name,
            &user,
            params!["img_name" => "x.jpg", "timestamp" => "u1", "chunk" => 0, "img_data" => "%%%"],
        )
        .await
        .expect_code(303);
    upload_picture(&t, &user, RADAR_PRODUCT, product, 5, &jpeg_bytes(900), 1)
        .await
        .expect_code(301);

    // The owner deletes it (deprecated route): record, file and content go.
    let reply = t
        .client
        .post(&delete, &user, params!["product_id" => product])
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "删除成功");
    assert!(!on_disk.exists(), "the file of a deleted picture remains");
    let content = content_of(&t, &user, product).await;
    assert_eq!(
        content["cover_data"][0]["data"].as_array().unwrap().len(),
        1
    );
    t.client
        .post(&delete, &user, params![])
        .await
        .expect_code(302);

    // Deleting the product removes its remaining pictures.
    let intro_on_disk = t.server.data_dir.join(&intro_url);
    assert!(intro_on_disk.exists());
    t.delete_product(&user, product).await;
    assert!(!intro_on_disk.exists());
    let files = t.server.db.stored_files(t.company_id).await;
    assert!(
        files.iter().all(|(path, ..)| *path != intro_url),
        "{files:?}"
    );
}

#[tokio::test]
async fn only_the_operator_lists_another_companys_products() {
    let server = Server::shared();
    let operator = Tenant::with_operator_admin(server).await;
    let (target, other) = (Tenant::shared().await, Tenant::shared().await);
    let product = target.add_company_product(&unique("目标产品")).await;
    let query = |company: i64| params!["product_type" => 1, "company_id" => company];

    let (ids, _, items) = admin_list(&operator, &operator.admin, query(target.company_id)).await;
    assert_eq!(ids, vec![product]);
    assert_eq!(items[0]["publisher"], target.name.as_str());
    let list = format!("{ADMIN_PRODUCT}/product_list");
    operator
        .client
        .get(&list, &operator.admin, query(99_999_999))
        .await
        .expect_code(302);

    // Anyone else: 404 for another company, their own company is fine.
    let secrets = target.server.db.company_secrets(target.company_id).await;
    let reply = other
        .client
        .get(&list, &other.admin, query(target.company_id))
        .await;
    reply.expect_code(404);
    reply.assert_hides(&secrets);
    let reply = other
        .client
        .get(&list, &other.admin, query(other.company_id))
        .await;
    reply.assert_hides(&secrets);
    let (ids, _, _) = admin_list(&other, &other.admin, query(other.company_id)).await;
    assert!(ids.is_empty());
    let db = &target.server.db;
    let before = db.snapshots(&[other.company_id, target.company_id]).await;
    for form in [params!["company_id" => target.company_id], params![]] {
        let scoped = form.len() == 1;
        let reply = other
            .client
            .post(
                &format!("{ADMIN_PRODUCT}/delete/{product}"),
                &other.admin,
                form,
            )
            .await;
        reply.expect_code(if scoped { 404 } else { 302 });
        reply.assert_hides(&secrets);
    }
    let after = db.snapshots(&[other.company_id, target.company_id]).await;
    assert_eq!(after[0], before[0], "the other company changed");
    assert_eq!(after[1], before[1], "the target company changed");
}

#[tokio::test]
async fn a_company_without_the_mall_gets_404_on_every_mall_route() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let product = t.add_product(&user, "x").await;
    let customer = t.customer(user.id).await;
    t.set_module("mall", false).await;
    let mini = params!["uid" => user.id, "product_id" => product];
    let replies = [
        t.client
            .get(
                "/zhugeleida/xiaochengxu/product/product_list",
                &customer.principal,
                mini.clone(),
            )
            .await,
        t.client
            .get(
                "/zhugeleida/xiaochengxu/mallManage/consult_product",
                &customer.principal,
                mini,
            )
            .await,
        t.client
            .get(&format!("{RADAR_PRODUCT}/product_list"), &user, params![])
            .await,
        t.client
            .post(
                &format!("{ADMIN_PRODUCT}/delete/{product}"),
                &t.admin,
                params![],
            )
            .await,
    ];
    for reply in &replies {
        reply.expect_code(404);
        assert!(reply.msg().contains("not enabled"), "{}", reply.body);
    }
    t.set_module("mall", true).await;
    let reply = t
        .client
        .get(&format!("{RADAR_PRODUCT}/product_list"), &user, params![])
        .await;
    assert_eq!(reply.ok()["data_count"], 1);
}
