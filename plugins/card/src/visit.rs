//! A customer's visit to a card: the calling customer, the radar user whose
//! card it is (`uid`, which must be of the customer's company), and the radar
//! actions the visit records.

use leida_module_sdk::{directory, radar, require_customer, Failure, Input, Request};

/// The calling customer and the card owner they act on.
pub struct Visit {
    /// The calling customer.
    pub customer_id: u64,
    /// The card owner (`uid`).
    pub user: directory::User,
}

impl Visit {
    /// Resolves the visit of `req`: 404 for a caller who is not a customer,
    /// 303/301 for a missing or malformed `uid`, 302 when `uid` is not a
    /// radar user of the customer's company.
    pub fn of(req: &Request) -> Result<Visit, Failure> {
        let customer_id = require_customer(req)?;
        let uid = Input::of(req).required_id("uid")?;
        let user = directory::get_user(uid)
            .map_err(|e| Failure::from(e).or_not_found("名片用户不存在"))?;
        Ok(Visit { customer_id, user })
    }

    /// Whether the customer has authorised their profile.
    pub fn customer_authorised(&self) -> Result<bool, Failure> {
        let customer = directory::get_customer(self.customer_id)
            .map_err(|e| Failure::from(e).or_not_found("客户不存在"))?;
        Ok(customer.authorised)
    }

    /// Logs a radar action of this customer on this card.
    pub fn record(&self, code: u16, remark: &str) -> Result<(), Failure> {
        radar::record_action(&radar::Action {
            code,
            user_id: self.user.id,
            customer_id: self.customer_id,
            target: None,
            remark: remark.to_string(),
        })?;
        Ok(())
    }

    /// How many action-`code` events this customer already has on this card.
    pub fn count(&self, code: u16) -> Result<u64, Failure> {
        Ok(radar::count(&radar::EventFilter {
            user_ids: vec![self.user.id],
            customer_ids: vec![self.customer_id],
            codes: vec![code],
            target: None,
            window: leida_module_sdk::types::Window {
                since: None,
                until: None,
            },
        })?)
    }
}
