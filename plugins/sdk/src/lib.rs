//! Guest SDK for Leida business modules.
//!
//! A module crate (`crate-type = ["cdylib"]`, target `wasm32-wasip2`)
//! implements [`Guest`] and exports it with `leida_module_sdk::export!(T);`.
//! The SDK re-exports the host interfaces of world `business-module`
//! (`wit/platform@0.6.0`) and adds small helpers: reading request fields
//! ([`Input`]), paging ([`Paging`]), responses ([`ok`], [`error`]), failures
//! mapped to envelope codes ([`Failure`]), route tables ([`Route`],
//! [`serve`]), descriptor builders ([`collection`], [`index`]), local time
//! formatting ([`time`]), typed storage access ([`store`]), counts a module
//! keeps itself ([`tally`]), canvas layers for the host's image rendering
//! ([`draw`]) and a customer's visit to a radar user's content ([`Visit`]).
//!
//! # A minimal module
//!
//! ```no_run
//! use leida_module_sdk::{
//!     get, json, ok, serve, Descriptor, Guest, Input, Outcome, Request, Response, Route,
//! };
//!
//! /// `GET /zhugeleida/xiaochengxu/hello?name=…`
//! fn hello(req: &Request) -> Outcome {
//!     // A missing `name` answers 303 `name 不能为空`.
//!     let name = Input::of(req).required_text("name")?;
//!     Ok(ok("", json!({ "hello": name })))
//! }
//!
//! const ROUTES: &[Route] = &[get("/zhugeleida/xiaochengxu/hello", hello)];
//!
//! struct Hello;
//!
//! impl Guest for Hello {
//!     fn describe() -> Descriptor {
//!         Descriptor {
//!             name: "hello".into(),
//!             version: env!("CARGO_PKG_VERSION").into(),
//!             routes: vec!["/zhugeleida/xiaochengxu/hello".into()],
//!             collections: vec![],
//!         }
//!     }
//!
//!     fn handle(req: Request) -> Response {
//!         // Unknown paths answer 404, a wrong method 402, failures their code.
//!         serve(ROUTES, &req)
//!     }
//! }
//!
//! leida_module_sdk::export!(Hello);
//! ```
//!
//! Handlers return an [`Outcome`]: `?` on a host call or an [`Input`] read
//! turns its error into the matching envelope code (see [`Failure`]). The
//! `export!` macro also takes a renamed dependency (`sdk::export!(Hello)`
//! with `sdk = { package = "leida-module-sdk", … }`).
//!
//! # Capabilities
//!
//! A module reaches nothing but the host interfaces below. Each is
//! re-exported at the crate root as generated from the WIT, and every call
//! is bound by the host to the request's company, caller and the module's
//! slot: no call takes a company id, and an id of another company looks
//! exactly like a missing one (`not-found`, 302 as a [`Failure`]). Each
//! capability has a short handler example on the page named below.
//!
//! | capability | interface | example | SDK helpers |
//! |---|---|---|---|
//! | storage: the module's own JSON documents | [`storage`] | [`store`] | [`store`], [`collection`], [`index`], [`unique_index`], [`tally`] |
//! | directory: company, radar users, customers, relations | [`directory`] | [`directory`] | [`Visit`], [`require_customer`], [`require_radar_user`] |
//! | radar: the action log | [`radar`] | [`radar`], [`visit`] | [`Visit::record`] |
//! | chat: the user–customer conversation | [`chat`] | [`chat`] | |
//! | files: the company's stored files | [`files`] | [`files`] | |
//! | images: posters drawn by the host | [`images`] | [`draw`] | [`draw`] |
//! | clock: now and the tenant's UTC offset | [`clock`] | [`clock`] | [`time`] |
//! | log: host log lines | [`log`] | [`log`] | |
//! | links: public-account share links (0.3.0) | [`links`] | [`links`] | |
//! | peers: reads answered by the company's other modules (0.4.0) | [`peers`] | [`peers`] | [`peer::read`] |
//! | follow-ups: counts over the follow-up log (0.5.0) | [`follow_ups`] | [`follow_ups`] | [`time::local_midnight`] |
//!
//! Contract 0.5.0 also counts company-wide, in the database:
//! `radar::count_by` (per-day totals the host keeps), `chat::aggregate`,
//! `directory::aggregate_customers`, `directory::aggregate_relations` and
//! `directory::get_licence`; 0.6.0 adds `chat::count_by` and
//! `follow_ups::count_by`, counts per user and day without distinct
//! customers, from per-day totals the host keeps.
//!
//! Host calls return `Result<_, types::Error>`; `?` in a handler turns the
//! error into a [`Failure`]: `not-found` → 302, `denied` → 404, `invalid` →
//! 303, `conflict` → 300, `unavailable` → 500.
//!
//! # Building
//!
//! `cargo build --target wasm32-wasip2 --release` makes the component
//! (`target/wasm32-wasip2/release/<crate>.wasm`); `leida module check` and
//! `leida module try` check and run it (see `docs/plugins.md` in the
//! repository). The doc examples are `no_run`: they compile on any target
//! but call the host, so they only run inside it.

pub mod bindings;
pub mod caller;
pub mod code;
pub mod comments;
pub mod describe;
pub mod draw;
pub mod failure;
pub mod input;
pub mod paging;
pub mod peer;
pub mod pictures;
pub mod response;
pub mod route;
pub mod store;
pub mod tally;
pub mod time;
pub mod value;
pub mod visit;

/// Exports a [`Guest`] implementation as the component's `module` export:
/// `leida_module_sdk::export!(MyModule);`, once per module crate, at its
/// root.
pub use bindings::export;
pub use bindings::exports::leida::platform::module::{
    Collection, Descriptor, Guest, Index, Request, Response,
};

/// The module's own JSON documents, as raw host calls.
///
/// Handlers usually go through the typed wrappers of [`store`] (see its
/// example); the raw calls remain for what `store` does not wrap (`count`,
/// `count-by`, `increment`, `replace`, `delete`, `delete-where`), e.g.
/// `storage::increment("cards", id, "view_num", 1)?`.
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::storage;

/// The company, its radar users, customers and their relations.
///
/// # Example
///
/// A radar user's card as a customer sees it, with the caller's principal,
/// the company and the user named by `uid`:
///
/// ```no_run
/// use leida_module_sdk::types::Principal;
/// use leida_module_sdk::{directory, json, ok, Failure, Input, Outcome, Request};
///
/// fn card(req: &Request) -> Outcome {
///     // The verified caller (also in `req.caller`).
///     let Principal::Customer(customer_id) = directory::caller() else {
///         return Err(Failure::illegal());
///     };
///     // Loaded when the request arrived: no error to handle.
///     let company = directory::get_company();
///     let uid = Input::of(req).required_id("uid")?;
///     // A user of another company is `not-found`, like a missing one.
///     let user = directory::get_user(uid)
///         .map_err(|e| Failure::from(e).or_not_found("名片用户不存在"))?;
///     let related = directory::get_relation(user.id, customer_id)?.is_some();
///     Ok(ok(
///         "查询成功",
///         json!({
///             "username": user.username,
///             "position": user.position,
///             "phone": user.card_phone,
///             "company": company.name,
///             "is_related": related,
///         }),
///     ))
/// }
/// ```
///
/// [`Visit::of`] does the customer check and the `uid` lookup in one call.
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::directory;

/// The radar's action log: record what a customer does; find, count and
/// aggregate events.
///
/// # Example
///
/// A customer views a product on a radar user's card: action 2 ("viewed
/// product") about that product, shown live on the user's radar.
///
/// ```no_run
/// use leida_module_sdk::{json, ok, radar, require_customer, Input, Outcome, Request};
///
/// /// Radar code 2: viewed a product.
/// const VIEWED_PRODUCT: u16 = 2;
///
/// fn product_single(req: &Request) -> Outcome {
///     let customer_id = require_customer(req)?;
///     let input = Input::of(req);
///     let uid = input.required_id("uid")?;
///     let product_id = input.required_id("product_id")?;
///     radar::record_action(&radar::Action {
///         code: VIEWED_PRODUCT,
///         user_id: uid,
///         customer_id,
///         target: Some(radar::Target {
///             kind: "product".into(),
///             id: product_id,
///         }),
///         remark: "正在查看您发布的产品,尽快把握商机".into(),
///     })?;
///     Ok(ok("查询成功", json!({ "product_id": product_id })))
/// }
/// ```
///
/// With a [`Visit`] (which also checks that `uid` is a radar user of the
/// customer's company) the call is
/// `visit.record(VIEWED_PRODUCT, remark, Some(target))?`.
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::radar;

/// The user–customer conversation: post a message, count messages.
///
/// # Example
///
/// A customer's enquiry lands in their conversation with the radar user
/// whose card they came from:
///
/// ```no_run
/// use leida_module_sdk::{chat, json, ok, Input, Outcome, Request, Visit};
///
/// fn consult(req: &Request) -> Outcome {
///     let visit = Visit::of(req, "名片用户不存在")?;
///     let question = Input::of(req).required_text("msg")?;
///     // The content as the clients send it: `info_type` 1 is text.
///     let content = json!({ "info_type": 1, "msg": question });
///     let id = chat::post(&chat::Message {
///         user_id: visit.user.id,
///         customer_id: visit.customer_id,
///         // A customer caller may only speak as themself.
///         direction: chat::Direction::CustomerToUser,
///         content: content.to_string(),
///     })?;
///     Ok(ok("咨询成功", json!({ "id": id })))
/// }
/// ```
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::chat;

/// The company's stored files: their URLs, lookups, and uploads kept as the
/// module's own files.
///
/// # Example
///
/// The address of a stored picture, or of a default one when the path
/// names no file of the company:
///
/// ```no_run
/// use leida_module_sdk::{files, json, ok, Input, Outcome, Request};
///
/// const DEFAULT_COVER: &str = "statics/zhugeleida/imgs/default_cover.png";
///
/// fn cover(req: &Request) -> Outcome {
///     let path = Input::of(req).required_text("cover")?;
///     let (url, size) = match files::resolve(path) {
///         Ok(file) => (file.url, file.size),
///         // No such file in this company: `public_url` only builds the URL.
///         Err(files::Error::NotFound) => (files::public_url(DEFAULT_COVER), 0),
///         Err(e) => return Err(e.into()),
///     };
///     Ok(ok("", json!({ "cover_url": url, "size": size })))
/// }
/// ```
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::files;

/// Posters and share cards drawn by the host.
///
/// The layer constructors of [`draw`] keep a layout short; see its example
/// for a whole canvas passed to `images::render`.
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::images;

/// Now, and the tenant's UTC offset; [`time`] turns them into local dates.
///
/// # Example
///
/// Dates in the tenant's local time, and a window of the last 7 days:
///
/// ```no_run
/// use leida_module_sdk::types::Window;
/// use leida_module_sdk::{chat, clock, json, ok, require_radar_user, time, Outcome, Request};
///
/// const DAY_MS: i64 = 86_400_000;
///
/// fn summary(req: &Request) -> Outcome {
///     let user_id = require_radar_user(req)?;
///     // Milliseconds since the epoch, and seconds east of UTC (Shanghai: 28800).
///     let (now, offset) = (clock::now(), clock::utc_offset());
///     let week = Window {
///         since: Some(now - 7 * DAY_MS),
///         until: None,
///     };
///     let messages = chat::count(user_id, None, None, week)?;
///     Ok(ok(
///         "",
///         json!({
///             "today": time::local_date(now, offset),         // 2024-05-01
///             "create_date": time::local_datetime(now, offset), // 2024-05-01 09:30:00
///             "messages_this_week": messages,
///         }),
///     ))
/// }
/// ```
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::clock;

/// Diagnostics for the host log.
///
/// # Example
///
/// Log lines go to the host log tagged with the module and the company; they
/// never reach the client. Here a best-effort clean-up logs what it could not
/// do instead of failing the request:
///
/// ```no_run
/// use leida_module_sdk::log::{self, Level};
/// use leida_module_sdk::{files, types};
///
/// fn discard(path: &str) {
///     match files::remove(path) {
///         Ok(()) | Err(types::Error::NotFound) => {}
///         Err(e) => log::write(Level::Warn, &format!("removing {path}: {e:?}")),
///     }
/// }
/// ```
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::log;

/// Links for customers to open in WeChat, built by the host (contract 0.3.0).
///
/// # Example
///
/// A radar user shares an article: whoever opens the link signs in to the
/// company's public account, is related to the radar user and lands on the
/// public-account page `article` with `article_id` (and the host's `uid`,
/// `company_id` and the customer's session) in its query.
///
/// ```no_run
/// use leida_module_sdk::{json, links, ok, require_radar_user, Input, Outcome, Request};
///
/// fn share(req: &Request) -> Outcome {
///     let uid = require_radar_user(req)?;
///     let article_id = Input::of(req).required_id("article_id")?;
///     let pairs = vec![("article_id".to_string(), article_id.to_string())];
///     // `unavailable` (500) when the company has no public account.
///     let url = links::public_account_share("article", uid, &pairs)?;
///     Ok(ok("返回成功", json!({ "share_url": url })))
/// }
/// ```
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::links;

/// Reads answered by the company's other modules (contract 0.4.0).
///
/// # Example
///
/// A case list shows the newest diary of each case; the diaries are the
/// `diary` module's, so the case module asks it, as the caller, rather than
/// keeping copies. [`peer::read`] decodes the answer's `data`:
///
/// ```no_run
/// use leida_module_sdk::{json, ok, peer, Json, Outcome, Request};
///
/// fn newest_diaries(req: &Request, case_ids: &str) -> Outcome {
///     let query = vec![("case_ids".to_string(), case_ids.to_string())];
///     // The peer's refusal keeps its code; a slot the company has not
///     // enabled is `not-found` (302).
///     let data: Json = peer::read(
///         "diary",
///         "/zhugeleida/xiaochengxu/diary_manage/latest_of_cases",
///         &query,
///     )?;
///     Ok(ok("查询成功", json!({ "diaries": data })))
/// }
/// ```
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::peers;

/// Counts over the follow-up log, the notes radar users write about their
/// customers (contract 0.5.0).
///
/// # Example
///
/// How many customers each radar user followed up yesterday, most first;
/// windows are local days ([`time::local_midnight`]):
///
/// ```no_run
/// use leida_module_sdk::follow_ups::{self, FollowUpFilter};
/// use leida_module_sdk::types::{Grouping, Page, Window};
/// use leida_module_sdk::{clock, json, ok, time, Outcome, Request};
///
/// fn followed_yesterday(_req: &Request) -> Outcome {
///     let today = time::local_midnight(clock::now(), clock::utc_offset());
///     let filter = FollowUpFilter {
///         user_ids: vec![],
///         customer_ids: vec![],
///         window: Window { since: Some(today - 86_400_000), until: Some(today) },
///     };
///     let page = Page { offset: 0, limit: None };
///     let groups = follow_ups::aggregate(&filter, &[Grouping::User], page)?;
///     let rows: Vec<_> = groups
///         .iter()
///         .map(|g| json!({ "user_id": g.keys[0], "customers": g.customers }))
///         .collect();
///     Ok(ok("查询成功", json!({ "ret_data": rows })))
/// }
/// ```
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::follow_ups;

/// Types shared by the host interfaces and the module export: the caller's
/// [`Principal`](types::Principal), host [`Error`](types::Error)s, scalar
/// [`Value`](types::Value)s, [`Page`](types::Page) and
/// [`Window`](types::Window).
///
/// # Interface
#[doc(inline)]
pub use bindings::leida::platform::types;

pub use caller::{require_admin, require_customer, require_radar_user};
pub use describe::{collection, index, name_problems, unique_index};
pub use failure::{Failure, Outcome};
pub use input::Input;
pub use paging::Paging;
pub use response::{error, ok, ok_with_note};
pub use route::{
    find_route, get, object_id, post, route_path, serve, table_problems, Handler, Route,
};
pub use tally::{tallies, Tally};
pub use visit::Visit;

/// JSON values, re-exported so module crates need no direct dependency.
pub use serde_json::{json, Value as Json};
