//! `images`: canvases drawn by the host and stored as the module's files.

use crate::harness::TestApp;
use leida::runtime::bindings::leida::platform::images::{
    Canvas, Format, Host, Layer, RectLayer, Region,
};
use leida::runtime::bindings::types::Error;

fn canvas(width: u32, height: u32) -> Canvas {
    Canvas {
        width,
        height,
        background: 0xFFFFFFFF,
        layers: vec![Layer::Rect(RectLayer {
            at: Region {
                x: 1,
                y: 1,
                width: 2,
                height: 2,
            },
            color: 0xFF0000FF,
            radius: 0,
        })],
    }
}

#[tokio::test]
async fn a_canvas_is_drawn_within_its_bounds_and_stored() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let mut s = t.module_state(a.id, &a.user, "card", &[]).await;
    let stored = s.render(canvas(4, 4), Format::Png).await.unwrap();
    assert!(stored
        .path
        .starts_with("statics/zhugeleida/imgs/modules/card/"));
    let drawn = image::open(t.dir.join(&stored.path)).unwrap().to_rgba8();
    assert_eq!(drawn.dimensions(), (4, 4));
    assert_eq!(drawn.get_pixel(2, 2).0, [255, 0, 0, 255]);
    assert_eq!(drawn.get_pixel(0, 0).0, [255, 255, 255, 255]);
    assert!(matches!(
        s.render(canvas(5000, 4), Format::Png).await,
        Err(Error::Invalid(_))
    ));
}
