//! The reference's properties, one row each: the single source of the
//! Python class's `get_x`/`set_x`/`x = property(...)` attributes and of the
//! `.pyi` stub (`tools/gen_stub.py` reads this table through
//! `_native.property_table()`).
//!
//! A row either reaches the facade (`Access::Native`) or refuses with the
//! reason (`Access::Refused`). The TLS read-outs come from
//! [`TlsProperties`](threeds_std::TlsProperties), the proxy and client
//! certificate from [`ConnectionProperties`](threeds_std::ConnectionProperties),
//! the stores from [`CertStoreProperties`](threeds_std::CertStoreProperties).

use threeds_core::client::error::ErrorCode;
use threeds_core::client::facade::ClientError;

use threeds_std::certs::StoreType;
use threeds_std::{CertStoreProperties as _, ConnectionProperties as _, TlsProperties as _};
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
    /// `ssl_cert_store*` (the client certificate's).
    pub cert_store: Store,
    /// `acs_root_cert_store*[i]`, grown as indices are set.
    pub acs_root_stores: Vec<Store>,
}

impl Native {
    /// A fresh client state around `client`.
    pub fn new(client: Inner) -> Self {
        Self {
            client,
            ds_store: Store::default(),
            accept_store: Store::default(),
            cert_store: Store::default(),
            acs_root_stores: Vec::new(),
        }
    }

    /// Forgets every store (`reset()`).
    pub fn reset_stores(&mut self) {
        self.ds_store = Store::default();
        self.accept_store = Store::default();
        self.cert_store = Store::default();
        self.acs_root_stores.clear();
    }

    /// The store of ACS root `i` (606 past `acs_root_cert_count`).
    fn acs_root_store(&self, i: usize) -> Result<Store, ClientError> {
        self.check_acs_root_index(i)?;
        Ok(self.acs_root_stores.get(i).cloned().unwrap_or_default())
    }

    /// The store of ACS root `i`, to change.
    fn acs_root_store_mut(&mut self, i: usize) -> Result<&mut Store, ClientError> {
        self.check_acs_root_index(i)?;
        if self.acs_root_stores.len() <= i {
            self.acs_root_stores.resize_with(i + 1, Store::default);
        }
        self.acs_root_stores.get_mut(i).ok_or_else(|| bad_index(i))
    }

    fn check_acs_root_index(&self, i: usize) -> Result<(), ClientError> {
        if i < self.client.acs_root_cert_count() {
            Ok(())
        } else {
            Err(bad_index(i))
        }
    }

    /// `acs_root_cert_subject[i] = subject`: ACS root `i` from its store.
    fn select_acs_root(&mut self, i: usize, subject: &str) -> Result<(), ClientError> {
        let store = self.acs_root_store(i)?;
        let kind = store.kind("acs_root_cert")?;
        self.client
            .set_acs_root_cert_store(i, kind, &store.store, &store.password, subject)
    }

    /// `ssl_cert_subject = subject`: the client certificate from the store
    /// (an empty subject removes it).
    fn select_client_cert(&mut self, subject: &str) -> Result<(), ClientError> {
        let kind = self.cert_store.kind("ssl_cert")?;
        if subject.trim().is_empty() {
            return self.client.set_ssl_cert_store(kind, b"", "", "");
        }
        if self.cert_store.store.is_empty() {
            return Err(ClientError {
                code: ErrorCode::InvalidCertificate,
                message: "ssl_cert_subject: set ssl_cert_store (and its type and password) first"
                    .into(),
            });
        }
        self.client.set_ssl_cert_store(
            kind,
            &self.cert_store.store,
            &self.cert_store.password,
            subject,
        )
    }

    /// `ssl_cert_encoded = cert`: the client certificate, its key from the
    /// store (or from the value itself).
    fn set_client_cert(&mut self, cert: &[u8]) -> Result<(), ClientError> {
        let kind = self.cert_store.kind("ssl_cert")?;
        self.client.set_ssl_cert_encoded(
            cert,
            kind,
            &self.cert_store.store,
            &self.cert_store.password,
        )
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

/// The server's certificate comes from the handshake.
pub const SERVER_CERT_NO_STORE: &str = "the server's certificate comes from the TLS handshake, \
not from a store: read ssl_server_cert_encoded";
/// The client certificate's private key stays in the transport.
pub const CLIENT_PRIVATE_KEY: &str = "the client certificate's private key stays in the TLS \
transport (no read-out); ssl_cert_private_key_available says whether one is set";
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

fn bad_index(i: usize) -> ClientError {
    ClientError {
        code: ErrorCode::InvalidIndex,
        message: format!("acs_root_cert index {i}: Invalid index."),
    }
}

/// The row of one part of a store (`store`, `password` or `store_type`),
/// kept by the binding until the matching `*_subject` (or `*_encoded`)
/// selects a certificate from it.
macro_rules! store_row {
    ($name:literal, $field:ident.store) => {
        prop(
            $name,
            Kind::Bytes,
            None,
            Access::Native(|n: &Native, _: usize| Ok(Value::from(n.$field.store.clone()))),
            Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
                n.$field.store = v.data()?;
                Ok(())
            })),
        )
    };
    ($name:literal, $field:ident.password) => {
        prop(
            $name,
            Kind::Str,
            None,
            Access::Native(|n: &Native, _: usize| Ok(Value::from(n.$field.password.as_str()))),
            Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
                n.$field.password = Zeroizing::new(v.text()?);
                Ok(())
            })),
        )
    };
    ($name:literal, $field:ident.store_type) => {
        prop(
            $name,
            Kind::Int,
            None,
            Access::Native(|n: &Native, _: usize| Ok(Value::from(n.$field.store_type))),
            Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
                n.$field.store_type = v.int()?;
                Ok(())
            })),
        )
    };
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
        Access::Native(|n: &Native, i: usize| Ok(Value::from(n.acs_root_store(i)?.store))),
        Some(Access::Native(|n: &mut Native, i: usize, v: Value| {
            n.acs_root_store_mut(i)?.store = v.data()?;
            Ok(())
        })),
    ),
    prop(
        "acs_root_cert_store_password",
        Kind::Str,
        Some("acs_root_cert_index"),
        Access::Native(|n: &Native, i: usize| {
            Ok(Value::from(n.acs_root_store(i)?.password.as_str()))
        }),
        Some(Access::Native(|n: &mut Native, i: usize, v: Value| {
            n.acs_root_store_mut(i)?.password = Zeroizing::new(v.text()?);
            Ok(())
        })),
    ),
    prop(
        "acs_root_cert_store_type",
        Kind::Int,
        Some("acs_root_cert_index"),
        Access::Native(|n: &Native, i: usize| Ok(Value::from(n.acs_root_store(i)?.store_type))),
        Some(Access::Native(|n: &mut Native, i: usize, v: Value| {
            n.acs_root_store_mut(i)?.store_type = v.int()?;
            Ok(())
        })),
    ),
    prop(
        "acs_root_cert_subject",
        Kind::Str,
        Some("acs_root_cert_index"),
        get!(|c, i| c.acs_root_cert_subject(i)?),
        Some(Access::Native(|n: &mut Native, i: usize, v: Value| {
            n.select_acs_root(i, &v.text()?)
        })),
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
    store_row!("directory_server_cert_store", ds_store.store),
    store_row!("directory_server_cert_store_password", ds_store.password),
    store_row!("directory_server_cert_store_type", ds_store.store_type),
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
        get!(|c| c.proxy_auth_scheme()),
        set!(|c, v| c.set_proxy_auth_scheme(v.int()?)),
    ),
    prop(
        "proxy_auto_detect",
        Kind::Bool,
        None,
        get!(|c| c.proxy_auto_detect()),
        set!(|c, v| c.set_proxy_auto_detect(v.flag()?)),
    ),
    prop(
        "proxy_password",
        Kind::Str,
        None,
        get!(|c| c.proxy_password()),
        set!(|c, v| c.set_proxy_password(&v.text()?)),
    ),
    prop(
        "proxy_port",
        Kind::Int,
        None,
        get!(|c| c.proxy_port()),
        set!(|c, v| c.set_proxy_port(v.int()?)),
    ),
    prop(
        "proxy_server",
        Kind::Str,
        None,
        get!(|c| c.proxy_server()),
        set!(|c, v| c.set_proxy_server(&v.text()?)),
    ),
    prop(
        "proxy_ssl",
        Kind::Int,
        None,
        get!(|c| c.proxy_ssl()),
        set!(|c, v| c.set_proxy_ssl(v.int()?)),
    ),
    prop(
        "proxy_user",
        Kind::Str,
        None,
        get!(|c| c.proxy_user()),
        set!(|c, v| c.set_proxy_user(&v.text()?)),
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
    store_row!("ssl_accept_server_cert_store", accept_store.store),
    store_row!(
        "ssl_accept_server_cert_store_password",
        accept_store.password
    ),
    store_row!("ssl_accept_server_cert_store_type", accept_store.store_type),
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
        get!(|c| c.ssl_cert_effective_date()),
        None,
    ),
    prop(
        "ssl_cert_expiration_date",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_expiration_date()),
        None,
    ),
    prop(
        "ssl_cert_extended_key_usage",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_extended_key_usage()),
        None,
    ),
    prop(
        "ssl_cert_fingerprint",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_fingerprint()),
        None,
    ),
    prop(
        "ssl_cert_fingerprint_sha1",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_fingerprint_sha1()),
        None,
    ),
    prop(
        "ssl_cert_fingerprint_sha256",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_fingerprint_sha256()),
        None,
    ),
    prop(
        "ssl_cert_issuer",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_issuer()),
        None,
    ),
    prop(
        "ssl_cert_private_key",
        Kind::Str,
        None,
        Access::Refused(CLIENT_PRIVATE_KEY),
        None,
    ),
    prop(
        "ssl_cert_private_key_available",
        Kind::Bool,
        None,
        get!(|c| c.ssl_cert_private_key_available()),
        None,
    ),
    prop(
        "ssl_cert_private_key_container",
        Kind::Str,
        None,
        Access::Refused(CLIENT_PRIVATE_KEY),
        None,
    ),
    prop(
        "ssl_cert_public_key",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_public_key()),
        None,
    ),
    prop(
        "ssl_cert_public_key_algorithm",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_public_key_algorithm()),
        None,
    ),
    prop(
        "ssl_cert_public_key_length",
        Kind::Int,
        None,
        get!(|c| c.ssl_cert_public_key_length()),
        None,
    ),
    prop(
        "ssl_cert_serial_number",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_serial_number()),
        None,
    ),
    prop(
        "ssl_cert_signature_algorithm",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_signature_algorithm()),
        None,
    ),
    store_row!("ssl_cert_store", cert_store.store),
    store_row!("ssl_cert_store_password", cert_store.password),
    store_row!("ssl_cert_store_type", cert_store.store_type),
    prop(
        "ssl_cert_subject_alt_names",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_subject_alt_names()),
        None,
    ),
    prop(
        "ssl_cert_thumbprint_md5",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_thumbprint_md5()),
        None,
    ),
    prop(
        "ssl_cert_thumbprint_sha1",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_thumbprint_sha1()),
        None,
    ),
    prop(
        "ssl_cert_thumbprint_sha256",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_thumbprint_sha256()),
        None,
    ),
    prop(
        "ssl_cert_usage",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_usage()),
        None,
    ),
    prop(
        "ssl_cert_usage_flags",
        Kind::Int,
        None,
        get!(|c| c.ssl_cert_usage_flags()),
        None,
    ),
    prop(
        "ssl_cert_version",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_version()),
        None,
    ),
    prop(
        "ssl_cert_subject",
        Kind::Str,
        None,
        get!(|c| c.ssl_cert_subject()),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.select_client_cert(&v.text()?)
        })),
    ),
    prop(
        "ssl_cert_encoded",
        Kind::Bytes,
        None,
        get!(|c| der_of(c.ssl_cert())),
        Some(Access::Native(|n: &mut Native, _: usize, v: Value| {
            n.set_client_cert(&v.data()?)
        })),
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
