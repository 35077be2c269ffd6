//! The events the facade fires, with the reference's log levels and types.
//!
//! Every method has a no-op default, so an application implements only what
//! it listens to. Log lines reach [`ClientEvents::on_log`] only through
//! [`super::log::Logger`], which applies `LogLevel` and `MaskSensitive`.

use core::fmt;

/// The `LogLevel` setting and the level an emitted line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum LogLevel {
    /// 0: no events are logged.
    None = 0,
    /// 1 (default): informational events.
    #[default]
    Info = 1,
    /// 2: detailed data.
    Verbose = 2,
    /// 3: debug data.
    Debug = 3,
}

impl LogLevel {
    /// The level with this number (0–3).
    pub fn from_number(n: u8) -> Option<LogLevel> {
        Some(match n {
            0 => LogLevel::None,
            1 => LogLevel::Info,
            2 => LogLevel::Verbose,
            3 => LogLevel::Debug,
            _ => return None,
        })
    }

    /// The number as the reference writes it.
    pub const fn number(self) -> u8 {
        self as u8
    }
}

/// The reference's `LogType` values, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // each variant is named exactly as the string it stands for
pub enum LogType {
    Info,
    RequestHeaders,
    ResponseHeaders,
    RequestBody,
    ResponseBody,
    ProxyRequest,
    ProxyResponse,
    FirewallRequest,
    FirewallResponse,
    AReq,
    ARes,
    CReq,
    CRes,
    RReq,
    RRes,
    PReq,
    PRes,
    Erro,
    EphemeralKey,
    DeviceParams,
}

impl LogType {
    /// Every type, in the reference's order.
    pub const ALL: [LogType; 20] = [
        LogType::Info,
        LogType::RequestHeaders,
        LogType::ResponseHeaders,
        LogType::RequestBody,
        LogType::ResponseBody,
        LogType::ProxyRequest,
        LogType::ProxyResponse,
        LogType::FirewallRequest,
        LogType::FirewallResponse,
        LogType::AReq,
        LogType::ARes,
        LogType::CReq,
        LogType::CRes,
        LogType::RReq,
        LogType::RRes,
        LogType::PReq,
        LogType::PRes,
        LogType::Erro,
        LogType::EphemeralKey,
        LogType::DeviceParams,
    ];

    /// The string the reference passes as `LogType`.
    pub const fn as_str(self) -> &'static str {
        match self {
            LogType::Info => "Info",
            LogType::RequestHeaders => "RequestHeaders",
            LogType::ResponseHeaders => "ResponseHeaders",
            LogType::RequestBody => "RequestBody",
            LogType::ResponseBody => "ResponseBody",
            LogType::ProxyRequest => "ProxyRequest",
            LogType::ProxyResponse => "ProxyResponse",
            LogType::FirewallRequest => "FirewallRequest",
            LogType::FirewallResponse => "FirewallResponse",
            LogType::AReq => "AReq",
            LogType::ARes => "ARes",
            LogType::CReq => "CReq",
            LogType::CRes => "CRes",
            LogType::RReq => "RReq",
            LogType::RRes => "RRes",
            LogType::PReq => "PReq",
            LogType::PRes => "PRes",
            LogType::Erro => "Erro",
            LogType::EphemeralKey => "EphemeralKey",
            LogType::DeviceParams => "DeviceParams",
        }
    }
}

impl fmt::Display for LogType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
