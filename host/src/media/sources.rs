//! `img_source` → the folder under `statics/zhugeleida/imgs/` its uploads are
//! stored in. A fixed map: client text never becomes part of a path.

use super::MediaError;

/// The folder a merged upload of `img_source` is stored in; refused when unknown.
pub fn folder(img_source: &str) -> Result<&'static str, MediaError> {
    Ok(match img_source {
        "user_photo" => "qiyeweixin/user_photo",
        "user_avatar" => "qiyeweixin/user_avatar",
        "feedback" => "qiyeweixin/feedback",
        "leida_chat" => "qiyeweixin/chat",
        "cover_picture" | "product_picture" => "qiyeweixin/product",
        "website" => "xiaochengxu/website",
        "wcx_head_image" => "xiaochengxu/wcx_head_image",
        "article" => "admin/article",
        "admin_qrcode" => "admin/qr_code",
        "goods" => "admin/goods",
        "secretKeyFile" => "admin/secretKeyFile",
        "case" => "admin/case",
        "logo" => "admin/logo",
        _ => return Err(MediaError::refused("img_source: 未知的图片来源")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_sources_only() {
        assert_eq!(folder("leida_chat").unwrap(), "qiyeweixin/chat");
        assert_eq!(folder("product_picture").unwrap(), "qiyeweixin/product");
        assert!(matches!(folder("../../etc"), Err(MediaError::Refused(_))));
        assert!(matches!(folder(""), Err(MediaError::Refused(_))));
    }
}
