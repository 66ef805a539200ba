//! Card posters in tests: asking for the poster of a pair, fetching it back
//! over `/statics/`, and reading what the relation recorded.

use super::{params, Customer, Envelope, Tenant};

/// A PNG fetched from a server: its size and bytes.
pub struct FetchedPng {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The file as served.
    pub bytes: Vec<u8>,
}

impl Tenant {
    /// `GET xiaochengxu/mingpian/{op}?uid` as `customer` (`create_poster`, `save_poster`).
    pub async fn poster_call(&self, op: &str, customer: &Customer, uid: i64) -> Envelope {
        self.client
            .get(
                &format!("/zhugeleida/xiaochengxu/mingpian/{op}"),
                &customer.principal,
                params!["uid" => uid],
            )
            .await
    }

    /// `save_poster` of `uid`'s card as `customer`, asserting success; the
    /// `poster_url` it answers.
    pub async fn saved_poster(&self, customer: &Customer, uid: i64) -> String {
        let reply = self.poster_call("save_poster", customer, uid).await;
        reply.ok()["poster_url"]
            .as_str()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| reply.fail("save_poster: no poster_url"))
            .to_string()
    }

    /// `GET /statics/…` of a stored path: the HTTP status, and the decoded
    /// PNG when it is one.
    pub async fn fetch_png(&self, path: &str) -> (u16, Option<FetchedPng>) {
        let response = reqwest::get(format!("{}/{path}", self.server.base_url))
            .await
            .unwrap_or_else(|e| panic!("fetching {path}: {e}"));
        let status = response.status().as_u16();
        let png = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v == "image/png");
        let bytes = response.bytes().await.expect("reading the body").to_vec();
        if status != 200 || !png {
            return (status, None);
        }
        let reader = png::Decoder::new(bytes.as_slice())
            .read_info()
            .unwrap_or_else(|e| panic!("{path} is not a PNG: {e}"));
        let (width, height) = (reader.info().width, reader.info().height);
        (
            status,
            Some(FetchedPng {
                width,
                height,
                bytes,
            }),
        )
    }

    /// `relations.poster_url` of the pair, read directly.
    pub async fn pair_poster_url(&self, uid: i64, customer_id: i64) -> String {
        let mut conn = self.server.db.connect().await;
        sqlx::query_scalar(
            "SELECT poster_url FROM relations WHERE company_id = $1 AND user_id = $2 AND customer_id = $3",
        )
        .bind(self.company_id)
        .bind(uid)
        .bind(customer_id)
        .fetch_one(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading the relation's poster_url: {e}"))
    }
}
