//! Pictures a form names: paths of the company's stored files, checked with
//! the host (`files.resolve`), never arbitrary URLs.

use crate::bindings::leida::platform::files;
use crate::bindings::leida::platform::types::Error;
use crate::failure::Failure;
use crate::input::Input;
use serde_json::Value;

/// Most pictures one field may list.
pub const MAX_PICTURES: usize = 30;

/// The picture paths of field `name`: a JSON list of paths (`["statics/…"]`),
/// one path, or blank for none. 301 when the field is malformed, lists more
/// than [`MAX_PICTURES`], or names a path that is no stored file of the
/// company (`图片不存在`).
pub fn stored(input: &Input<'_>, name: &str) -> Result<Vec<String>, Failure> {
    let Some(text) = input.text(name) else {
        return Ok(Vec::new());
    };
    let paths: Vec<String> = if text.starts_with('[') {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(Failure::invalid(format!("{name} 只能列出图片路径"))),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(Failure::invalid(format!("{name} 不是有效的JSON"))),
        }
    } else {
        vec![text.to_string()]
    };
    if paths.len() > MAX_PICTURES {
        return Err(Failure::invalid(format!("{name} 最多{MAX_PICTURES}张图片")));
    }
    for path in &paths {
        match files::resolve(path) {
            Ok(_) => {}
            Err(Error::NotFound | Error::Invalid(_)) => {
                return Err(Failure::invalid(format!("{name}: 图片不存在 ({path})")))
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(paths)
}
