//! Peer reads (contract 0.4.0): the `data` of another module's answer, or
//! its refusal as a [`Failure`].

use crate::bindings::leida::platform::peers;
use crate::failure::Failure;
use serde::de::DeserializeOwned;

/// Asks the company's module of `slot` for `GET path?query` as the caller
/// and decodes the `data` of a 200 answer into `T`. A refusal keeps the
/// peer's code and message; a host error maps as every host error does
/// (`not-found` → 302 when the slot is off); `data` that is not a `T` is
/// the peer's fault (500).
pub fn read<T: DeserializeOwned>(
    slot: &str,
    path: &str,
    query: &[(String, String)],
) -> Result<T, Failure> {
    let answer = peers::read(slot, path, query)?;
    if answer.code != 200 {
        return Err(Failure::new(answer.code, answer.msg));
    }
    serde_json::from_str(&answer.data)
        .map_err(|e| Failure::new(500, format!("{slot} answered {path} with bad data: {e}")))
}
