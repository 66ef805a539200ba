//! The signature a page needs to use the JS-SDK (`wx.config`), computed
//! with a jsapi ticket: the public account's, or the WeCom corp's (WeCom
//! signs the same way).

use rand::distributions::{Alphanumeric, DistString};
use sha1::{Digest, Sha1};

/// Length of the random `nonceStr`.
const NONCE_CHARS: usize = 16;

/// What a page passes to `wx.config` besides the appId.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSignature {
    /// The signature of the page.
    pub signature: String,
    /// Seconds since the Unix epoch.
    pub timestamp: i64,
    /// The random string signed.
    pub nonce: String,
}

/// Signs the page `url` with `ticket`, a fresh nonce and the current time.
/// The URL is signed without its fragment, as WeChat checks it.
pub fn sign_page(ticket: &str, url: &str) -> PageSignature {
    let url = page_address(url);
    let timestamp = crate::local_time::now_ms() / 1000;
    let nonce = Alphanumeric.sample_string(&mut rand::thread_rng(), NONCE_CHARS);
    PageSignature {
        signature: signature(ticket, &nonce, timestamp, url),
        timestamp,
        nonce,
    }
}

/// The part of `url` that is signed: everything before the fragment.
pub fn page_address(url: &str) -> &str {
    url.split('#').next().unwrap_or_default()
}

/// The JS-SDK signature: SHA-1 hex of
/// `jsapi_ticket={t}&noncestr={n}&timestamp={ts}&url={url}`.
pub fn signature(ticket: &str, nonce: &str, timestamp: i64, url: &str) -> String {
    let plain = format!("jsapi_ticket={ticket}&noncestr={nonce}&timestamp={timestamp}&url={url}");
    hex::encode(Sha1::digest(plain.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_documented_example() {
        let ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
        assert_eq!(
            signature(
                ticket,
                "Wm3WZYTPz0wzccnW",
                1414587457,
                "http://mp.weixin.qq.com?params=value"
            ),
            "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
        );
    }

    #[test]
    fn a_page_is_signed_without_its_fragment() {
        let signed = sign_page("t", "http://p.test/a?b=1#/c");
        assert_eq!(signed.nonce.len(), NONCE_CHARS);
        assert_eq!(
            signed.signature,
            signature("t", &signed.nonce, signed.timestamp, "http://p.test/a?b=1")
        );
    }
}
