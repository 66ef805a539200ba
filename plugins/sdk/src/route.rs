//! Route matching: the path a module dispatches on.

use crate::bindings::exports::leida::platform::module::Request;

/// The request path without trailing slashes and without the trailing
/// `/{object-id}` segment, e.g. `/x/tag_user/delete/3` → `/x/tag_user/delete`.
pub fn route_path(req: &Request) -> &str {
    strip_route(&req.path, req.object_id)
}

/// [`route_path`] over a raw path and object id.
pub fn strip_route(path: &str, object_id: Option<u64>) -> &str {
    let path = path.trim_end_matches('/');
    let Some(id) = object_id else { return path };
    match path.rsplit_once('/') {
        Some((head, last)) if last.parse::<u64>().ok() == Some(id) => head.trim_end_matches('/'),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::strip_route;

    #[test]
    fn strips_trailing_slash() {
        assert_eq!(strip_route("/a/b/", None), "/a/b");
        assert_eq!(strip_route("/a/b", None), "/a/b");
    }

    #[test]
    fn strips_object_id() {
        assert_eq!(strip_route("/a/delete/12", Some(12)), "/a/delete");
        assert_eq!(strip_route("/a/delete/12/", Some(12)), "/a/delete");
    }

    #[test]
    fn keeps_non_matching_segments() {
        assert_eq!(strip_route("/a/delete/12", Some(13)), "/a/delete/12");
        assert_eq!(strip_route("/a/delete", Some(12)), "/a/delete");
    }
}
