//! When a canary build fails too often: a window of its recent calls on
//! this host; more failures in it than the threshold allows sends the
//! company back to its previous build.

use std::collections::VecDeque;

/// How a canary is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CanaryRule {
    /// How many of its latest calls are looked at.
    pub window: usize,
    /// The share of them that may fail, in percent; one more is too many.
    pub max_failure_percent: u8,
}

impl Default for CanaryRule {
    fn default() -> CanaryRule {
        CanaryRule {
            window: 200,
            max_failure_percent: 5,
        }
    }
}

impl CanaryRule {
    /// The most failures the window may hold.
    fn allowed(&self) -> usize {
        self.window * usize::from(self.max_failure_percent) / 100
    }
}

/// The latest calls of one canary build on this host.
#[derive(Debug, Default)]
pub struct Window {
    outcomes: VecDeque<bool>,
    failures: usize,
    /// Set once the canary was judged failing (it is being rolled back).
    pub tripped: bool,
}

impl Window {
    /// Adds one call's outcome; true when it makes the failures exceed the
    /// rule (once per window).
    pub fn push(&mut self, ok: bool, rule: &CanaryRule) -> bool {
        self.outcomes.push_back(ok);
        if !ok {
            self.failures += 1;
        }
        while self.outcomes.len() > rule.window.max(1) {
            if self.outcomes.pop_front() == Some(false) {
                self.failures -= 1;
            }
        }
        if !self.tripped && self.failures > rule.allowed() {
            self.tripped = true;
            return true;
        }
        false
    }

    /// Failures and calls in the window.
    pub fn counts(&self) -> (usize, usize) {
        (self.failures, self.outcomes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_five_percent_of_the_last_200_trips_once() {
        let rule = CanaryRule::default();
        let mut w = Window::default();
        // 10 failures of 200 are allowed, however they fall.
        for i in 0..400 {
            assert!(!w.push(i % 40 != 0, &rule), "call {i}");
        }
        let mut w = Window::default();
        for _ in 0..10 {
            assert!(!w.push(false, &rule));
        }
        assert!(w.push(false, &rule), "the 11th failure trips");
        assert!(!w.push(false, &rule), "only once");
        assert_eq!(w.counts(), (12, 12));
    }

    #[test]
    fn old_failures_leave_the_window() {
        let rule = CanaryRule {
            window: 10,
            max_failure_percent: 10,
        };
        let mut w = Window::default();
        assert!(!w.push(false, &rule));
        for _ in 0..9 {
            assert!(!w.push(true, &rule));
        }
        // The first failure leaves as this one arrives: still one in ten.
        assert!(!w.push(false, &rule));
        assert!(w.push(false, &rule));
    }
}
