//! Chunked uploads (`public/img_upload`, `public/img_merge`) and serving the
//! stored files under `/statics/`.

use crate::harness::{
    base64_chunks, chunk_dir, files_under, jpeg_bytes, params, png_bytes, raw_get, Principal,
    Server, ServerConfig, Tenant, Upload, IMG_UPLOAD,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A server of its own, so walking its data dir sees only this test's files.
fn own_server(config: ServerConfig) -> &'static Server {
    Box::leak(Box::new(Server::start(&config)))
}

/// The files of a data dir that uploads could touch (not the database or logs).
fn stored(data_dir: &Path) -> BTreeSet<PathBuf> {
    files_under(&[data_dir])
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            !name.ends_with(".log") && !name.contains(".db")
        })
        .collect()
}

/// The stored path a merge answered, checked against the shape clients read.
fn picture_url(data: &serde_json::Value, folder: &str, ext: &str) -> String {
    let url = data["ret_data"]["picture_url"]
        .as_str()
        .unwrap_or_else(|| panic!("no ret_data.picture_url in {data}"))
        .to_string();
    assert_eq!(data["picture_url"], url.as_str(), "{data}");
    let prefix = format!("statics/zhugeleida/imgs/{folder}/");
    let name = url
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{url} is not under {prefix}"));
    let (stem, got_ext) = name.split_once('.').expect("a file extension");
    assert_eq!(got_ext, ext, "{url}");
    assert!(
        stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()),
        "not a server-chosen name: {url}"
    );
    url
}

#[tokio::test]
async fn chunks_out_of_order_merge_and_come_back_byte_identical() {
    let tenant = Tenant::shared().await;
    let user = tenant.radar_user().await;
    let bytes = jpeg_bytes(300_000);
    let chunks = base64_chunks(&bytes, 7);
    let upload = Upload::new("名片照片.JPG", "user_photo");
    upload
        .send_all(&tenant.client, &user, &chunks, &[3, 0, 6, 1, 5, 2, 4])
        .await;
    let reply = upload.merge(&tenant.client, &user, "7").await;
    assert_eq!(reply.msg(), "添加图片成功");
    let url = picture_url(reply.ok(), "qiyeweixin/user_photo", "jpg");
    let dir = chunk_dir(&tenant.server.data_dir, "radar_user", &user, &upload.id);
    assert!(!dir.exists(), "chunks left behind in {}", dir.display());

    let http = reqwest::Client::new();
    let got = http
        .get(format!("{}/{url}", tenant.server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    let h = got.headers().clone();
    assert_eq!(h["content-type"], "image/jpeg");
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("last-modified"));
    let etag = h["etag"].to_str().unwrap().to_string();
    assert!(got.bytes().await.unwrap() == bytes, "served bytes differ");
    let again = http
        .get(format!("{}/{url}", tenant.server.base_url))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    let rows = tenant.server.db.stored_files(tenant.company_id).await;
    assert_eq!(
        rows,
        vec![(
            url,
            "radar_user".to_string(),
            user.id,
            bytes.len() as i64,
            "image/jpeg".to_string()
        )]
    );
}

#[tokio::test]
async fn customers_and_admins_upload_too() {
    let tenant = Tenant::shared().await;
    let user = tenant.radar_user().await;
    let customer = tenant.customer(user.id).await;
    let png = png_bytes(5000);
    for (who, kind, source, folder) in [
        (
            &customer.principal,
            "customer",
            "leida_chat",
            "qiyeweixin/chat",
        ),
        (
            &tenant.admin,
            "admin",
            "product_picture",
            "qiyeweixin/product",
        ),
    ] {
        let upload = Upload::new("a.png", source);
        upload
            .send_all(&tenant.client, who, &base64_chunks(&png, 2), &[1, 0])
            .await;
        let url = picture_url(
            upload.merge(&tenant.client, who, "2").await.ok(),
            folder,
            "png",
        );
        let rows = tenant.server.db.stored_files(tenant.company_id).await;
        assert!(
            rows.iter()
                .any(|r| r.0 == url && r.1 == kind && r.2 == who.id),
            "{rows:?}"
        );
    }
}

#[tokio::test]
async fn unsigned_or_badly_signed_uploads_are_refused() {
    let tenant = Tenant::shared().await;
    let user = tenant.radar_user().await;
    let form = params![
        "img_name" => "a.jpg", "img_data" => "/9j/", "chunk" => 0,
        "timestamp" => "u1", "img_source" => "user_photo",
    ];
    tenant
        .client
        .post_open(IMG_UPLOAD, form.clone())
        .await
        .expect_token_error();
    let forged = Principal {
        id: user.id,
        token: "not-the-token".into(),
    };
    tenant
        .client
        .post(IMG_UPLOAD, &forged, form)
        .await
        .expect_token_error();
    assert!(!tenant
        .server
        .data_dir
        .join("uploads")
        .join(format!("radar_user-{}", user.id))
        .exists());
}

#[tokio::test]
async fn one_caller_cannot_merge_anothers_chunks() {
    let tenant = Tenant::shared().await;
    let owner = tenant.radar_user().await;
    let other = tenant.radar_user().await;
    let bytes = jpeg_bytes(2000);
    let upload = Upload::new("a.jpg", "user_photo");
    upload
        .send_all(&tenant.client, &owner, &base64_chunks(&bytes, 2), &[0, 1])
        .await;
    let reply = upload.merge(&tenant.client, &other, "2").await;
    reply.expect_code(303);
    assert!(reply.msg().contains("缺少分片: 0, 1"), "{}", reply.msg());
    // The owner's chunks are untouched and still merge.
    picture_url(
        upload.merge(&tenant.client, &owner, "2").await.ok(),
        "qiyeweixin/user_photo",
        "jpg",
    );
}

/// A refused merge: what, the chunks and the order they are sent in (as
/// `a.jpg`/`user_photo`), then the merge's `img_name`, `img_source` and
/// `chunk_num`, the code and a part of the message.
type MergeCase<'a> = (
    &'a str,
    Vec<String>,
    &'a [usize],
    &'a str,
    &'a str,
    &'a str,
    i64,
    &'a str,
);

/// Every refusal answers its code and message, writes nothing and leaves no chunks.
#[tokio::test]
async fn refusals_write_nothing_and_clean_up() {
    let server = own_server(ServerConfig::default());
    let tenant = Tenant::new(server).await;
    let user = tenant.radar_user().await;
    let c = &tenant.client;
    let data_dir = &server.data_dir;
    let jpeg = base64_chunks(&jpeg_bytes(4000), 3);
    let before = stored(data_dir);

    let merge_cases: Vec<MergeCase> = vec![
        (
            "unknown img_source",
            jpeg.clone(),
            &[0, 1, 2],
            "a.jpg",
            "nonsense",
            "3",
            303,
            "img_source",
        ),
        (
            "img_source traversal",
            jpeg.clone(),
            &[0, 1, 2],
            "a.jpg",
            "../../../etc",
            "3",
            303,
            "img_source",
        ),
        (
            "missing chunk",
            jpeg.clone(),
            &[0, 2],
            "a.jpg",
            "user_photo",
            "3",
            303,
            "缺少分片: 1",
        ),
        (
            "not an image",
            base64_chunks(b"<?php system($_GET[1]); ?>", 1),
            &[0],
            "a.jpg",
            "user_photo",
            "1",
            303,
            "文件类型不允许",
        ),
        (
            "JPEG named .png",
            jpeg.clone(),
            &[0, 1, 2],
            "a.png",
            "user_photo",
            "3",
            303,
            "扩展名不符",
        ),
        (
            "extension not allowed",
            jpeg.clone(),
            &[0, 1, 2],
            "a.php",
            "user_photo",
            "3",
            303,
            "img_name",
        ),
        (
            "img_name traversal",
            jpeg.clone(),
            &[0, 1, 2],
            "a.jpg/../../x",
            "user_photo",
            "3",
            303,
            "img_name",
        ),
        (
            "chunk_num out of range",
            jpeg.clone(),
            &[0, 1, 2],
            "a.jpg",
            "user_photo",
            "1025",
            303,
            "chunk_num",
        ),
        (
            "chunk_num not a number",
            jpeg.clone(),
            &[0, 1, 2],
            "a.jpg",
            "user_photo",
            "../3",
            301,
            "chunk_num",
        ),
    ];
    for (what, chunks, order, name, source, chunk_num, code, msg) in merge_cases {
        let mut upload = Upload::new("a.jpg", "user_photo");
        upload.send_all(c, &user, &chunks, order).await;
        upload.name = name.into();
        upload.source = source.into();
        let reply = upload.merge(c, &user, chunk_num).await;
        assert_eq!(reply.code(), code, "{what}: {:?}", reply.body);
        assert!(reply.msg().contains(msg), "{what}: {}", reply.msg());
        println!("merge refusal, {what}: {}", reply.body);
        assert_eq!(stored(data_dir), before, "{what}: files changed");
    }

    // Refused chunks: (what, name, source, upload id, chunk, data, code, msg part)
    let chunk_cases = [
        (
            "extension not allowed",
            "a.exe",
            "user_photo",
            "u1",
            "0",
            "/9j/",
            303,
            "img_name",
        ),
        (
            "img_name traversal",
            "x.jpg/../../../a",
            "user_photo",
            "u2",
            "0",
            "/9j/",
            303,
            "img_name",
        ),
        (
            "unknown img_source",
            "a.jpg",
            "../x",
            "u3",
            "0",
            "/9j/",
            303,
            "img_source",
        ),
        (
            "timestamp traversal",
            "a.jpg",
            "user_photo",
            "../../x",
            "0",
            "/9j/",
            303,
            "timestamp",
        ),
        (
            "timestamp with a slash",
            "a.jpg",
            "user_photo",
            "a/b",
            "0",
            "/9j/",
            303,
            "timestamp",
        ),
        (
            "timestamp dot-dot",
            "a.jpg",
            "user_photo",
            "..",
            "0",
            "/9j/",
            303,
            "timestamp",
        ),
        (
            "chunk traversal",
            "a.jpg",
            "user_photo",
            "u4",
            "../1",
            "/9j/",
            301,
            "chunk",
        ),
        (
            "chunk negative",
            "a.jpg",
            "user_photo",
            "u5",
            "-1",
            "/9j/",
            303,
            "chunk",
        ),
        (
            "chunk too large",
            "a.jpg",
            "user_photo",
            "u6",
            "1024",
            "/9j/",
            303,
            "chunk",
        ),
        (
            "data not base64",
            "a.jpg",
            "user_photo",
            "u7",
            "0",
            "<?php",
            303,
            "img_data",
        ),
    ];
    for (what, name, source, id, chunk, data, code, msg) in chunk_cases {
        let upload = Upload {
            id: id.into(),
            name: name.into(),
            source: source.into(),
        };
        let reply = upload.send(c, &user, chunk, data).await;
        assert_eq!(reply.code(), code, "{what}: {:?}", reply.body);
        assert!(reply.msg().contains(msg), "{what}: {}", reply.msg());
        println!("upload refusal, {what}: {}", reply.body);
        assert_eq!(stored(data_dir), before, "{what}: files changed");
    }

    // A client name full of traversal only lends its extension.
    let upload = Upload::new("../../../../evil.jpg", "user_photo");
    upload.send_all(c, &user, &jpeg, &[2, 1, 0]).await;
    let url = picture_url(
        upload.merge(c, &user, "3").await.ok(),
        "qiyeweixin/user_photo",
        "jpg",
    );
    let mut expected = before.clone();
    expected.insert(data_dir.join(&url));
    assert_eq!(stored(data_dir), expected);
    let before = expected;

    // 20 MiB, in chunks under the body limit: refused by the running total.
    let big = base64_chunks(&jpeg_bytes(20 << 20), 40);
    let upload = Upload::new("big.jpg", "user_photo");
    let mut refused_at = None;
    for (i, chunk) in big.iter().enumerate() {
        let reply = upload.send(c, &user, &i.to_string(), chunk).await;
        if reply.code() != 200 {
            reply.expect_code(303);
            assert!(reply.msg().contains("文件过大"), "{}", reply.msg());
            println!("upload refusal, 20 MiB: {}", reply.body);
            refused_at = Some(i);
            break;
        }
    }
    let at = refused_at.expect("a 20 MiB upload was never refused");
    assert!(
        (19..=21).contains(&at),
        "refused at chunk {at} (10 MiB is chunk 20)"
    );
    let reply = upload.merge(c, &user, &big.len().to_string()).await;
    reply.expect_code(303);
    assert_eq!(stored(data_dir), before, "20 MiB: files changed");
    assert_eq!(server.db.stored_files(tenant.company_id).await.len(), 1);

    // /statics/: traversal in every spelling, symlinks out, and a control.
    std::os::unix::fs::symlink(
        data_dir.join("leida.log"),
        data_dir.join("statics/zhugeleida/imgs/link.jpg"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc", data_dir.join("statics/out")).unwrap();
    let (status, _) = raw_get(&server.base_url, &format!("/{url}")).await;
    assert_eq!(status, 200, "the control file");
    // What each target would serve if it escaped: a line of the server's
    // log, and of the files under /etc the symlink reaches.
    let log = std::fs::read_to_string(data_dir.join("leida.log")).unwrap();
    let log_line = log
        .lines()
        .find(|l| l.len() > 20)
        .expect("the server has logged")
        .to_string();
    let mut secrets = vec![log_line, "root:".to_string()];
    if let Ok(host) = std::fs::read_to_string("/etc/hostname") {
        // Too short a name could occur in any answer by chance.
        secrets.extend(host.lines().find(|l| l.len() >= 8).map(str::to_string));
    }
    for target in [
        "/statics/../leida.log",
        "/statics/%2e%2e/leida.log",
        "/statics/%2E%2E%2Fleida.log",
        "/statics/..%2fleida.log",
        "/statics/zhugeleida/../../leida.log",
        "/statics/./zhugeleida/imgs/link.jpg",
        "/statics//etc/passwd",
        "/statics/..\\leida.log",
        "/statics/zhugeleida/imgs/link.jpg",
        "/statics/out/hostname",
        "/statics/out/passwd",
        "/statics/zhugeleida",
        "/statics/zhugeleida/imgs/nothing.jpg",
    ] {
        let (status, answer) = raw_get(&server.base_url, target).await;
        assert!(
            status == 404 || status == 400,
            "{target}: {status}\n{answer}"
        );
        for secret in &secrets {
            assert!(
                !answer.contains(secret.as_str()),
                "{target} leaked {secret:?}"
            );
        }
        println!("GET {target} → {status}");
    }
}

#[tokio::test]
async fn abandoned_chunks_expire() {
    let server = own_server(ServerConfig {
        upload_expiry_secs: Some(1),
        ..ServerConfig::default()
    });
    let tenant = Tenant::new(server).await;
    let user = tenant.radar_user().await;
    let upload = Upload::new("a.jpg", "user_photo");
    let chunks = base64_chunks(&jpeg_bytes(1000), 2);
    upload.send_all(&tenant.client, &user, &chunks, &[0]).await;
    let dir = chunk_dir(&server.data_dir, "radar_user", &user, &upload.id);
    assert!(dir.join("0").exists(), "the chunk is stored");
    let deadline = Instant::now() + Duration::from_secs(10);
    while dir.exists() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!dir.exists(), "abandoned chunks were not removed");
    let reply = upload.merge(&tenant.client, &user, "2").await;
    reply.expect_code(303);
    assert!(reply.msg().contains("缺少分片: 0, 1"), "{}", reply.msg());
}
