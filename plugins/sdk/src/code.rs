//! Envelope codes the Leida clients understand.

/// Success.
pub const OK: u16 = 200;
/// A name already exists, or the object is referenced.
pub const EXISTS: u16 = 300;
/// A field has the wrong type or an invalid value.
pub const INVALID: u16 = 301;
/// An id does not exist (or belongs to someone else).
pub const NOT_FOUND: u16 = 302;
/// A required form field is missing or empty.
pub const FORM_INVALID: u16 = 303;
/// The HTTP method is wrong for this path.
pub const WRONG_METHOD: u16 = 402;
/// The request is not allowed (unknown route, wrong kind of caller).
pub const ILLEGAL: u16 = 404;
/// The host could not complete the request.
pub const UNAVAILABLE: u16 = 500;
