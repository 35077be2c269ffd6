//! What the facade remembers about the running transaction, and the
//! [`SettingsBackend`] that answers `config("Name")` from it.

use alloc::string::String;
use alloc::vec::Vec;
use zeroize::Zeroizing;

use super::config::{ConfigError, ConfigValue, SettingsBackend};
use super::properties::{Extension, Properties};
use super::setting::{Setting, SettingKind};
use crate::jose::base64url;
use crate::message::Extensions;
use crate::transaction::Transaction;

/// Transaction read-outs (cleared by `reset_transaction_info`).
#[derive(Default)]
pub(crate) struct TxnInfo {
    pub acs_signed_content: String,
    /// The last ARes accepted: the ids and `acsURL` of a transaction that
    /// ended with it (frictionless, decoupled) are read from here; while
    /// the [`Transaction`] holds them, from the transaction.
    pub ares: Zeroizing<Vec<u8>>,
    pub trans_status_reason: String,
    /// `acsRenderingType`: interface, UI template, device UI mode.
    pub rendering: Option<(u8, u8, Option<u8>)>,
    pub error_code: String,
    pub error_description: String,
    pub error_detail: String,
    pub message_type: &'static str,
    pub incoming_extensions: Vec<Extension>,
    pub incoming_raw_extensions: String,
    /// The ARes `cardholderInfo` decoded: text, issuer image, payment-system image.
    pub cardholder_info: [String; 3],
    /// The decrypted CRes (`ChallengeResponse`); may hold cardholder-facing text.
    pub challenge_response: Zeroizing<String>,
    /// The last parsed message, for the `XPath` read-outs.
    pub last_message: Zeroizing<Vec<u8>>,
    /// `SDKEphemeralPublicKey` (JWK) of the last `get_auth_request`.
    pub ephemeral_public_key: String,
    /// `SDKEphemeralPrivateKey` given by `config` for an instance that did
    /// not run `get_auth_request`; used by the next `check_auth_response`.
    pub imported_private_key: Option<Zeroizing<[u8; 32]>>,
}

impl TxnInfo {
    /// The `IncomingExtension*` read-outs: the extensions of the last
    /// message received (ARes or CRes; none clears them).
    pub fn set_extensions(&mut self, ext: Option<Extensions<'_>>) {
        self.set_owned_extensions(owned_extensions(ext));
    }

    pub fn set_owned_extensions(&mut self, (raw, list): (String, Vec<Extension>)) {
        self.incoming_raw_extensions = raw;
        self.incoming_extensions = list;
    }

    pub fn set_error(&mut self, code: &str, description: &str, detail: &str) {
        self.error_code = String::from(code);
        self.error_description = String::from(description);
        self.error_detail = String::from(detail);
    }
}

/// The raw text and the entries of a received `messageExtension`, owned
/// (empty when there is none).
pub(crate) fn owned_extensions(ext: Option<Extensions<'_>>) -> (String, Vec<Extension>) {
    ext.map(|e| e.to_owned_list()).unwrap_or_default()
}

/// The facade's [`SettingsBackend`]: properties, the transaction and its read-outs.
pub(crate) struct Backend<'a> {
    pub props: &'a mut Properties,
    pub info: &'a mut TxnInfo,
    pub txn: &'a Transaction,
    pub now_ms: u64,
    /// Scratch for values formatted on demand (`SDKEphemeralPrivateKey`).
    pub scratch: &'a mut Zeroizing<String>,
}

fn ext_at(info: &TxnInfo, setting: Setting, i: Option<usize>) -> Result<&Extension, ConfigError> {
    info.incoming_extensions
        .get(i.unwrap_or(usize::MAX))
        .ok_or(ConfigError::IndexOutOfRange(setting))
}

/// A string member of the ARes, as sent (ids and URLs hold no escapes);
/// empty when absent.
fn ares_member<'a>(ares: &'a [u8], name: &str) -> &'a str {
    match crate::json::parse(ares) {
        Ok(crate::json::Value::Object(o)) => match o.get(name) {
            Some(crate::json::Value::String(s)) => s.raw(),
            _ => "",
        },
        _ => "",
    }
}

fn text_or_none<'a>(setting: Setting, s: &'a str) -> Result<ConfigValue<'a>, ConfigError> {
    if s.is_empty() {
        Err(ConfigError::NotAvailable(setting))
    } else {
        Ok(ConfigValue::Str(s))
    }
}

impl SettingsBackend for Backend<'_> {
    fn get(&self, setting: Setting, index: Option<usize>) -> Result<ConfigValue<'_>, ConfigError> {
        if setting.kind() == SettingKind::Property {
            return SettingsBackend::get(&*self.props, setting, index);
        }
        let info = &*self.info;
        Ok(match setting {
            Setting::AcsRenderingInterface => match info.rendering {
                Some((i, _, _)) => ConfigValue::Code(i),
                None => return Err(ConfigError::NotAvailable(setting)),
            },
            Setting::AcsRenderingUiTemplate => match info.rendering {
                Some((_, t, _)) => ConfigValue::Code(t),
                None => return Err(ConfigError::NotAvailable(setting)),
            },
            Setting::AcsRenderingDeviceUserInterfaceMode => match info.rendering {
                Some((_, _, Some(m))) => ConfigValue::Code(m),
                _ => return Err(ConfigError::NotAvailable(setting)),
            },
            Setting::AcsSignedContent => ConfigValue::Str(&info.acs_signed_content),
            Setting::AcsTransactionId => ConfigValue::Str(
                self.txn
                    .ids()
                    .map(|i| i.acs_trans_id.as_str())
                    .unwrap_or_else(|| ares_member(&info.ares, "acsTransID")),
            ),
            Setting::AcsUrl => ConfigValue::Str(
                self.txn
                    .acs_url()
                    .unwrap_or_else(|| ares_member(&info.ares, "acsURL")),
            ),
            Setting::ChallengeResponse => ConfigValue::Str(info.challenge_response.as_str()),
            Setting::ChallengeTimeRemaining => {
                // Seconds, as the reference's SDKMaxTimeout-based countdown.
                let ms = self.txn.challenge_time_remaining(self.now_ms).unwrap_or(0);
                ConfigValue::Number(ms / 1000)
            }
            Setting::DsTransactionId => ConfigValue::Str(match self.txn.ids() {
                Some(i) => i.ds_trans_id.as_ref().map_or("", |d| d.as_str()),
                None => ares_member(&info.ares, "dsTransID"),
            }),
            Setting::ErrorCode => ConfigValue::Str(&info.error_code),
            Setting::ErrorDescription => ConfigValue::Str(&info.error_description),
            Setting::ErrorDetail => ConfigValue::Str(&info.error_detail),
            Setting::IncomingExtensionCount => {
                ConfigValue::Number(info.incoming_extensions.len() as u64)
            }
            Setting::IncomingExtensionCritical => {
                ConfigValue::Bool(ext_at(info, setting, index)?.critical)
            }
            Setting::IncomingExtensionData => ConfigValue::Str(&ext_at(info, setting, index)?.data),
            Setting::IncomingExtensionId => ConfigValue::Str(&ext_at(info, setting, index)?.id),
            Setting::IncomingExtensionName => ConfigValue::Str(&ext_at(info, setting, index)?.name),
            Setting::IncomingRawExtensions => ConfigValue::Str(&info.incoming_raw_extensions),
            Setting::MessageType => ConfigValue::Str(info.message_type),
            Setting::SdkEphemeralPrivateKey => text_or_none(setting, self.scratch.as_str())?,
            Setting::SdkEphemeralPublicKey => text_or_none(setting, &info.ephemeral_public_key)?,
            Setting::ServerTransactionId => ConfigValue::Str(
                self.txn
                    .ids()
                    .map(|i| i.three_ds_server_trans_id.as_str())
                    .unwrap_or_else(|| ares_member(&info.ares, "threeDSServerTransID")),
            ),
            Setting::TransactionStatusReason => ConfigValue::Str(&info.trans_status_reason),
            _ => return Err(ConfigError::NotAvailable(setting)),
        })
    }

    fn set(
        &mut self,
        setting: Setting,
        index: Option<usize>,
        value: &str,
    ) -> Result<(), ConfigError> {
        if setting.kind() == SettingKind::Property {
            return SettingsBackend::set(&mut *self.props, setting, index, value);
        }
        let value = value.trim();
        let info = &mut *self.info;
        match setting {
            // Setting these would change a read-out, not where the
            // transaction goes: refused, with the way that does continue
            // another instance's transaction.
            Setting::AcsSignedContent
            | Setting::AcsTransactionId
            | Setting::AcsUrl
            | Setting::DsTransactionId
            | Setting::ServerTransactionId => {
                return Err(ConfigError::Unsupported {
                    setting,
                    reason: "read-only here: continue another instance's transaction with \
                             export_state/import_state, or pass the ARes to check_auth_response \
                             after setting SDKEphemeralPrivateKey and sdk_transaction_id",
                });
            }
            Setting::SdkEphemeralPrivateKey => {
                let bad = ConfigError::InvalidValue {
                    setting,
                    expected: "the base64url of a 32-byte P-256 private scalar",
                };
                let key = base64url::decode_array::<32>(value).map_err(|_| bad)?;
                info.imported_private_key = Some(Zeroizing::new(key));
            }
            _ => return Err(ConfigError::ReadOnly(setting)),
        }
        Ok(())
    }

    fn last_message(&self) -> Option<&[u8]> {
        if self.info.last_message.is_empty() {
            None
        } else {
            Some(self.info.last_message.as_slice())
        }
    }
}
