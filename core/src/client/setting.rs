//! The names of the reference's config settings and who answers each.

use core::fmt;

/// Who holds a setting's value, and whether `config("Name=Value")` may set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKind {
    /// Held in [`super::config::Settings`]; readable and writable.
    Stored,
    /// Another name for a property (e.g. `SdkAppId` for `sdk_app_id`);
    /// answered and set by the [`super::config::SettingsBackend`].
    Property,
    /// Transaction state answered by the backend; `writable` ones may be
    /// restored when another instance continues a transaction.
    Transaction {
        /// Whether the backend accepts a new value.
        writable: bool,
    },
    /// A read-out of the element the `XPath` setting points at.
    XPathReadout,
    /// A name the reference defines that this client does not implement.
    Unsupported(&'static str),
}

const TLS: &str = "TLS is the transport's, and this transport does not implement this setting \
    (threeds_std's HttpsTransport takes SSLEnabledProtocols, SSLServerCACerts, SSLCACerts, \
    SSLCACertFilePaths and SSLKeyLogFile, and reads SSLNegotiated*)";
const OPENSSL: &str = "OpenSSL-specific; the core does not use OpenSSL";

macro_rules! settings {
    ($($variant:ident => $name:literal, $indexed:literal, $kind:expr;)*) => {
        /// A config setting of the reference (Client and SSL settings).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)] // each variant is the reference's setting of the same name
        pub enum Setting { $($variant,)* }

        impl Setting {
            /// Every setting, in the reference's order.
            pub const ALL: &'static [Setting] = &[$(Setting::$variant,)*];

            /// The name as the reference spells it (without `[i]`).
            pub const fn name(self) -> &'static str {
                match self { $(Setting::$variant => $name,)* }
            }

            /// Whether the name takes an index (`Name[i]`).
            pub const fn indexed(self) -> bool {
                match self { $(Setting::$variant => $indexed,)* }
            }

            /// Who answers the setting.
            pub const fn kind(self) -> SettingKind {
                match self { $(Setting::$variant => $kind,)* }
            }
        }
    };
}

use SettingKind::{Property, Stored, Transaction, Unsupported, XPathReadout};
const RO: SettingKind = Transaction { writable: false };
const RW: SettingKind = Transaction { writable: true };

settings! {
    AcceptAnyAcsCert => "AcceptAnyACSCert", false, Stored;
    AcsRenderingDeviceUserInterfaceMode => "ACSRenderingDeviceUserInterfaceMode", false, RO;
    AcsRenderingInterface => "ACSRenderingInterface", false, RO;
    AcsRenderingUiTemplate => "ACSRenderingUITemplate", false, RO;
    AcsSignedContent => "ACSSignedContent", false, RW;
    AcsTransactionId => "ACSTransactionId", false, RW;
    AcsUrl => "ACSURL", false, RW;
    ChallengeResponse => "ChallengeResponse", false, RO;
    ChallengeTimeRemaining => "ChallengeTimeRemaining", false, RO;
    DecoupledFallback => "DecoupledFallback", false, Stored;
    DeviceRenderingInterface => "DeviceRenderingInterface", false, Stored;
    DeviceRenderingUiType => "DeviceRenderingUIType", false, Stored;
    DsTransactionId => "DSTransactionId", false, RW;
    ErrorCode => "ErrorCode", false, RO;
    ErrorDescription => "ErrorDescription", false, RO;
    ErrorDetail => "ErrorDetail", false, RO;
    IncomingExtensionCount => "IncomingExtensionCount", false, RO;
    IncomingExtensionCritical => "IncomingExtensionCritical", true, RO;
    IncomingExtensionData => "IncomingExtensionData", true, RO;
    IncomingExtensionId => "IncomingExtensionId", true, RO;
    IncomingExtensionName => "IncomingExtensionName", true, RO;
    IncomingRawExtensions => "IncomingRawExtensions", false, RO;
    LogLevel => "LogLevel", false, Stored;
    MaskSensitive => "MaskSensitive", false, Stored;
    MerchantAppUrl => "MerchantAppURL", false, Property;
    MessageType => "MessageType", false, RO;
    OutgoingRawExtensions => "OutgoingRawExtensions", false, Stored;
    ProtocolVersion => "ProtocolVersion", false, Property;
    ResendChallengeInfo => "ResendChallengeInfo", false, Stored;
    SdkAppId => "SdkAppId", false, Property;
    SdkAuthenticationType => "SdkAuthenticationType", false, Stored;
    SdkEphemeralPrivateKey => "SDKEphemeralPrivateKey", false, RW;
    SdkEphemeralPublicKey => "SDKEphemeralPublicKey", false, RO;
    SdkMaxTimeout => "SDKMaxTimeout", false, Stored;
    SdkReferenceNumber => "SDKReferenceNumber", false, Stored;
    SdkTransactionId => "SDKTransactionId", false, Property;
    ServerTransactionId => "ServerTransactionId", false, RW;
    TransactionStatusReason => "TransactionStatusReason", false, RO;
    UseAesGcm => "UseAESGCM", false, Stored;
    XChildCount => "XChildCount", false, XPathReadout;
    XChildName => "XChildName", true, XPathReadout;
    XChildXText => "XChildXText", true, XPathReadout;
    XElement => "XElement", false, XPathReadout;
    XParent => "XParent", false, XPathReadout;
    XPath => "XPath", false, Stored;
    XSubTree => "XSubTree", false, XPathReadout;
    XText => "XText", false, XPathReadout;
    LogSslPackets => "LogSSLPackets", false, Unsupported(TLS);
    OpenSslCaDir => "OpenSSLCADir", false, Unsupported(OPENSSL);
    OpenSslCaFile => "OpenSSLCAFile", false, Unsupported(OPENSSL);
    OpenSslCipherList => "OpenSSLCipherList", false, Unsupported(OPENSSL);
    OpenSslPrngSeedData => "OpenSSLPrngSeedData", false, Unsupported(OPENSSL);
    ReuseSslSession => "ReuseSSLSession", false, Unsupported(TLS);
    SslCaCertFilePaths => "SSLCACertFilePaths", false, Unsupported(TLS);
    SslCaCerts => "SSLCACerts", false, Unsupported(TLS);
    SslCheckCrl => "SSLCheckCRL", false, Unsupported(TLS);
    SslCheckOcsp => "SSLCheckOCSP", false, Unsupported(TLS);
    SslCipherStrength => "SSLCipherStrength", false, Unsupported(TLS);
    SslClientCaCerts => "SSLClientCACerts", false, Unsupported(TLS);
    SslEnabledCipherSuites => "SSLEnabledCipherSuites", false, Unsupported(TLS);
    SslEnabledProtocols => "SSLEnabledProtocols", false, Unsupported(TLS);
    SslEnableRenegotiation => "SSLEnableRenegotiation", false, Unsupported(TLS);
    SslIncludeCertChain => "SSLIncludeCertChain", false, Unsupported(TLS);
    SslKeyLogFile => "SSLKeyLogFile", false, Unsupported(TLS);
    SslNegotiatedCipher => "SSLNegotiatedCipher", false, Unsupported(TLS);
    SslNegotiatedCipherStrength => "SSLNegotiatedCipherStrength", false, Unsupported(TLS);
    SslNegotiatedCipherSuite => "SSLNegotiatedCipherSuite", false, Unsupported(TLS);
    SslNegotiatedKeyExchange => "SSLNegotiatedKeyExchange", false, Unsupported(TLS);
    SslNegotiatedKeyExchangeStrength => "SSLNegotiatedKeyExchangeStrength", false, Unsupported(TLS);
    SslNegotiatedVersion => "SSLNegotiatedVersion", false, Unsupported(TLS);
    SslSecurityFlags => "SSLSecurityFlags", false, Unsupported(TLS);
    SslServerCaCerts => "SSLServerCACerts", false, Unsupported(TLS);
    Tls12SignatureAlgorithms => "TLS12SignatureAlgorithms", false, Unsupported(TLS);
    Tls12SupportedGroups => "TLS12SupportedGroups", false, Unsupported(TLS);
    Tls13KeyShareGroups => "TLS13KeyShareGroups", false, Unsupported(TLS);
    Tls13SignatureAlgorithms => "TLS13SignatureAlgorithms", false, Unsupported(TLS);
    Tls13SupportedGroups => "TLS13SupportedGroups", false, Unsupported(TLS);
}

impl Setting {
    /// The setting with this name, compared case-insensitively (no `[i]`).
    pub fn lookup(name: &str) -> Option<Setting> {
        Setting::ALL
            .iter()
            .copied()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
