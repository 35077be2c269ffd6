//! `TickClock` arithmetic.

use core::cell::Cell;

use threeds_core::platform::Clock;
use threeds_embedded::clock::{FnTicks, TickClock};

#[test]
fn monotonic_and_wall_time_from_ticks() {
    let ticks = Cell::new(0u64);
    let mut clock = TickClock::new(FnTicks::new(|| ticks.get(), 32_768));
    assert!(!clock.is_wall_clock_set());
    assert_eq!((clock.monotonic_ms(), clock.now_unix()), (0, 0));
    ticks.set(32_768 * 3 + 16_384); // 3.5 s after boot
    assert_eq!(clock.monotonic_ms(), 3_500);
    assert_eq!(
        clock.now_unix(),
        3,
        "without wall time: seconds since boot (1970, fails closed)"
    );
    clock.set_unix_time(1_764_000_000);
    assert!(clock.is_wall_clock_set());
    assert_eq!(clock.now_unix(), 1_764_000_000);
    ticks.set(ticks.get() + 32_768 * 60);
    assert_eq!(clock.now_unix(), 1_764_000_060);
    assert_eq!(clock.monotonic_ms(), 63_500);
}

#[test]
fn no_overflow_or_division_by_zero() {
    let clock = TickClock::new(FnTicks::new(|| u64::MAX, 1_000_000_000));
    assert_eq!(clock.monotonic_ms(), u64::MAX / 1_000_000);
    let zero = TickClock::new(FnTicks::new(|| 5, 0));
    assert_eq!((zero.monotonic_ms(), zero.now_unix()), (0, 0));
    let mut fast = TickClock::new(FnTicks::new(|| u64::MAX, 1));
    assert_eq!(fast.monotonic_ms(), u64::MAX);
    fast.set_unix_time(10);
    assert_eq!(fast.now_unix(), u64::MAX);
}
