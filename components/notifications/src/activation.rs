//! Clocks and HTML's transient user activation.
//!
//! <https://html.spec.whatwg.org/multipage/interaction.html#tracking-user-activation>

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// The default transient activation duration: HTML leaves it implementation-defined and
/// suggests "at most a few seconds".
pub const DEFAULT_TRANSIENT_ACTIVATION_DURATION: Duration = Duration::from_secs(5);

/// The two clocks the manager reads: a monotonic one for activation and timeouts, and the
/// wall clock for notification timestamps.
pub trait Clock: Send + Sync + 'static {
    /// Time since an arbitrary fixed point; never goes backwards.
    fn monotonic(&self) -> Duration;
    /// The current wall time.
    fn wall(&self) -> SystemTime;
}

/// The system's clocks.
#[derive(Debug)]
pub struct SystemClock {
    start: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock { start: Instant::now() }
    }
}

impl Clock for SystemClock {
    fn monotonic(&self) -> Duration {
        self.start.elapsed()
    }
    fn wall(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that moves only when told to: for tests of activation expiry and timestamps.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    now_ms: Arc<AtomicU64>,
}

impl ManualClock {
    pub fn new() -> ManualClock {
        ManualClock::default()
    }

    pub fn advance(&self, by: Duration) {
        self.now_ms.fetch_add(by.as_millis() as u64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn monotonic(&self) -> Duration {
        Duration::from_millis(self.now_ms.load(Ordering::SeqCst))
    }
    fn wall(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000) + self.monotonic()
    }
}

/// A global's last activation timestamp.
#[derive(Debug, Default)]
pub struct LastActivation {
    /// Milliseconds on the monotonic clock plus one; zero means "never activated"
    /// (HTML's positive infinity).
    plus_one_ms: AtomicU64,
}

impl LastActivation {
    /// Activation notification: set the last activation timestamp to `now`.
    pub fn record(&self, now: Duration) {
        self.plus_one_ms.store(now.as_millis() as u64 + 1, Ordering::SeqCst);
    }

    /// <https://html.spec.whatwg.org/multipage/interaction.html#transient-activation>
    ///
    /// A global has transient activation when the current time is greater than or equal to the
    /// last activation timestamp and less than that timestamp plus the transient activation
    /// duration.
    pub fn has_transient_activation(&self, now: Duration, duration: Duration) -> bool {
        match self.plus_one_ms.load(Ordering::SeqCst) {
            0 => false,
            plus_one => {
                let last = Duration::from_millis(plus_one - 1);
                now >= last && now - last < duration
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_expires_after_the_duration() {
        let clock = ManualClock::new();
        let activation = LastActivation::default();
        let duration = Duration::from_secs(5);
        assert!(!activation.has_transient_activation(clock.monotonic(), duration));
        clock.advance(Duration::from_secs(1));
        activation.record(clock.monotonic());
        assert!(activation.has_transient_activation(clock.monotonic(), duration));
        clock.advance(Duration::from_millis(4999));
        assert!(activation.has_transient_activation(clock.monotonic(), duration));
        clock.advance(Duration::from_millis(1));
        assert!(!activation.has_transient_activation(clock.monotonic(), duration));
    }

    #[test]
    fn activation_at_time_zero_counts() {
        let activation = LastActivation::default();
        activation.record(Duration::ZERO);
        assert!(activation.has_transient_activation(Duration::ZERO, Duration::from_secs(1)));
    }
}
