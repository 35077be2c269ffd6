//! The events the facade fires, with the reference's log levels and types.
//!
//! Every method has a no-op default, so an application implements only what
//! it listens to. Log lines reach [`ClientEvents::on_log`] only through
//! [`super::log::Logger`], which applies `LogLevel` and `MaskSensitive`.

/// The `LogLevel` setting and the `LogType` of a line are the log
/// machinery's ([`crate::log_line`]), shared with the CLI and firmware.
pub use crate::log_line::{LogLevel, LogType};

/// What `on_ssl_server_authentication` is told about the server's
/// certificate: the transport port's type (one definition for both).
pub use crate::platform::ServerCertificate;

/// The class's events. All methods default to doing nothing.
pub trait ClientEvents {
    /// One log line; `message` has already been masked as `MaskSensitive` requires.
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        let _ = (level, log_type, message);
    }
    /// A data packet was received (for encrypted packets: the encrypted bytes).
    fn on_data_packet_in(&mut self, data_packet: &[u8]) {
        let _ = data_packet;
    }
    /// A data packet is about to be sent (always unmasked, as in the reference).
    fn on_data_packet_out(&mut self, data_packet: &[u8]) {
        let _ = data_packet;
    }
    /// An error occurred while processing a message.
    fn on_error(&mut self, error_code: u16, description: &str) {
        let _ = (error_code, description);
    }
    /// The TLS server presented its certificate. `accept` holds the
    /// verification result; set it to `true` to accept anyway, `false` to refuse.
    fn on_ssl_server_authentication(&mut self, cert: &ServerCertificate<'_>, accept: &mut bool) {
        let _ = (cert, accept);
    }
    /// A TLS progress message.
    fn on_ssl_status(&mut self, message: &str) {
        let _ = message;
    }
}

/// An event sink that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEvents;

impl ClientEvents for NoEvents {}
