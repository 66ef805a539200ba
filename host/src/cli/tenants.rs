//! Operator commands for companies, their admins and radar users.

use super::DbArgs;
use crate::auth::credentials::{hash_password, new_token};
use crate::identity::Authority;
use crate::store::{admins, companies, roles, users, Removed, Updated};
use anyhow::{bail, Context};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

/// `leida bootstrap`.
#[derive(Args)]
pub struct BootstrapArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The company's name.
    #[arg(long)]
    company: String,
    /// The admin's login name.
    #[arg(long)]
    admin: String,
    /// The admin's password.
    #[arg(long)]
    password: String,
    /// Make the admin a platform operator (manages every company).
    #[arg(long)]
    operator: bool,
}

/// Creates a company and its first admin; prints `{"company_id","admin_id","token"}`.
pub async fn bootstrap(a: BootstrapArgs) -> anyhow::Result<()> {
    let db = a.db.open().await?;
    let company_id = companies::create(&db, &a.company)
        .await?
        .with_context(|| format!("company {:?} exists", a.company))?;
    let token = new_token();
    let admin_id = admins::create(
        &db,
        company_id,
        &a.admin,
        &hash_password(&a.password)?,
        &token,
    )
    .await?
    .with_context(|| format!("admin {:?} exists", a.admin))?;
    if a.operator {
        admins::make_operator(&db, company_id, admin_id).await?;
    }
    println!(
        "{}",
        json!({ "company_id": company_id, "admin_id": admin_id, "token": token })
    );
    Ok(())
}

/// `leida user …`.
#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an enabled radar user; prints `{"user_id","token"}`.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The user's name (unique in the company).
        #[arg(long)]
        username: String,
        /// A password for the web console.
        #[arg(long)]
        password: Option<String>,
        /// Grant Boss-radar access.
        #[arg(long)]
        boss: bool,
        /// What the user may manage: their own data (member), the company
        /// (admin) or every company (operator).
        #[arg(long, value_enum, default_value = "member")]
        authority: AuthorityArg,
        /// The user's WeCom UserID (unique in the company), for the WeCom login.
        #[arg(long)]
        wecom_userid: Option<String>,
    },
}

/// Runs a `user` command.
pub async fn user(cmd: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        db,
        company,
        username,
        password,
        boss,
        authority,
        wecom_userid,
    } = cmd;
    let db = db.open().await?;
    if companies::get(&db, company).await?.is_none() {
        bail!("no company {company}");
    }
    let hash = password.as_deref().map(hash_password).transpose()?;
    let role_id = roles::ensure_builtin(&db, company, authority.into()).await?;
    let token = new_token();
    let new = users::NewUser {
        company_id: company,
        username: &username,
        password_hash: hash.as_deref(),
        token: &token,
        boss,
        role_id: Some(role_id),
        wecom_userid: wecom_userid.as_deref(),
    };
    let user_id = users::create(&db, new)
        .await
        .with_context(|| {
            format!("WeCom UserID {wecom_userid:?} may be taken in company {company}")
        })?
        .with_context(|| format!("user {username:?} exists in company {company}"))?;
    println!("{}", json!({ "user_id": user_id, "token": token }));
    Ok(())
}

/// The `--authority` of `user add`.
#[derive(Clone, Copy, ValueEnum)]
pub enum AuthorityArg {
    /// Own card, customers and radar only.
    Member,
    /// Manages the company's users, roles and customers.
    Admin,
    /// Manages every company.
    Operator,
}

impl From<AuthorityArg> for Authority {
    fn from(a: AuthorityArg) -> Authority {
        match a {
            AuthorityArg::Member => Authority::Member,
            AuthorityArg::Admin => Authority::TenantAdmin,
            AuthorityArg::Operator => Authority::Operator,
        }
    }
}

/// `leida company …`.
#[derive(Subcommand)]
pub enum CompanyCommand {
    /// Set the company's mini-program credentials.
    SetWechat(AppCredentials),
    /// Set the company's WeChat public-account (公众号) credentials.
    SetPublicAccount(AppCredentials),
    /// Delete a company that no longer holds users, customers or roles.
    Delete {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
    },
    /// Set the company's enterprise-WeChat (WeCom) credentials.
    SetWecom {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The WeCom CorpID (unique: it names the company).
        #[arg(long)]
        corp_id: String,
        /// The secret of the company's radar app.
        #[arg(long)]
        secret: String,
        /// The AgentId of the company's radar app.
        #[arg(long)]
        agent_id: Option<String>,
    },
}

/// A WeChat app of a company: the mini-program or the public account.
#[derive(Args)]
pub struct AppCredentials {
    #[command(flatten)]
    db: DbArgs,
    /// The company id.
    #[arg(long)]
    company: i64,
    /// The app's AppID.
    #[arg(long)]
    appid: String,
    /// The app's AppSecret.
    #[arg(long)]
    secret: String,
}

impl AppCredentials {
    /// Stores the credentials as `app` and prints `{company_id, appid}`.
    async fn set(self, app: companies::WeChatApp) -> anyhow::Result<()> {
        let db = self.db.open().await?;
        let company = self.company;
        if !companies::set_app(&db, company, app, &self.appid, &self.secret).await? {
            bail!("no company {company}");
        }
        println!("{}", json!({ "company_id": company, "appid": self.appid }));
        Ok(())
    }
}

/// Runs a `company` command.
pub async fn company(cmd: CompanyCommand) -> anyhow::Result<()> {
    match cmd {
        CompanyCommand::SetWechat(app) => app.set(companies::WeChatApp::MiniProgram).await?,
        CompanyCommand::SetPublicAccount(app) => {
            app.set(companies::WeChatApp::PublicAccount).await?
        }
        CompanyCommand::Delete { db, company } => {
            let db = db.open().await?;
            match companies::delete_empty(&db, company).await? {
                Removed::Done => println!("{}", json!({ "company_id": company, "deleted": true })),
                Removed::InUse => bail!("company {company} still has users, customers or roles"),
                Removed::NotFound => bail!("no company {company}"),
            }
        }
        CompanyCommand::SetWecom {
            db,
            company,
            corp_id,
            secret,
            agent_id,
        } => {
            let db = db.open().await?;
            match companies::set_wecom(&db, company, &corp_id, &secret, agent_id.as_deref()).await?
            {
                Updated::Done => {}
                Updated::NotFound => bail!("no company {company}"),
                Updated::Taken => bail!("CorpID {corp_id:?} belongs to another company"),
            }
            println!(
                "{}",
                json!({ "company_id": company, "corp_id": corp_id, "agent_id": agent_id })
            );
        }
    }
    Ok(())
}
