//! QR codes in tests: the fake WeChat's rendering of a code, decoding a
//! stored code image back to its text, and reading where a server stored
//! the codes of users and pairs.

use super::{Customer, Envelope, Tenant};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where servers store code images, relative to their data directory.
pub const QR_DIR: &str = "statics/zhugeleida/imgs/xiaochengxu/qr_code";

/// A greyscale PNG of the QR code of `text`, four pixels a module, with a
/// four-module quiet zone.
pub fn qr_png(text: &str) -> Vec<u8> {
    const SCALE: usize = 4;
    const QUIET: usize = 4;
    let code = qrcode::QrCode::new(text.as_bytes()).expect("encoding a QR code");
    let n = code.width();
    let colors = code.to_colors();
    let side = (n + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (mx, my) = (i % n + QUIET, i / n + QUIET);
            for y in my * SCALE..(my + 1) * SCALE {
                pixels[y * side + mx * SCALE..y * side + (mx + 1) * SCALE].fill(0);
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("PNG header");
    writer.write_image_data(&pixels).expect("PNG data");
    writer.finish().expect("PNG end");
    out
}

/// The text of the one QR code in a PNG image, panicking when there is not
/// exactly one readable code.
pub fn decode_qr(png_bytes: &[u8]) -> String {
    let mut decoder = png::Decoder::new(png_bytes);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("reading a PNG header");
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).expect("reading PNG pixels");
    let samples = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let luma = |x: usize, y: usize| {
        let at = (y * w + x) * samples;
        match samples {
            1 | 2 => buffer[at],
            _ => {
                let rgb = &buffer[at..at + 3];
                ((rgb[0] as u32 * 299 + rgb[1] as u32 * 587 + rgb[2] as u32 * 114) / 1000) as u8
            }
        }
    };
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, luma);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "expected one QR code in the image");
    grids[0].decode().expect("decoding the QR code").1
}

impl Tenant {
    /// The text of the code stored at `stored` (`statics/…`, as the API
    /// answers it) in this server's data directory; asserts it is a PNG in
    /// the codes' directory.
    pub fn decode_stored_qr(&self, stored: &str) -> String {
        assert!(
            stored.starts_with(&format!("{QR_DIR}/")) && stored.ends_with(".png"),
            "unexpected stored code path {stored}"
        );
        let bytes = std::fs::read(self.server.data_dir.join(stored))
            .unwrap_or_else(|e| panic!("reading the stored code {stored}: {e}"));
        decode_qr(&bytes)
    }

    /// The code images of this company's user `uid` (own and per-pair) on disk.
    pub fn qr_files_of(&self, uid: i64) -> Vec<PathBuf> {
        let prefix = format!("{}_{uid}_", self.company_id);
        let dir = self.server.data_dir.join(QR_DIR);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .map(|e| e.expect("listing the codes").path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix))
            })
            .collect();
        files.sort();
        files
    }

    /// `radar_users.qr_code` of `uid`, read directly.
    pub async fn user_qr_code(&self, uid: i64) -> String {
        let mut conn = self.server.db.connect().await;
        sqlx::query_scalar("SELECT qr_code FROM radar_users WHERE company_id = $1 AND id = $2")
            .bind(self.company_id)
            .bind(uid)
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("reading the qr_code of user {uid}: {e}"))
    }

    /// `relations.qr_code` of the pair, read directly.
    pub async fn pair_qr_code(&self, uid: i64, customer_id: i64) -> String {
        let mut conn = self.server.db.connect().await;
        sqlx::query_scalar(
            "SELECT qr_code FROM relations WHERE company_id = $1 AND user_id = $2 AND customer_id = $3",
        )
        .bind(self.company_id)
        .bind(uid)
        .bind(customer_id)
        .fetch_one(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading the relation's qr_code: {e}"))
    }

    /// After a successful binding, waits until the pair's code (made in the
    /// background) is recorded, so later database snapshots see a settled
    /// relation; panics if it never is.
    pub async fn settle_binding(&self, reply: &Envelope, customer: &Customer, uid: i64) {
        if reply.code() != 200 {
            return;
        }
        let cid = customer.principal.id;
        if self
            .pair_qr_code_within(uid, cid, Duration::from_secs(10))
            .await
            .is_empty()
        {
            reply.fail(&format!(
                "bound, but the code of ({uid}, {cid}) was never recorded"
            ));
        }
    }

    /// The pair's `qr_code` once it is set (it is made after binding, in
    /// the background), or empty after `timeout`.
    pub async fn pair_qr_code_within(
        &self,
        uid: i64,
        customer_id: i64,
        timeout: Duration,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let code = self.pair_qr_code(uid, customer_id).await;
            if !code.is_empty() || Instant::now() > deadline {
                return code;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
