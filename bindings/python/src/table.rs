//! The reference's properties, one row each: the single source of the
//! Python class's `get_x`/`set_x`/`x = property(...)` attributes and of the
//! `.pyi` stub (`tools/gen_stub.py` reads this table through
//! `_native.property_table()`).
//!
//! A row either reaches the facade (`Access::Native`) or refuses with the
//! reason (`Access::Refused`): certificate store names, the client
//! certificate and the proxy wait for `StdClient` to expose them (each
//! becomes a one-line `get!`/`set!` row when it does). The TLS read-outs
//! come from [`TlsProperties`](threeds_std::TlsProperties).

use threeds_core::client::error::ErrorCode;
use threeds_core::client::facade::ClientError;

use threeds_std::certs::StoreType;
use threeds_std::{CertStoreProperties as _, TlsProperties as _};
use zeroize::Zeroizing;

use crate::events::PyEvents;

/// The facade the binding drives.
pub type Inner = threeds_std::StdClient<PyEvents>;

/// A certificate store as the reference sets it, property by property;
/// setting the matching `*_subject` opens it and selects the certificate.
#[derive(Debug, Clone)]
pub struct Store {
    /// `*_store`: the store's bytes, or a file name for the `*File` types.
    pub store: Vec<u8>,
    /// `*_store_type`: a reference store type code.
    pub store_type: u32,
    /// `*_store_password`.
    pub password: Zeroizing<String>,
}

impl Default for Store {
    /// Auto-detected type (the reference's default, 0, names a Windows
    /// user store, which does not exist here).
    fn default() -> Self {
        Self {
            store: Vec::new(),
            store_type: StoreType::Auto.code(),
            password: Zeroizing::new(String::new()),
        }
    }
}

impl Store {
    fn kind(&self, name: &str) -> Result<StoreType, ClientError> {
        StoreType::from_code(self.store_type).ok_or_else(|| ClientError {
            code: ErrorCode::InvalidCertificate,
            message: format!(
                "{name}_store_type {} is not supported here (2, 3, 6-9, 11, 12, 18, 19 or 99)",
                self.store_type
            ),
        })
    }
}

/// What the property rows read and write: the facade, and the stores the
/// reference configures before selecting a certificate from them.
pub struct Native {
    /// The facade.
    pub client: Inner,
    /// `directory_server_cert_store*`.
    pub ds_store: Store,
    /// `ssl_accept_server_cert_store*`.
    pub accept_store: Store,
}

impl Native {
    /// A fresh client state around `client`.
    pub fn new(client: Inner) -> Self {
        Self {
            client,
            ds_store: Store::default(),
            accept_store: Store::default(),
        }
    }

    /// `directory_server_cert_subject = subject`: the DS certificate from the store.
    fn select_ds_cert(&mut self, subject: &str) -> Result<(), ClientError> {
        let kind = self.ds_store.kind("directory_server_cert")?;
        self.client.set_directory_server_cert_store(
            kind,
            &self.ds_store.store,
            &self.ds_store.password,
            subject,
        )
    }

    /// `ssl_accept_server_cert_subject = subject`: the accepted TLS
    /// certificate from the store.
    fn select_accept_cert(&mut self, subject: &str) -> Result<(), ClientError> {
        let kind = self.accept_store.kind("ssl_accept_server_cert")?;
        self.client
            .set_ssl_accept_server_cert_store(
                kind,
                &self.accept_store.store,
                &self.accept_store.password,
                subject,
            )
            .map_err(|e| cert_error("ssl_accept_server_cert_subject", &e))
    }
}

/// The Python type of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `str`
    Str,
    /// `int`
    Int,
    /// `bool`
    Bool,
    /// `bytes`
    Bytes,
}

impl Kind {
    /// The Python annotation.
    pub const fn python(self) -> &'static str {
        match self {
            Kind::Str => "str",
            Kind::Int => "int",
            Kind::Bool => "bool",
            Kind::Bytes => "bytes",
        }
    }
}

/// A property value crossing the binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `str`
    Str(String),
    /// `int`
    Int(i64),
    /// `bool`
    Bool(bool),
    /// `bytes`
    Bytes(Vec<u8>),
}

fn invalid(expected: &str) -> ClientError {
    ClientError {
        code: ErrorCode::InvalidOperation,
        message: format!("invalid value: expected {expected}"),
    }
}

impl Value {
    /// The text of a `str` value.
    pub fn text(self) -> Result<String, ClientError> {
        match self {
            Value::Str(s) => Ok(s),
            _ => Err(invalid("str")),
        }
    }
    /// An `int` value in the facade's integer type.
    pub fn int<T: TryFrom<i64>>(self) -> Result<T, ClientError> {
        match self {
            Value::Int(n) => T::try_from(n).map_err(|_| invalid("an int in range")),
            _ => Err(invalid("int")),
        }
    }
    /// A `bool` value.
    pub fn flag(self) -> Result<bool, ClientError> {
        match self {
            Value::Bool(b) => Ok(b),
            _ => Err(invalid("bool")),
        }
    }
    /// The bytes of a `bytes` value.
    pub fn data(self) -> Result<Vec<u8>, ClientError> {
        match self {
            Value::Bytes(b) => Ok(b),
            _ => Err(invalid("bytes")),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<Vec<u8>> for Value {
    fn from(b: Vec<u8>) -> Self {
        Value::Bytes(b)
    }
}
impl From<&[u8]> for Value {
    fn from(b: &[u8]) -> Self {
        Value::Bytes(b.to_vec())
    }
}
macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                // Every facade integer fits an i64 (u32 at most; counts are small).
                Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_value!(u8, u16, u32, usize, i32);

/// What a facade setter returns: `()` or a result.
pub trait SetResult {
    /// As the binding's result.
    fn into_result(self) -> Result<(), ClientError>;
}
impl SetResult for () {
    fn into_result(self) -> Result<(), ClientError> {
        Ok(())
    }
}
impl<E: Into<ClientError>> SetResult for Result<(), E> {
    fn into_result(self) -> Result<(), ClientError> {
        self.map_err(Into::into)
    }
}

/// Reads a property (unindexed properties ignore the index).
pub type Getter = fn(&Native, usize) -> Result<Value, ClientError>;
/// Writes a property.
pub type Setter = fn(&mut Native, usize, Value) -> Result<(), ClientError>;

/// How a name is provided.
#[derive(Debug, Clone, Copy)]
pub enum Access<F> {
    /// By the facade.
    Native(F),
    /// Not provided: raises `ThreeDSError` (603) with this reason.
    Refused(&'static str),
}

/// One property of the reference.
#[derive(Debug, Clone, Copy)]
pub struct Prop {
    /// The reference's name.
    pub name: &'static str,
    /// Its Python type.
    pub kind: Kind,
    /// The index parameter's name, for indexed properties.
    pub index: Option<&'static str>,
    /// The getter.
    pub get: Access<Getter>,
    /// The setter; `None` where the reference declares the property read-only.
    pub set: Option<Access<Setter>>,
}

const fn prop(
    name: &'static str,
    kind: Kind,
    index: Option<&'static str>,
    get: Access<Getter>,
    set: Option<Access<Setter>>,
) -> Prop {
    Prop {
        name,
        kind,
        index,
        get,
        set,
    }
}

macro_rules! get {
    (|$c:ident| $e:expr) => {
        Access::Native(|n: &Native, _: usize| {
            let $c = &n.client;
            Ok(Value::from($e))
        })
    };
    (|$c:ident, $i:ident| $e:expr) => {
        Access::Native(|n: &Native, $i: usize| {
            let $c = &n.client;
            Ok(Value::from($e))
        })
    };
}

macro_rules! set {
    (|$c:ident, $v:ident| $e:expr) => {
        Some(Access::Native(|n: &mut Native, _: usize, $v: Value| {
            let $c = &mut n.client;
            SetResult::into_result($e)
        }))
    };
    (|$c:ident, $i:ident, $v:ident| $e:expr) => {
        Some(Access::Native(|n: &mut Native, $i: usize, $v: Value| {
            let $c = &mut n.client;
            SetResult::into_result($e)
        }))
    };
}

/// The ACS roots from a store: the reference selects one certificate per
/// index, the std client adds a whole store at once.
pub const ACS_ROOT_STORE: &str = "per-index ACS root stores are not exposed by this version's \
StdClient (it adds a whole store at once); set acs_root_cert_encoded[i] to each certificate \
(PEM, Base64 or DER)";
/// The server's certificate comes from the handshake.
pub const SERVER_CERT_NO_STORE: &str = "the server's certificate comes from the TLS handshake, \
not from a store: read ssl_server_cert_encoded";
/// A subject selects a certificate inside a store in the reference.
pub const SUBJECT_READ_ONLY: &str = "the subject selects a certificate inside a store in the \
reference; here it is read from the certificate: set the matching *_encoded property instead";
/// Proxy settings: wired when `StdClient` exposes them.
pub const PENDING_PROXY: &str = "proxy settings are not exposed by this version's StdClient yet \
(the HTTPS transport supports them; the binding wires them when StdClient does)";
/// The client certificate (mutual TLS): the transport cannot present one yet.
pub const PENDING_TLS_SETTINGS: &str = "TLS client certificates (ssl_cert_*) are not exposed by \
this version's StdClient yet; an ACS requiring mutual TLS cannot be reached";
/// A server's private key never leaves the server.
pub const NO_SERVER_PRIVATE_KEY: &str = "a server certificate's private key is never available \
to the client";

/// The DER bytes of a certificate, empty without one (the reference's
/// `*_encoded` read-outs).
fn der_of(cert: Option<threeds_std::certs::Certificate>) -> Vec<u8> {
    cert.map(|c| c.der().to_vec()).unwrap_or_default()
}

/// 602 for a certificate value that holds no certificate.
fn cert_error(name: &str, e: &threeds_std::certs::CertError) -> ClientError {
    ClientError {
        code: ErrorCode::InvalidCertificate,
        message: format!("{name}: {e}"),
    }
}

/// Every property of the reference, in its order.
pub static PROPERTIES: &[Prop] = &[
    prop("acshtml", Kind::Str, None, get!(|c| c.acshtml()), None),
    prop(
        "acshtml_refresh",
        Kind::Str,
        None,
        get!(|c| c.acshtml_refresh()),
        None,
    ),
    prop(
        "acs_root_cert_count",
        Kind::Int,
        None,
        get!(|c| c.acs_root_cert_count()),
        set!(|c, v| c.set_acs_root_cert_count(v.int()?)),
    ),
    prop(
        "acs_root_cert_store",
        Kind::Bytes,
        Some("acs_root_cert_index"),
        Access::Refused(ACS_ROOT_STORE),
        Some(Access::Refused(ACS_ROOT_STORE)),
    ),
    prop(
        "acs_root_cert_store_password",
        Kind::Str,
        Some("acs_root_cert_index"),
        Access::Refused(ACS_ROOT_STORE),
        Some(Access::Refused(ACS_ROOT_STORE)),
    ),
    prop(
        "acs_root_cert_store_type",
        Kind::Int,
        Some("acs_root_cert_index"),
        Access::Refused(ACS_ROOT_STORE),
        Some(Access::Refused(ACS_ROOT_STORE)),
    ),
    prop(
        "acs_root_cert_subject",
        Kind::Str,
        Some("acs_root_cert_index"),
        get!(|c, i| c.acs_root_cert_subject(i)?),
        Some(Access::Refused(SUBJECT_READ_ONLY)),
    ),
    prop(
        "acs_root_cert_encoded",
        Kind::Bytes,
        Some("acs_root_cert_index"),
        get!(|c, i| c.acs_root_cert_encoded(i)?),
        set!(|c, i, v| c.set_acs_root_cert_encoded(i, &v.data()?)),
    ),
    prop(
        "acsui_type",
        Kind::Int,
        None,
        get!(|c| c.acsui_type()),
        None,
    ),
    prop(
        "challenge_additional_information",
        Kind::Str,
        None,
        get!(|c| c.challenge_additional_information()),
        None,
    ),
    prop(
        "challenge_additional_label",
        Kind::Str,
        None,
        get!(|c| c.challenge_additional_label()),
        None,
    ),
    prop(
        "challenge_cancellation_indicator",
        Kind::Str,
        None,
        get!(|c| c.challenge_cancellation_indicator()),
        set!(|c, v| c.set_challenge_cancellation_indicator(&v.text()?)),
    ),
    prop(
        "challenge_complete",
        Kind::Bool,
        None,
        get!(|c| c.challenge_complete()),
        None,
    ),
    prop(
        "challenge_data_entry",
        Kind::Str,
        None,
        get!(|c| c.challenge_data_entry()),
        set!(|c, v| c.set_challenge_data_entry(&v.text()?)),
    ),
    prop(
        "challenge_data_entry_two",
        Kind::Str,
        None,
        get!(|c| c.challenge_data_entry_two()),
        set!(|c, v| c.set_challenge_data_entry_two(&v.text()?)),
    ),
    prop(
        "challenge_entry_box_autofill",
        Kind::Bool,
        None,
        get!(|c| c.challenge_entry_box_autofill()),
        None,
    ),
    prop(
        "challenge_entry_box_autofill_type",
        Kind::Int,
        None,
        get!(|c| c.challenge_entry_box_autofill_type()),
        None,
    ),
    prop(
        "challenge_entry_box_keyboard_type",
        Kind::Int,
        None,
        get!(|c| c.challenge_entry_box_keyboard_type()),
        None,
    ),
    prop(
        "challenge_entry_box_label",
        Kind::Str,
        None,
        get!(|c| c.challenge_entry_box_label()),
        None,
    ),
    prop(
        "challenge_entry_box_length_max",
        Kind::Int,
        None,
        get!(|c| c.challenge_entry_box_length_max()),
        None,
    ),
    prop(
        "challenge_entry_box_masking",
        Kind::Bool,
        None,
        get!(|c| c.challenge_entry_box_masking()),
        None,
    ),
    prop(
        "challenge_entry_box_masking_toggle",
        Kind::Bool,
        None,
        get!(|c| c.challenge_entry_box_masking_toggle()),
        None,
    ),
    prop(
        "challenge_entry_box_two_autofill",
        Kind::Bool,
        None,
        get!(|c| c.challenge_entry_box_two_autofill()),
        None,
    ),
    prop(
        "challenge_entry_box_two_autofill_type",
        Kind::Int,
        None,
        get!(|c| c.challenge_entry_box_two_autofill_type()),
        None,
    ),
    prop(
        "challenge_entry_box_two_keyboard_type",
        Kind::Int,
        None,
        get!(|c| c.challenge_entry_box_two_keyboard_type()),
        None,
    ),
    prop(
        "challenge_entry_box_two_label",
        Kind::Str,
        None,
        get!(|c| c.challenge_entry_box_two_label()),
        None,
    ),
    prop(
        "challenge_entry_box_two_length_max",
        Kind::Int,
        None,
        get!(|c| c.challenge_entry_box_two_length_max()),
        None,
    ),
    prop(
        "challenge_entry_box_two_masking",
        Kind::Bool,
        None,
        get!(|c| c.challenge_entry_box_two_masking()),
        None,
    ),
    prop(
        "challenge_entry_box_two_masking_toggle",
        Kind::Bool,
        None,
        get!(|c| c.challenge_entry_box_two_masking_toggle()),
        None,
    ),
    prop(
        "challenge_info_header",
        Kind::Str,
        None,
        get!(|c| c.challenge_info_header()),
        None,
    ),
    prop(
        "challenge_info_label",
        Kind::Str,
        None,
        get!(|c| c.challenge_info_label()),
        None,
    ),
    prop(
        "challenge_info_text",
        Kind::Str,
        None,
        get!(|c| c.challenge_info_text()),
        None,
    ),
    prop(
        "challenge_select_info_count",
        Kind::Int,
        None,
        get!(|c| c.challenge_select_info_count()),
        None,
    ),
    prop(
        "challenge_select_info_name",
        Kind::Str,
        Some("challenge_select_info_index"),
        get!(|c, i| c.challenge_select_info_name(i)?),
        None,
    ),
    prop(
        "challenge_select_info_value",
        Kind::Str,
        Some("challenge_select_info_index"),
        get!(|c, i| c.challenge_select_info_value(i)?),
        None,
    ),
    prop(
        "data_packet_out",
        Kind::Str,
        None,
        get!(|c| c.data_packet_out()),
        None,
    ),
    prop(
        "device_binding_data_entry",
        Kind::Bool,
        None,
        get!(|c| c.device_binding_data_entry()),
        set!(|c, v| c.set_device_binding_data_entry(v.flag()?)),
    ),
    prop(
        "device_binding_information_text",
        Kind::Str,
        None,
        get!(|c| c.device_binding_information_text()),
        None,
    ),
    prop(
        "device_param_count",
        Kind::Int,
        None,
        get!(|c| c.device_param_count()),
        set!(|c, v| c.set_device_param_count(v.int()?)),
    ),
    prop(
        "device_param_category",
        Kind::Int,
        Some("device_param_index"),
        get!(|c, i| c.device_param_category(i)?),
        set!(|c, i, v| c.set_device_param_category(i, v.int()?)),
    ),
    prop(
        "device_param_field_name",
        Kind::Str,
        Some("device_param_index"),
        get!(|c, i| c.device_param_field_name(i)?),
        set!(|c, i, v| c.set_device_param_field_name(i, &v.text()?)),
    ),
    prop(
        "device_param_value",
        Kind::Str,
        Some("device_param_index"),
        get!(|c, i| c.device_param_value(i)?),
        set!(|c, i, v| c.set_device_param_value(i, &v.text()?)),
    ),
    prop(
        "device_param_value_type",
        Kind::Int,
        Some("device_param_index"),
        get!(|c, i| c.device_param_value_type(i)?),
        set!(|c, i, v| c.set_device_param_value_type(i, v.int()?)),
    ),
    prop(
        "directory_server_cert_store",
        Kind::Bytes,
        None,
        Access::Native(|n: &Native, _: usize| Ok(Value::from(n.ds_store.store.clone()))),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.ds_store.store = v.data()?;
            Ok(())
        })),
    ),
    prop(
        "directory_server_cert_store_password",
        Kind::Str,
        None,
        Access::Native(|n: &Native, _: usize| Ok(Value::from(n.ds_store.password.as_str()))),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.ds_store.password = Zeroizing::new(v.text()?);
            Ok(())
        })),
    ),
    prop(
        "directory_server_cert_store_type",
        Kind::Int,
        None,
        Access::Native(|n: &Native, _: usize| Ok(Value::from(n.ds_store.store_type))),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.ds_store.store_type = v.int()?;
            Ok(())
        })),
    ),
    prop(
        "directory_server_cert_subject",
        Kind::Str,
        None,
        get!(|c| c.directory_server_cert_subject()),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.select_ds_cert(&v.text()?)
        })),
    ),
    prop(
        "directory_server_cert_encoded",
        Kind::Bytes,
        None,
        get!(|c| c.directory_server_cert_encoded()),
        set!(|c, v| c.set_directory_server_cert_encoded(&v.data()?)),
    ),
    prop(
        "directory_server_id",
        Kind::Str,
        None,
        get!(|c| c.directory_server_id()),
        set!(|c, v| c.set_directory_server_id(&v.text()?)),
    ),
    prop(
        "directory_server_key_id",
        Kind::Str,
        None,
        get!(|c| c.directory_server_key_id()),
        set!(|c, v| c.set_directory_server_key_id(&v.text()?)),
    ),
    prop(
        "enable_challenge_info_text_indicator",
        Kind::Bool,
        None,
        get!(|c| c.enable_challenge_info_text_indicator()),
        None,
    ),
    prop(
        "error_packet",
        Kind::Str,
        None,
        get!(|c| c.error_packet()),
        None,
    ),
    prop(
        "expandable_information_label",
        Kind::Str,
        None,
        get!(|c| c.expandable_information_label()),
        None,
    ),
    prop(
        "expandable_information_text",
        Kind::Str,
        None,
        get!(|c| c.expandable_information_text()),
        None,
    ),
    prop(
        "extension_count",
        Kind::Int,
        None,
        get!(|c| c.extension_count()),
        set!(|c, v| c.set_extension_count(v.int()?)),
    ),
    prop(
        "extension_critical",
        Kind::Bool,
        Some("extension_index"),
        get!(|c, i| c.extension_critical(i)?),
        set!(|c, i, v| c.set_extension_critical(i, v.flag()?)),
    ),
    prop(
        "extension_data",
        Kind::Str,
        Some("extension_index"),
        get!(|c, i| c.extension_data(i)?),
        set!(|c, i, v| c.set_extension_data(i, &v.text()?)),
    ),
    prop(
        "extension_id",
        Kind::Str,
        Some("extension_index"),
        get!(|c, i| c.extension_id(i)?),
        set!(|c, i, v| c.set_extension_id(i, &v.text()?)),
    ),
    prop(
        "extension_name",
        Kind::Str,
        Some("extension_index"),
        get!(|c, i| c.extension_name(i)?),
        set!(|c, i, v| c.set_extension_name(i, &v.text()?)),
    ),
    prop(
        "issuer_image1",
        Kind::Str,
        None,
        get!(|c| c.issuer_image1()),
        None,
    ),
    prop(
        "issuer_image2",
        Kind::Str,
        None,
        get!(|c| c.issuer_image2()),
        None,
    ),
    prop(
        "issuer_image3",
        Kind::Str,
        None,
        get!(|c| c.issuer_image3()),
        None,
    ),
    prop(
        "message_version",
        Kind::Str,
        None,
        get!(|c| c.message_version()),
        set!(|c, v| c.set_message_version(&v.text()?)),
    ),
    prop(
        "oob_app_label",
        Kind::Str,
        None,
        get!(|c| c.oob_app_label()),
        None,
    ),
    prop(
        "oob_app_status",
        Kind::Int,
        None,
        get!(|c| c.oob_app_status()),
        set!(|c, v| c.set_oob_app_status(v.int()?)),
    ),
    prop(
        "oob_app_url",
        Kind::Str,
        None,
        get!(|c| c.oob_app_url()),
        None,
    ),
    prop(
        "oob_app_url_indicator",
        Kind::Int,
        None,
        get!(|c| c.oob_app_url_indicator()),
        set!(|c, v| c.set_oob_app_url_indicator(v.int()?)),
    ),
    prop(
        "oob_continuation_indicator",
        Kind::Int,
        None,
        get!(|c| c.oob_continuation_indicator()),
        set!(|c, v| c.set_oob_continuation_indicator(v.int()?)),
    ),
    prop(
        "oob_continue_label",
        Kind::Str,
        None,
        get!(|c| c.oob_continue_label()),
        None,
    ),
    prop(
        "payment_system_image1",
        Kind::Str,
        None,
        get!(|c| c.payment_system_image1()),
        None,
    ),
    prop(
        "payment_system_image2",
        Kind::Str,
        None,
        get!(|c| c.payment_system_image2()),
        None,
    ),
    prop(
        "payment_system_image3",
        Kind::Str,
        None,
        get!(|c| c.payment_system_image3()),
        None,
    ),
    prop(
        "proxy_auth_scheme",
        Kind::Int,
        None,
        Access::Refused(PENDING_PROXY),
        Some(Access::Refused(PENDING_PROXY)),
    ),
    prop(
        "proxy_auto_detect",
        Kind::Bool,
        None,
        Access::Refused(PENDING_PROXY),
        Some(Access::Refused(PENDING_PROXY)),
    ),
    prop(
        "proxy_password",
        Kind::Str,
        None,
        Access::Refused(PENDING_PROXY),
        Some(Access::Refused(PENDING_PROXY)),
    ),
    prop(
        "proxy_port",
        Kind::Int,
        None,
        Access::Refused(PENDING_PROXY),
        Some(Access::Refused(PENDING_PROXY)),
    ),
    prop(
        "proxy_server",
        Kind::Str,
        None,
        Access::Refused(PENDING_PROXY),
        Some(Access::Refused(PENDING_PROXY)),
    ),
    prop(
        "proxy_ssl",
        Kind::Int,
        None,
        Access::Refused(PENDING_PROXY),
        Some(Access::Refused(PENDING_PROXY)),
    ),
    prop(
        "proxy_user",
        Kind::Str,
        None,
        Access::Refused(PENDING_PROXY),
        Some(Access::Refused(PENDING_PROXY)),
    ),
    prop(
        "requestor_app_url",
        Kind::Str,
        None,
        get!(|c| c.requestor_app_url()),
        set!(|c, v| c.set_requestor_app_url(&v.text()?)),
    ),
    prop(
        "resend_information_label",
        Kind::Str,
        None,
        get!(|c| c.resend_information_label()),
        None,
    ),
    prop(
        "sdk_app_id",
        Kind::Str,
        None,
        get!(|c| c.sdk_app_id()),
        set!(|c, v| c.set_sdk_app_id(&v.text()?)),
    ),
    prop(
        "sdk_transaction_id",
        Kind::Str,
        None,
        get!(|c| c.sdk_transaction_id()),
        set!(|c, v| c.set_sdk_transaction_id(&v.text()?)),
    ),
    prop(
        "ssl_accept_server_cert_effective_date",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_effective_date()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_expiration_date",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_expiration_date()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_extended_key_usage",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_extended_key_usage()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_fingerprint",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_fingerprint()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_fingerprint_sha1",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_fingerprint_sha1()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_fingerprint_sha256",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_fingerprint_sha256()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_issuer",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_issuer()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_private_key",
        Kind::Str,
        None,
        Access::Refused(NO_SERVER_PRIVATE_KEY),
        None,
    ),
    prop(
        "ssl_accept_server_cert_private_key_available",
        Kind::Bool,
        None,
        Access::Refused(NO_SERVER_PRIVATE_KEY),
        None,
    ),
    prop(
        "ssl_accept_server_cert_private_key_container",
        Kind::Str,
        None,
        Access::Refused(NO_SERVER_PRIVATE_KEY),
        None,
    ),
    prop(
        "ssl_accept_server_cert_public_key",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_public_key()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_public_key_algorithm",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_public_key_algorithm()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_public_key_length",
        Kind::Int,
        None,
        get!(|c| c.ssl_accept_server_cert_public_key_length()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_serial_number",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_serial_number()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_signature_algorithm",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_signature_algorithm()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_store",
        Kind::Bytes,
        None,
        Access::Native(|n: &Native, _: usize| Ok(Value::from(n.accept_store.store.clone()))),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.accept_store.store = v.data()?;
            Ok(())
        })),
    ),
    prop(
        "ssl_accept_server_cert_store_password",
        Kind::Str,
        None,
        Access::Native(|n: &Native, _: usize| Ok(Value::from(n.accept_store.password.as_str()))),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.accept_store.password = Zeroizing::new(v.text()?);
            Ok(())
        })),
    ),
    prop(
        "ssl_accept_server_cert_store_type",
        Kind::Int,
        None,
        Access::Native(|n: &Native, _: usize| Ok(Value::from(n.accept_store.store_type))),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.accept_store.store_type = v.int()?;
            Ok(())
        })),
    ),
    prop(
        "ssl_accept_server_cert_subject_alt_names",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_subject_alt_names()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_thumbprint_md5",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_thumbprint_md5()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_thumbprint_sha1",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_thumbprint_sha1()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_thumbprint_sha256",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_thumbprint_sha256()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_usage",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_usage()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_usage_flags",
        Kind::Int,
        None,
        get!(|c| c.ssl_accept_server_cert_usage_flags()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_version",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_version()),
        None,
    ),
    prop(
        "ssl_accept_server_cert_subject",
        Kind::Str,
        None,
        get!(|c| c.ssl_accept_server_cert_subject()),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.select_accept_cert(&v.text()?)
        })),
    ),
    prop(
        "ssl_accept_server_cert_encoded",
        Kind::Bytes,
        None,
        get!(|c| der_of(c.ssl_accept_server_cert())),
        set!(|c, v| c
            .set_ssl_accept_server_cert_encoded(&v.data()?)
            .map_err(|e| cert_error("ssl_accept_server_cert_encoded", &e))),
    ),
    prop(
        "ssl_cert_effective_date",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_expiration_date",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_extended_key_usage",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_fingerprint",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_fingerprint_sha1",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_fingerprint_sha256",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_issuer",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_private_key",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_private_key_available",
        Kind::Bool,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_private_key_container",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_public_key",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_public_key_algorithm",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_public_key_length",
        Kind::Int,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_serial_number",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_signature_algorithm",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_store",
        Kind::Bytes,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        Some(Access::Refused(PENDING_TLS_SETTINGS)),
    ),
    prop(
        "ssl_cert_store_password",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        Some(Access::Refused(PENDING_TLS_SETTINGS)),
    ),
    prop(
        "ssl_cert_store_type",
        Kind::Int,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        Some(Access::Refused(PENDING_TLS_SETTINGS)),
    ),
    prop(
        "ssl_cert_subject_alt_names",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_thumbprint_md5",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_thumbprint_sha1",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_thumbprint_sha256",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_usage",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_usage_flags",
        Kind::Int,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_version",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        None,
    ),
    prop(
        "ssl_cert_subject",
        Kind::Str,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        Some(Access::Refused(PENDING_TLS_SETTINGS)),
    ),
    prop(
        "ssl_cert_encoded",
        Kind::Bytes,
        None,
        Access::Refused(PENDING_TLS_SETTINGS),
        Some(Access::Refused(PENDING_TLS_SETTINGS)),
    ),
    prop(
        "ssl_server_cert_effective_date",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_effective_date()),
        None,
    ),
    prop(
        "ssl_server_cert_expiration_date",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_expiration_date()),
        None,
    ),
    prop(
        "ssl_server_cert_extended_key_usage",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_extended_key_usage()),
        None,
    ),
    prop(
        "ssl_server_cert_fingerprint",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_fingerprint()),
        None,
    ),
    prop(
        "ssl_server_cert_fingerprint_sha1",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_fingerprint_sha1()),
        None,
    ),
    prop(
        "ssl_server_cert_fingerprint_sha256",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_fingerprint_sha256()),
        None,
    ),
    prop(
        "ssl_server_cert_issuer",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_issuer()),
        None,
    ),
    prop(
        "ssl_server_cert_private_key",
        Kind::Str,
        None,
        Access::Refused(NO_SERVER_PRIVATE_KEY),
        None,
    ),
    prop(
        "ssl_server_cert_private_key_available",
        Kind::Bool,
        None,
        Access::Refused(NO_SERVER_PRIVATE_KEY),
        None,
    ),
    prop(
        "ssl_server_cert_private_key_container",
        Kind::Str,
        None,
        Access::Refused(NO_SERVER_PRIVATE_KEY),
        None,
    ),
    prop(
        "ssl_server_cert_public_key",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_public_key()),
        None,
    ),
    prop(
        "ssl_server_cert_public_key_algorithm",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_public_key_algorithm()),
        None,
    ),
    prop(
        "ssl_server_cert_public_key_length",
        Kind::Int,
        None,
        get!(|c| c.ssl_server_cert_public_key_length()),
        None,
    ),
    prop(
        "ssl_server_cert_serial_number",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_serial_number()),
        None,
    ),
    prop(
        "ssl_server_cert_signature_algorithm",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_signature_algorithm()),
        None,
    ),
    prop(
        "ssl_server_cert_store",
        Kind::Bytes,
        None,
        Access::Refused(SERVER_CERT_NO_STORE),
        None,
    ),
    prop(
        "ssl_server_cert_store_password",
        Kind::Str,
        None,
        Access::Refused(SERVER_CERT_NO_STORE),
        None,
    ),
    prop(
        "ssl_server_cert_store_type",
        Kind::Int,
        None,
        Access::Refused(SERVER_CERT_NO_STORE),
        None,
    ),
    prop(
        "ssl_server_cert_subject_alt_names",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_subject_alt_names()),
        None,
    ),
    prop(
        "ssl_server_cert_thumbprint_md5",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_thumbprint_md5()),
        None,
    ),
    prop(
        "ssl_server_cert_thumbprint_sha1",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_thumbprint_sha1()),
        None,
    ),
    prop(
        "ssl_server_cert_thumbprint_sha256",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_thumbprint_sha256()),
        None,
    ),
    prop(
        "ssl_server_cert_usage",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_usage()),
        None,
    ),
    prop(
        "ssl_server_cert_usage_flags",
        Kind::Int,
        None,
        get!(|c| c.ssl_server_cert_usage_flags()),
        None,
    ),
    prop(
        "ssl_server_cert_version",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_version()),
        None,
    ),
    prop(
        "ssl_server_cert_subject",
        Kind::Str,
        None,
        get!(|c| c.ssl_server_cert_subject()),
        None,
    ),
    prop(
        "ssl_server_cert_encoded",
        Kind::Bytes,
        None,
        get!(|c| der_of(c.ssl_server_cert())),
        None,
    ),
    prop(
        "submit_authentication_label",
        Kind::Str,
        None,
        get!(|c| c.submit_authentication_label()),
        None,
    ),
    prop(
        "timeout",
        Kind::Int,
        None,
        get!(|c| c.timeout()),
        set!(|c, v| c.set_timeout(v.int()?)),
    ),
    prop(
        "toggle_position_indicator",
        Kind::Int,
        None,
        get!(|c| c.toggle_position_indicator()),
        None,
    ),
    prop(
        "transaction_status",
        Kind::Str,
        None,
        get!(|c| c.transaction_status()),
        None,
    ),
    prop(
        "use_additional_challenge",
        Kind::Bool,
        None,
        get!(|c| c.use_additional_challenge()),
        set!(|c, v| c.set_use_additional_challenge(v.flag()?)),
    ),
    prop(
        "use_information_continuation",
        Kind::Bool,
        None,
        get!(|c| c.use_information_continuation()),
        set!(|c, v| c.set_use_information_continuation(v.flag()?)),
    ),
    prop(
        "whitelisting_data_entry",
        Kind::Bool,
        None,
        get!(|c| c.whitelisting_data_entry()),
        set!(|c, v| c.set_whitelisting_data_entry(v.flag()?)),
    ),
    prop(
        "whitelisting_information_text",
        Kind::Str,
        None,
        get!(|c| c.whitelisting_information_text()),
        None,
    ),
    prop(
        "why_information_label",
        Kind::Str,
        None,
        get!(|c| c.why_information_label()),
        None,
    ),
    prop(
        "why_information_text",
        Kind::Str,
        None,
        get!(|c| c.why_information_text()),
        None,
    ),
];

/// The row of a property.
pub fn find(name: &str) -> Option<&'static Prop> {
    PROPERTIES.iter().find(|p| p.name == name)
}
