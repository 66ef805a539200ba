//! Route matching: the path a module dispatches on, and the lookup of a
//! module's route table (method, path, handler).

use crate::bindings::exports::leida::platform::module::{Request, Response};
use crate::{Failure, Outcome};

/// A request handler of a module.
pub type Handler = fn(&Request) -> Outcome;

/// The handler of (`method`, `path`) in `routes`: `Err(402)` for a known
/// path with the wrong method, `Err(404)` for an unknown path.
pub fn find_route<P: AsRef<str>>(
    routes: &[(&str, P, Handler)],
    method: &str,
    path: &str,
) -> Result<Handler, Failure> {
    let (expected, _, handler) = routes
        .iter()
        .find(|(_, p, _)| p.as_ref() == path)
        .ok_or_else(Failure::illegal)?;
    if expected.eq_ignore_ascii_case(method) {
        Ok(*handler)
    } else {
        Err(Failure::wrong_method(expected))
    }
}

/// Serves `req` with its handler in `routes`; failures become their envelopes.
pub fn serve<P: AsRef<str>>(routes: &[(&str, P, Handler)], req: &Request) -> Response {
    find_route(routes, &req.method, route_path(req))
        .and_then(|handler| handler(req))
        .unwrap_or_else(Response::from)
}

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
