//! `leida module try FILE --as customer|radar-user|admin --request 'GET /zhugeleida/…'`:
//! runs one request through a plugin in a scratch tenant (a company with an
//! admin, a radar user and a related customer, on a temporary SQLite
//! database, with the real host capabilities) and prints the envelope, the
//! host calls the plugin made and what it wrote to stderr.

use super::RuntimeArgs;
use crate::app::App;
use crate::auth::credentials::{hash_password, new_token};
use crate::auth::signature::sign;
use crate::capabilities::CallTrace;
use crate::identity::Authority;
use crate::local_time::now_ms;
use crate::modules::assign::{self, Actor, Target};
use crate::modules::install;
use crate::router::router;
use crate::settings::Settings;
use crate::store::{admins, companies, customers, relations, roles, users};
use anyhow::{bail, Context};
use axum::body::Body;
use axum::http::Request;
use clap::{Args, ValueEnum};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;

/// Who signs the request.
#[derive(Clone, Copy, ValueEnum)]
pub enum As {
    /// The scratch company's mini-program customer.
    Customer,
    /// Its radar user (related to the customer).
    RadarUser,
    /// Its back-office admin.
    Admin,
}

/// `leida module try`.
#[derive(Args)]
pub struct TryArgs {
    #[command(flatten)]
    runtime: RuntimeArgs,
    /// The component (`*.wasm`).
    file: PathBuf,
    /// Who signs the request.
    #[arg(long = "as", value_enum, default_value = "customer")]
    who: As,
    /// The request: `METHOD PATH[?QUERY]`, e.g. `GET /zhugeleida/xiaochengxu/x?uid={user}`;
    /// `{user}`, `{customer}`, `{company}` stand for the scratch tenant's ids.
    #[arg(long)]
    request: String,
    /// A form field of the body (repeatable).
    #[arg(long = "form", value_name = "K=V")]
    form: Vec<String>,
}

/// The scratch tenant: ids and tokens.
struct Scratch {
    company: i64,
    admin: (i64, String),
    user: (i64, String),
    customer: (i64, String),
}

async fn scratch(app: &App) -> anyhow::Result<Scratch> {
    let db = &app.db;
    let company = companies::create(db, "试用公司")
        .await?
        .context("creating the company")?;
    let admin_token = new_token();
    let hash = hash_password("try")?;
    let admin = admins::create(db, company, "try-admin", &hash, &admin_token)
        .await?
        .context("creating the admin")?;
    let role = roles::ensure_builtin(db, company, Authority::Member).await?;
    let user_token = new_token();
    let user = users::create(
        db,
        users::NewUser {
            company_id: company,
            username: "试用雷达用户",
            password_hash: None,
            token: &user_token,
            boss: false,
            role_id: Some(role),
            wecom_userid: None,
        },
    )
    .await?
    .context("creating the radar user")?;
    let customer =
        customers::upsert_by_openid(db, company, 2, "try-openid", "key", &new_token()).await?;
    let profile = customers::AuthorisedProfile {
        username: "试用客户",
        headimgurl: "statics/imgs/Avator.jpg",
        sex: 1,
        country: "",
        province: "",
        city: "",
        language: "",
    };
    customers::set_profile(db, company, customer.id, profile).await?;
    relations::create(db, company, user, customer.id, 1, None).await?;
    Ok(Scratch {
        company,
        admin: (admin, admin_token),
        user: (user, user_token),
        customer: (customer.id, customer.token),
    })
}

/// Runs `module try`.
pub async fn run(a: TryArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    let dir = std::env::temp_dir().join(format!(
        "leida-try-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    let mut settings = Settings::new(&dir, "http://127.0.0.1");
    settings.cache_dir = a.runtime.cache_dir(std::path::Path::new("./data"));
    let limits = a.runtime.limits();
    settings.module_deadline = limits.deadline;
    settings.module_memory_bytes = limits.memory_bytes;
    let outcome = try_in(settings, bytes, &a).await;
    let _ = std::fs::remove_dir_all(&dir);
    println!("{}", outcome?);
    Ok(())
}

async fn try_in(settings: Settings, bytes: Vec<u8>, a: &TryArgs) -> anyhow::Result<Value> {
    let mut app = App::new(settings).await?;
    let trace = Arc::new(CallTrace::default());
    app.trace = Some(trace.clone());
    let t = scratch(&app).await?;
    let (installed, _) = install::install(&app.db, &app.runtime, bytes, "try", "try").await?;
    let actor = Actor {
        name: "try",
        granted_only: false,
    };
    let target = Target::Build(installed.digest.clone());
    assign::use_build(&app.db, t.company, &installed.slot, &target, None, actor).await?;
    assign::set_enabled(&app.db, t.company, &installed.slot, true, actor).await?;
    app.modules
        .apply(vec![(t.company, installed.slot.clone())])
        .await?;

    let fill = |text: &str| {
        text.replace("{user}", &t.user.0.to_string())
            .replace("{customer}", &t.customer.0.to_string())
            .replace("{company}", &t.company.to_string())
    };
    let request = fill(&a.request);
    let Some((method, target)) = request.trim().split_once(' ') else {
        bail!("--request is `METHOD PATH[?QUERY]`, e.g. `GET /zhugeleida/xiaochengxu/x`");
    };
    let (id, token) = match a.who {
        As::Customer => &t.customer,
        As::RadarUser => &t.user,
        As::Admin => &t.admin,
    };
    let ts = now_ms().to_string();
    let signature = serde_urlencoded::to_string([
        ("rand_str", sign(&ts, token)),
        ("timestamp", ts),
        ("user_id", id.to_string()),
    ])?;
    let separator = if target.contains('?') { '&' } else { '?' };
    let uri = format!("{}{separator}{signature}", target.trim());
    let form: Vec<(String, String)> = a
        .form
        .iter()
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k.to_string(), fill(v))
        })
        .collect();
    let body = serde_urlencoded::to_string(&form)?;
    let http = Request::builder()
        .method(method.trim().to_ascii_uppercase().as_str())
        .uri(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))?;
    let response = router(Arc::new(app)).oneshot(http).await?;
    let build = response
        .headers()
        .get("x-leida-build")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = axum::body::to_bytes(response.into_body(), 16 << 20).await?;
    let envelope: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Ok(json!({
        "build": build,
        "slot": installed.slot,
        "digest": installed.digest,
        "request": request,
        "as": match a.who { As::Customer => "customer", As::RadarUser => "radar-user", As::Admin => "admin" },
        "tenant": {"company_id": t.company, "user_id": t.user.0, "customer_id": t.customer.0, "admin_id": t.admin.0},
        "envelope": envelope,
        "host_calls": trace.calls(),
        "stderr": trace.stderr(),
    }))
}
