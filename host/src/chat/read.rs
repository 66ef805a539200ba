//! Marking a conversation read, and telling whoever it concerns: the user's
//! badges when the user read; the radar side's read receipt (202) and the
//! customer's badges when the customer read.

use crate::db::Db;
use crate::realtime::{Bus, Recipient, Signal, Wake};
use crate::store::chat::{self, Reader};
use crate::store::Result;

/// Marks the pair's messages read for `reader` up to id `up_to` (all when
/// none) and publishes the wake-ups when anything was unread; returns how
/// many messages changed.
pub async fn mark(
    db: &Db,
    bus: &Bus,
    company_id: i64,
    reader: Reader,
    (user_id, customer_id): (i64, i64),
    up_to: Option<i64>,
) -> Result<u64> {
    let changed = chat::mark_read(db, company_id, reader, user_id, customer_id, up_to).await?;
    if changed == 0 {
        return Ok(0);
    }
    let user = Recipient::User {
        company_id,
        user_id,
    };
    match reader {
        Reader::User => {
            bus.publish(Wake {
                to: user,
                signal: Signal::Unread,
            })
            .await
        }
        Reader::Customer => {
            let receipt = Signal::ReadByCustomer {
                user_id,
                customer_id,
            };
            bus.publish(Wake {
                to: user,
                signal: receipt,
            })
            .await;
            let customer = Recipient::Customer {
                company_id,
                customer_id,
            };
            bus.publish(Wake {
                to: customer,
                signal: Signal::Unread,
            })
            .await;
        }
    }
    Ok(changed)
}
