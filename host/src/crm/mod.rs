//! The CRM's shared rules: how a radar user reaches a customer (and a
//! customer a radar user) through their relation, and how customers and
//! their relations are labelled. The CRM endpoints are in `api::crm`.

pub mod labels;
pub mod pair;

pub use pair::PairError;
