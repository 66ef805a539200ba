//! Product fixtures of the mall module: products added through its radar
//! and back-office endpoints.

use super::{int, params, Principal, Tenant};
use serde_json::{json, Value};

/// The radar app's product endpoints.
pub const RADAR_PRODUCT: &str = "/zhugeleida/qiyeweixin/product";
/// The back office's product endpoints.
pub const ADMIN_PRODUCT: &str = "/zhugeleida/admin/product";

/// A product `content` with one cover `cover` and a title, a picture and a text.
pub fn product_content(cover: &str) -> Value {
    json!({
        "cover_data": [{"type": "picture_url", "data": [cover]}],
        "article_data": [
            {"type": "title", "data": ["我是标题1"]},
            {"type": "picture_url", "data": ["statics/zhugeleida/imgs/xiaochengxu/website/Content_1.png"]},
            {"type": "content", "data": ["我是内容1"]}
        ]
    })
}

impl Tenant {
    /// A personal product of `user` named `name` (`qiyeweixin/product/add`); its id.
    pub async fn add_product(&self, user: &Principal, name: &str) -> i64 {
        let form = params![
            "name" => name,
            "price" => "50-1380元",
            "reason" => "一起度过美好时光!!",
            "content" => product_content(&format!("statics/covers/{name}.png")),
        ];
        let reply = self
            .client
            .post(&format!("{RADAR_PRODUCT}/add/0"), user, form)
            .await;
        int(reply.ok(), "product_id")
    }

    /// A company product named `name`, added by the back-office admin; its id.
    pub async fn add_company_product(&self, name: &str) -> i64 {
        let form = params![
            "product_type" => 1,
            "name" => name,
            "price" => 228,
            "reason" => "企业推荐",
            "content" => product_content(&format!("statics/covers/{name}.png")),
        ];
        let reply = self
            .client
            .post(&format!("{ADMIN_PRODUCT}/add/0"), &self.admin, form)
            .await;
        int(reply.ok(), "product_id")
    }

    /// Sets a product's status as the back-office admin.
    pub async fn set_product_status(&self, product_id: i64, status: i64) {
        self.client
            .post(
                &format!("{ADMIN_PRODUCT}/change_status/{product_id}"),
                &self.admin,
                params!["status" => status],
            )
            .await
            .ok();
    }

    /// Deletes a product as `user` through the radar app (owner only).
    pub async fn delete_product(&self, user: &Principal, product_id: i64) {
        self.client
            .post(
                &format!("{RADAR_PRODUCT}/delete/{product_id}"),
                user,
                params![],
            )
            .await
            .ok();
    }
}
