//! How a wake-up reaches every host: in-process by default; across hosts
//! through Redis pub/sub when `--bus redis://…` is given.
//!
//! Redis rather than NATS: deployments of this API already run Redis, and a
//! wake-up needs nothing beyond fire-and-forget fan-out, which pub/sub is.
//! Every host subscribes to one channel and filters locally (a hash lookup),
//! so sockets can come and go without SUBSCRIBE traffic.

mod redis_bus;

use super::{Hub, Wake};
use redis_bus::RedisBus;
use std::sync::Arc;

/// The wake-up bus of this host.
pub struct Bus {
    hub: Arc<Hub>,
    remote: Option<RedisBus>,
}

impl Bus {
    /// A bus that reaches only this host's sockets.
    pub fn local(hub: Arc<Hub>) -> Bus {
        Bus { hub, remote: None }
    }

    /// The bus `url` names (`None`: in-process). A broker that cannot be
    /// reached at start is an error: the operator asked for it.
    pub async fn connect(url: Option<&str>, hub: Arc<Hub>) -> anyhow::Result<Bus> {
        let Some(url) = url else {
            return Ok(Bus::local(hub));
        };
        if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
            anyhow::bail!("unsupported --bus URL {url:?}: expected redis://…");
        }
        let remote = RedisBus::connect(url, hub.clone()).await?;
        Ok(Bus {
            hub,
            remote: Some(remote),
        })
    }

    /// This host's sockets.
    pub fn hub(&self) -> &Arc<Hub> {
        &self.hub
    }

    /// Wakes the recipient's sockets on every host. Call it after the change
    /// is committed: a socket reads the change when woken. Local sockets are
    /// woken at once; a broker failure is logged and costs only the remote
    /// push (the rows are stored; clients recover them on their next query).
    pub async fn publish(&self, wake: Wake) {
        self.hub.deliver(wake);
        if let Some(remote) = &self.remote {
            remote.publish(wake).await;
        }
    }
}
