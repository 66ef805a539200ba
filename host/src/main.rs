//! `leida`: the Leida sales-radar host.

mod app;
mod auth;
mod capabilities;
mod cli;
mod db;
mod http;
mod local_time;
mod logins;
mod modules;
mod runtime;
mod store;
mod wechat;

use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli::run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("leida: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
