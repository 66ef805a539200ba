//! Realtime delivery. Messages and read marks are stored first; then a
//! [`Wake`] says whom to wake and why. The [`Bus`] carries it to every host,
//! each host's [`Hub`] hands it to the sockets connected there, and a socket
//! reads what changed from the database. A lost wake-up therefore delays a
//! push but loses nothing: the next query or reconnect reads the same rows.
//! The socket endpoints are in `api::sockets`.

pub mod bus;
pub mod hub;

pub use bus::Bus;
pub use hub::{Hub, Subscription};

use serde::{Deserialize, Serialize};

/// Whose sockets a wake-up is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recipient {
    /// A radar user's sockets.
    User {
        /// The company.
        company_id: i64,
        /// The radar user.
        user_id: i64,
    },
    /// A customer's sockets (mini-program or public account).
    Customer {
        /// The company.
        company_id: i64,
        /// The customer.
        customer_id: i64,
    },
}

/// What changed for the recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Signal {
    /// A message of this user–customer pair was stored.
    Message {
        /// The radar user of the pair.
        user_id: i64,
        /// The customer of the pair.
        customer_id: i64,
    },
    /// The customer read the pair's messages (the radar side's 202 receipt).
    ReadByCustomer {
        /// The radar user of the pair.
        user_id: i64,
        /// The customer of the pair.
        customer_id: i64,
    },
    /// The recipient's unread count changed without a new message (read elsewhere).
    Unread,
}

/// A signal addressed to a recipient: what travels on the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wake {
    /// Whose sockets to wake.
    pub to: Recipient,
    /// Why.
    pub signal: Signal,
}
