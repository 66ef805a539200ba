//! Random tokens and password hashes (argon2id; legacy unsalted md5 hashes
//! are accepted once and replaced).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use md5::{Digest, Md5};
use rand::RngCore;

/// A fresh 128-bit token as 32 lowercase hex characters.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A password could not be hashed (argon2 refused its parameters).
#[derive(Debug, thiserror::Error)]
#[error("hashing a password: {0}")]
pub struct HashError(String);

/// An argon2id hash of `password`.
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Outcome of checking a password against a stored hash.
#[derive(Debug, PartialEq, Eq)]
pub enum PasswordCheck {
    /// Wrong password.
    Mismatch,
    /// Right password, modern hash.
    Ok,
    /// Right password against an imported legacy md5 hash: store a new hash.
    OkUpgrade,
}

/// Checks `password` against an argon2 hash or a legacy unsalted md5 hex.
pub fn check_password(password: &str, stored: &str) -> PasswordCheck {
    if let Ok(parsed) = PasswordHash::new(stored) {
        return match Argon2::default().verify_password(password.as_bytes(), &parsed) {
            Ok(()) => PasswordCheck::Ok,
            Err(_) => PasswordCheck::Mismatch,
        };
    }
    let legacy = hex::encode(Md5::digest(password.as_bytes()));
    if stored.len() == 32
        && subtle::ConstantTimeEq::ct_eq(legacy.as_bytes(), stored.as_bytes()).into()
    {
        PasswordCheck::OkUpgrade
    } else {
        PasswordCheck::Mismatch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_128_bit_hex() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }

    #[test]
    fn passwords_verify_and_legacy_md5_upgrades() {
        let h = hash_password("s3cret").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert_eq!(check_password("s3cret", &h), PasswordCheck::Ok);
        assert_eq!(check_password("wrong", &h), PasswordCheck::Mismatch);
        let md5_of_123456 = "e10adc3949ba59abbe56e057f20f883e";
        assert_eq!(
            check_password("123456", md5_of_123456),
            PasswordCheck::OkUpgrade
        );
        assert_eq!(
            check_password("1234567", md5_of_123456),
            PasswordCheck::Mismatch
        );
    }
}
