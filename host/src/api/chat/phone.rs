//! `xiaochengxu/chat/encrypted_phone_number/{id}`: the phone number WeChat
//! hands the mini-program encrypted (AES-128-CBC, PKCS#7, keyed by the
//! customer's session key), decrypted and checked against the company's appid.

use crate::app::AppState;
use crate::chat::content::Content;
use crate::chat::send;
use crate::chat::Sender;
use crate::crm::pair::{self, PairError};
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::store::{chat, companies, customers};
use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use axum::extract::State;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

type Decryptor = cbc::Decryptor<aes::Aes128>;

/// 250: the data did not decrypt to a phone number of this mini-program.
fn undecryptable() -> ApiError {
    ApiError::new(250, "手机号解密失败")
}

/// The phone number in WeChat's `encryptedData`, if it decrypts with the
/// session key and `iv` and its watermark names `appid`.
fn decrypt_phone(session_key: &str, iv: &str, data: &str, appid: &str) -> Option<String> {
    let key = STANDARD.decode(session_key.trim()).ok()?;
    let iv = STANDARD.decode(iv.trim()).ok()?;
    let data = STANDARD.decode(data.trim()).ok()?;
    let plain = Decryptor::new_from_slices(&key, &iv)
        .ok()?
        .decrypt_padded_vec_mut::<Pkcs7>(&data)
        .ok()?;
    let info: Value = serde_json::from_slice(&plain).ok()?;
    if appid.is_empty() || info["watermark"]["appid"].as_str() != Some(appid) {
        return None;
    }
    let phone = info["phoneNumber"].as_str()?.trim();
    let plausible = !phone.is_empty()
        && phone.len() <= 32
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '));
    plausible.then(|| phone.to_string())
}

/// Decrypts the caller's phone number (`encryptedData`, `iv`). With
/// `type=shopping` it is only returned; otherwise it is stored on the
/// customer, and a conversation with `u_id` that holds at most the greeting
/// gets `我的手机号是: …` from the customer.
pub async fn encrypted_phone_number(
    State(app): State<AppState>,
    Caller(me): Caller,
    fields: Fields,
) -> ApiResult {
    let data = fields.required("encryptedData")?;
    let iv = fields.required("iv")?;
    let shopping = fields.present("type") == Some("shopping");
    let user_id = match shopping {
        true => None,
        false => Some(fields.required_int("u_id")?),
    };
    if let Some(user_id) = user_id {
        pair::related_user(&app.db, &me, user_id).await?;
    }
    let company = companies::get(&app.db, me.company_id)
        .await?
        .ok_or_else(ApiError::bad_token)?;
    let session_key = customers::session_key(&app.db, me.company_id, me.id)
        .await?
        .unwrap_or_default();
    let appid = company.wechat_appid.as_deref().unwrap_or("");
    let phone = decrypt_phone(&session_key, iv, data, appid).ok_or_else(undecryptable)?;
    let answer = Envelope::ok(json!({ "phoneNumber": phone })).msg("查询成功");
    let Some(user_id) = user_id else {
        return Ok(answer);
    };
    customers::set_phone(&app.db, me.company_id, me.id, &phone).await?;
    let messages = chat::count(
        &app.db,
        me.company_id,
        user_id,
        Some(me.id),
        None,
        None,
        None,
    )
    .await?;
    if messages <= 1 {
        let content = Content::text(&format!("我的手机号是: {phone}"));
        let ids = (user_id, me.id);
        send::post(
            &app.db,
            &app.bus,
            me.company_id,
            ids,
            Sender::Customer,
            &content,
        )
        .await?
        .ok_or(PairError::UnknownUser)?;
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes::cipher::BlockEncryptMut;

    fn encrypt(key: &[u8; 16], iv: &[u8; 16], plain: &str) -> String {
        let out = cbc::Encryptor::<aes::Aes128>::new(key.into(), iv.into())
            .encrypt_padded_vec_mut::<Pkcs7>(plain.as_bytes());
        STANDARD.encode(out)
    }

    #[test]
    fn decrypts_checks_the_appid_and_the_number() {
        let (key, iv) = ([7u8; 16], [9u8; 16]);
        let (k, i) = (STANDARD.encode(key), STANDARD.encode(iv));
        let data = encrypt(
            &key,
            &iv,
            r#"{"phoneNumber":"13800138000","watermark":{"appid":"wxA"}}"#,
        );
        assert_eq!(
            decrypt_phone(&k, &i, &data, "wxA").as_deref(),
            Some("13800138000")
        );
        assert_eq!(decrypt_phone(&k, &i, &data, "wxB"), None);
        assert_eq!(
            decrypt_phone(&k, &STANDARD.encode([1u8; 16]), &data, "wxA"),
            None
        );
        assert_eq!(decrypt_phone(&k, "short", &data, "wxA"), None);
        let script = encrypt(
            &key,
            &iv,
            r#"{"phoneNumber":"<b>","watermark":{"appid":"wxA"}}"#,
        );
        assert_eq!(decrypt_phone(&k, &i, &script, "wxA"), None);
    }
}
