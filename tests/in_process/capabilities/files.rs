//! `files`: the tenant's stored files; a module's own uploads and removals.

use crate::harness::TestApp;
use base64::Engine;
use leida::runtime::bindings::leida::platform::files::Host;
use leida::runtime::bindings::types::Error;

fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbaImage::from_pixel(2, 2, image::Rgba([0, 0, 255, 255]))
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

#[tokio::test]
async fn a_callers_upload_becomes_a_file_of_the_module() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let mut s = t.module_state(a.id, &a.user, "card", &[]).await;
    let text = base64::engine::general_purpose::STANDARD.encode(png());
    let (first, rest) = text.split_at(8);
    s.put_chunk("u1".into(), 0, first.into()).await.unwrap();
    s.put_chunk("u1".into(), 1, rest.into()).await.unwrap();
    let stored = s.store_upload("u1".into(), 2).await.unwrap();
    assert!(
        stored
            .path
            .starts_with("statics/zhugeleida/imgs/modules/card/"),
        "{}",
        stored.path
    );
    assert_eq!(stored.content_type, "image/png");
    assert_eq!(std::fs::read(t.dir.join(&stored.path)).unwrap(), png());
    assert_eq!(
        s.resolve(stored.path.clone()).await.unwrap().size,
        png().len() as u64
    );
    assert_eq!(s.list_stored().await.len(), 1);
    // Another company does not see it; another module may not remove it.
    let mut in_b = t.module_state(b.id, &b.user, "card", &[]).await;
    assert!(matches!(
        in_b.resolve(stored.path.clone()).await,
        Err(Error::NotFound)
    ));
    assert!(in_b.list_stored().await.is_empty());
    let mut mall = t.module_state(a.id, &a.user, "mall", &[]).await;
    assert!(matches!(
        mall.remove(stored.path.clone()).await,
        Err(Error::NotFound)
    ));
    s.remove(stored.path.clone()).await.unwrap();
    assert!(!t.dir.join(&stored.path).exists());
}

#[tokio::test]
async fn refused_uploads_and_paths_store_nothing() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let mut s = t.module_state(a.id, &a.user, "card", &[]).await;
    assert!(matches!(
        s.put_chunk("../x".into(), 0, "QUJD".into()).await,
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        s.put_chunk("u2".into(), 0, "not base64!".into()).await,
        Err(Error::Invalid(_))
    ));
    let script = base64::engine::general_purpose::STANDARD.encode(b"<?php echo 1;");
    s.put_chunk("u3".into(), 0, script).await.unwrap();
    assert!(matches!(
        s.store_upload("u3".into(), 1).await,
        Err(Error::Invalid(_))
    ));
    assert!(s.list_stored().await.is_empty());
    assert!(matches!(
        s.resolve("statics/../leida.db".into()).await,
        Err(Error::Invalid(_))
    ));
}
