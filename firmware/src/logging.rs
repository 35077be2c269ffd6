//! Feature `defmt`: the transaction logged as a terminal application would
//! log it, through `threeds_embedded::log::DefmtEvents` and the core's
//! masking `Logger`, so that the feature's cost is measured on a real run.
//!
//! What is logged (`LogLevel::Verbose`, `MaskSensitive` on): the SDK part of
//! the auth request as masked JSON (`AReq`), the ARes outcome (`ARes`), one
//! line per CReq (`CReq`) and per CRes outcome (`CRes`). defmt's `DEFMT_LOG`
//! is set to `debug` in `.cargo/config.toml`, so the Verbose lines are kept.
//!
//! The global logger counts frames and bytes instead of sending them (a
//! board would put them on RTT or a UART); `main` prints the totals.

use core::sync::atomic::{AtomicU32, Ordering};

use threeds_core::client::events::{LogLevel, LogType};
use threeds_core::client::log::{LogLine, LogLineError, Logger};
use threeds_embedded::log::DefmtEvents;

static FRAMES: AtomicU32 = AtomicU32::new(0);
static BYTES: AtomicU32 = AtomicU32::new(0);

#[defmt::global_logger]
struct Counter;

// SAFETY: single core, and nothing logs from an interrupt, so frames never
// interleave; the counters are atomics anyway.
unsafe impl defmt::Logger for Counter {
    fn acquire() {
        FRAMES.fetch_add(1, Ordering::Relaxed);
    }

    unsafe fn flush() {}

    unsafe fn release() {}

    unsafe fn write(bytes: &[u8]) {
        BYTES.fetch_add(bytes.len() as u32, Ordering::Relaxed);
    }
}

/// (frames, bytes) the logger received so far.
pub fn totals() -> (u32, u32) {
    (
        FRAMES.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    )
}

/// Line buffer: the largest line is the masked auth request (1,046 bytes of
/// JSON for `rsa-cbc`); a line that does not fit is dropped, never cut.
const LINE_LEN: usize = 1280;

/// The application's logger for one transaction.
pub struct TxnLog {
    events: DefmtEvents,
}

impl TxnLog {
    pub fn new() -> Self {
        Self {
            events: DefmtEvents::default(),
        }
    }

    fn line(
        &mut self,
        level: LogLevel,
        log_type: LogType,
        build: impl FnOnce(&mut LogLine<'_>) -> Result<(), LogLineError>,
    ) {
        let mut logger = Logger::new(&mut self.events, LogLevel::Verbose, true);
        let mut buf = [0u8; LINE_LEN];
        let _ = logger.log(level, log_type, &mut buf, build);
    }

    /// A milestone at Info.
    pub fn info(&mut self, log_type: LogType, text: &str) {
        self.line(LogLevel::Info, log_type, |l| l.text(text).map(drop));
    }

    /// A message as masked JSON at Verbose.
    pub fn json(&mut self, log_type: LogType, message: &[u8]) {
        self.line(LogLevel::Verbose, log_type, |l| l.json(message).map(drop));
    }
}
