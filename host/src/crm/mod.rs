//! The CRM's shared rules: how a radar user reaches a customer (and a
//! customer a radar user) through their relation, when a new relation may
//! be made, and how customers and their relations are labelled. The CRM
//! endpoints are in `api::crm`.

pub mod binding;
pub mod labels;
pub mod pair;

pub use pair::PairError;
