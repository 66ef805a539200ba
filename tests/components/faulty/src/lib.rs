//! Test-only plugins the host must refuse at install or roll back in a
//! canary; which one is built is chosen by a cargo feature.

use leida_module_sdk::{collection, error, json, ok, Descriptor, Guest, Request, Response};

/// The card's route prefixes: a failing build of the `card` slot serves them.
const CARD_ROUTES: [&str; 4] = [
    "/zhugeleida/xiaochengxu/mingpian",
    "/zhugeleida/xiaochengxu/website",
    "/zhugeleida/qiyeweixin/mingpian",
    "/zhugeleida/qiyeweixin/tag_user",
];

#[cfg(feature = "huge-memory")]
static mut BALLAST: [u8; 80 << 20] = [0; 80 << 20];

struct Faulty;

impl Guest for Faulty {
    fn describe() -> Descriptor {
        if cfg!(feature = "describe-trap") {
            panic!("describe() fails on purpose");
        }
        let (name, routes): (&str, Vec<String>) = if cfg!(feature = "failing-card") {
            ("card", CARD_ROUTES.iter().map(|r| r.to_string()).collect())
        } else if cfg!(feature = "route-outside") {
            ("faulty", vec!["/elsewhere/faulty".to_string()])
        } else {
            ("faulty", vec!["/zhugeleida/xiaochengxu/faulty".to_string()])
        };
        let collections = if cfg!(feature = "bad-collection") {
            vec![collection("Not A Name", vec![])]
        } else {
            vec![]
        };
        Descriptor {
            name: name.to_string(),
            version: "9.9.9-faulty".to_string(),
            routes,
            collections,
        }
    }

    fn handle(_req: Request) -> Response {
        #[cfg(feature = "huge-memory")]
        {
            // Touch the ballast so it stays in the data segment.
            let first = unsafe { std::ptr::addr_of!(BALLAST).cast::<u8>().read_volatile() };
            return ok("", json!({ "first": first }));
        }
        if cfg!(feature = "failing-card") {
            panic!("this build fails every call on purpose");
        }
        #[allow(unreachable_code)]
        {
            let _ = error;
            ok("", json!({ "ok": true }))
        }
    }
}

leida_module_sdk::export!(Faulty);
