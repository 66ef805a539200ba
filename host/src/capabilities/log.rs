//! `leida:platform/log`: module diagnostics into the host log.

use super::ModuleState;
use crate::runtime::bindings::leida::platform::log::{Host, Level};

/// Longest message kept; the rest is cut so a module cannot flood the log.
const MAX_MESSAGE: usize = 2048;

impl Host for ModuleState {
    async fn write(&mut self, level: Level, message: String) {
        self.trace("log.write");
        let mut message = message;
        if message.len() > MAX_MESSAGE {
            let cut = (0..=MAX_MESSAGE)
                .rev()
                .find(|i| message.is_char_boundary(*i))
                .unwrap_or(0);
            message.truncate(cut);
        }
        let module = self.plugin_label.as_str();
        let company = self
            .scope
            .as_ref()
            .map(|s| s.company_id)
            .unwrap_or_default();
        match level {
            Level::Debug => tracing::debug!(module, company, "{message}"),
            Level::Info => tracing::info!(module, company, "{message}"),
            Level::Warn => tracing::warn!(module, company, "{message}"),
            Level::Error => tracing::error!(module, company, "{message}"),
        }
    }
}
