//! Text fields of the back office's forms: bounded, and on an edit kept as
//! they were when the form leaves them out.

use leida_module_sdk::{Failure, Input};

/// The trimmed text `name`, at most `max` characters (301 beyond). Left out
/// of the form, it is `old` (an edit keeps the field) or empty; `required`
/// makes a blank value 303 unless an edit keeps the old one.
pub fn bounded(
    input: &Input<'_>,
    name: &str,
    max: usize,
    required: bool,
    old: Option<&str>,
) -> Result<String, Failure> {
    if let (None, Some(o)) = (input.raw(name), old) {
        return Ok(o.to_string());
    }
    let value = if required {
        input.required_text(name)?
    } else {
        input.text(name).unwrap_or("")
    };
    if value.chars().count() > max {
        return Err(Failure::invalid(format!("{name} 不能超过{max}个字")));
    }
    Ok(value.to_string())
}
