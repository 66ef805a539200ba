//! Chat between radar users and customers: the content rules, the one path
//! every message takes (stored, then the sockets concerned are woken), read
//! marks, and how messages, conversations and contacts are read back. The
//! endpoints are in `api::chat`, the sockets in `api::sockets`.

pub mod contacts;
pub mod content;
pub mod items;
pub mod read;
pub mod send;

use crate::crm::PairError;
use crate::store::{chat, StoreError};

/// Why a message could not be posted or read; the texts of refusals are
/// the ones clients show.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    /// A field of the content has the wrong type or size.
    #[error("{field}: {why}")]
    Invalid {
        /// The field, e.g. `content.info_type`.
        field: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A required field of the content is missing.
    #[error("{0}: 该字段是必填项")]
    Missing(String),
    /// A mall card in a company without a mall.
    #[error("此小程序没有开启商城")]
    MallOff,
    /// The caller's company is gone.
    #[error("the company is gone")]
    CompanyGone,
    /// The pair is not a related user and customer of the company.
    #[error(transparent)]
    Pair(#[from] PairError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ChatError {
    fn invalid(field: impl Into<String>, why: &'static str) -> ChatError {
        ChatError::Invalid {
            field: field.into(),
            why,
        }
    }
}

/// Who writes a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// The radar user of the pair.
    User,
    /// The customer of the pair.
    Customer,
}

impl Sender {
    /// The stored `send_type`.
    pub fn send_type(self) -> i64 {
        match self {
            Sender::User => chat::USER_TO_CUSTOMER,
            Sender::Customer => chat::CUSTOMER_TO_USER,
        }
    }
}
