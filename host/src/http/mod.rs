//! What every handler uses: the envelope and the one error type, how service
//! errors become envelope codes, request fields, the signed caller and the
//! numeric path id.

pub mod caller;
pub mod envelope;
pub mod fields;
pub mod path_id;
mod service_errors;
