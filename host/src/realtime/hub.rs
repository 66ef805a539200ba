//! The sockets connected to this host, by recipient. Each subscription keeps
//! a small set of pending signals: repeats coalesce, so a slow socket holds
//! at most one entry per distinct signal and a fast sender cannot grow it
//! without bound or make it drop a signal.

use super::{Recipient, Signal, Wake};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// Local registry of subscriptions.
#[derive(Default)]
pub struct Hub {
    sockets: Mutex<HashMap<Recipient, Vec<Arc<Inbox>>>>,
    next_id: AtomicU64,
}

#[derive(Default)]
struct Inbox {
    id: u64,
    pending: Mutex<Vec<Signal>>,
    ready: Notify,
}

/// One socket's interest in one recipient; unsubscribes when dropped.
pub struct Subscription {
    hub: Arc<Hub>,
    to: Recipient,
    inbox: Arc<Inbox>,
}

impl Hub {
    /// An empty hub.
    pub fn new() -> Arc<Hub> {
        Arc::new(Hub::default())
    }

    /// Starts receiving the signals addressed to `to`.
    pub fn subscribe(self: &Arc<Self>, to: Recipient) -> Subscription {
        let inbox = Arc::new(Inbox {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            ..Inbox::default()
        });
        self.lock().entry(to).or_default().push(inbox.clone());
        Subscription {
            hub: self.clone(),
            to,
            inbox,
        }
    }

    /// Hands a wake-up to every local subscription of its recipient.
    pub fn deliver(&self, wake: Wake) {
        let inboxes = match self.lock().get(&wake.to) {
            Some(list) => list.clone(),
            None => return,
        };
        for inbox in inboxes {
            let mut pending = inbox.pending.lock().expect("inbox poisoned");
            if !pending.contains(&wake.signal) {
                pending.push(wake.signal);
            }
            drop(pending);
            inbox.ready.notify_one();
        }
    }

    /// Number of live subscriptions on this host.
    pub fn len(&self) -> usize {
        self.lock().values().map(Vec::len).sum()
    }

    /// Whether no socket is subscribed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Recipient, Vec<Arc<Inbox>>>> {
        self.sockets.lock().expect("hub poisoned")
    }
}

impl Subscription {
    /// Waits for signals and takes every pending one, oldest first.
    pub async fn next(&self) -> Vec<Signal> {
        loop {
            let taken = std::mem::take(&mut *self.inbox.pending.lock().expect("inbox poisoned"));
            if !taken.is_empty() {
                return taken;
            }
            self.inbox.ready.notified().await;
        }
    }

    /// The recipient this subscription listens for.
    pub fn recipient(&self) -> Recipient {
        self.to
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut sockets = self.hub.lock();
        if let Some(list) = sockets.get_mut(&self.to) {
            list.retain(|inbox| inbox.id != self.inbox.id);
            if list.is_empty() {
                sockets.remove(&self.to);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const ALICE: Recipient = Recipient::User {
        company_id: 1,
        user_id: 7,
    };

    fn message(customer_id: i64) -> Wake {
        Wake {
            to: ALICE,
            signal: Signal::Message {
                user_id: 7,
                customer_id,
            },
        }
    }

    #[tokio::test]
    async fn repeats_coalesce_and_distinct_signals_all_arrive() {
        let hub = Hub::new();
        let sub = hub.subscribe(ALICE);
        for _ in 0..100 {
            hub.deliver(message(1));
        }
        hub.deliver(message(2));
        let got = tokio::time::timeout(Duration::from_secs(1), sub.next())
            .await
            .expect("a pending signal");
        assert_eq!(
            got,
            vec![message(1).signal, message(2).signal],
            "one entry per distinct signal"
        );
    }

    #[tokio::test]
    async fn a_signal_delivered_before_waiting_is_not_lost() {
        let hub = Hub::new();
        let sub = hub.subscribe(ALICE);
        hub.deliver(message(3));
        let got = tokio::time::timeout(Duration::from_secs(1), sub.next()).await;
        assert_eq!(got.expect("delivered"), vec![message(3).signal]);
    }

    #[tokio::test]
    async fn only_the_addressed_recipient_is_woken_and_dropping_unsubscribes() {
        let hub = Hub::new();
        let other = hub.subscribe(Recipient::Customer {
            company_id: 1,
            customer_id: 7,
        });
        let sub = hub.subscribe(ALICE);
        assert_eq!(hub.len(), 2);
        hub.deliver(message(4));
        assert!(
            tokio::time::timeout(Duration::from_millis(50), other.next())
                .await
                .is_err(),
            "a customer with the same id is another recipient"
        );
        drop(sub);
        drop(other);
        assert!(hub.is_empty());
    }
}
