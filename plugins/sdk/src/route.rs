//! Route tables: a module's routes as a `const` list of [`Route`]s, the
//! lookup of a request's handler in it, and the path a module dispatches on.

use crate::bindings::exports::leida::platform::module::{Request, Response};
use crate::{Failure, Outcome};

/// A request handler of a module.
pub type Handler = fn(&Request) -> Outcome;

/// One route: a method, a full path (without a trailing object id) and its handler.
#[derive(Clone, Copy)]
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The full path, e.g. `/zhugeleida/xiaochengxu/mingpian/praise`.
    pub path: &'static str,
    /// What answers it.
    pub handler: Handler,
}

/// A `GET` route.
pub const fn get(path: &'static str, handler: Handler) -> Route {
    Route {
        method: "GET",
        path,
        handler,
    }
}

/// A `POST` route.
pub const fn post(path: &'static str, handler: Handler) -> Route {
    Route {
        method: "POST",
        path,
        handler,
    }
}

/// The handler of (`method`, `path`) in `routes`: `Err(402)` for a known
/// path with the wrong method, `Err(404)` for an unknown path.
pub fn find_route(routes: &[Route], method: &str, path: &str) -> Result<Handler, Failure> {
    let route = routes
        .iter()
        .find(|r| r.path == path)
        .ok_or_else(Failure::illegal)?;
    if route.method.eq_ignore_ascii_case(method) {
        Ok(route.handler)
    } else {
        Err(Failure::wrong_method(route.method))
    }
}

/// Serves `req` with its handler in `routes`; failures become their envelopes.
pub fn serve(routes: &[Route], req: &Request) -> Response {
    find_route(routes, &req.method, route_path(req))
        .and_then(|handler| handler(req))
        .unwrap_or_else(Response::from)
}

/// What is wrong with a route table against the prefixes a module declares:
/// a path under no prefix, or a path listed twice. Empty when the table is
/// sound (a module's unit test asserts that).
pub fn table_problems(routes: &[Route], prefixes: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, r) in routes.iter().enumerate() {
        let under = |p: &&str| r.path == *p || r.path.starts_with(&format!("{p}/"));
        if !prefixes.iter().any(under) {
            problems.push(format!("{} is under no declared prefix", r.path));
        }
        if routes[..i].iter().any(|earlier| earlier.path == r.path) {
            problems.push(format!("{} is listed twice", r.path));
        }
    }
    problems
}

/// The request path without trailing slashes and without the trailing
/// `/{object-id}` segment, e.g. `/x/tag_user/delete/3` → `/x/tag_user/delete`.
pub fn route_path(req: &Request) -> &str {
    strip_route(&req.path, req.object_id)
}

/// The positive `{id}` ending the path (`.../delete/{id}`); 303 when the
/// path has none.
pub fn object_id(req: &Request) -> Result<u64, Failure> {
    req.object_id
        .filter(|id| *id > 0)
        .ok_or_else(|| Failure::form("路径里缺少对象ID"))
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
    use super::{strip_route, table_problems, Route};

    fn nothing(_: &super::Request) -> super::Outcome {
        Err(super::Failure::illegal())
    }

    #[test]
    fn tables_are_checked_against_their_prefixes() {
        let table = [
            super::get("/z/x/card", nothing),
            super::post("/z/x/card/save", nothing),
        ];
        assert!(table_problems(&table, &["/z/x/card"]).is_empty());
        let bad: [Route; 3] = [table[0], table[0], super::get("/z/q/other", nothing)];
        assert_eq!(table_problems(&bad, &["/z/x/card"]).len(), 2);
    }

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
