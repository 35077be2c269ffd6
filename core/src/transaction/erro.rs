//! The Erro messages this SDK sends to the ACS.

use super::ids::TransactionIds;
use crate::message::{
    BuildError, ERROR_DETAIL_CAPACITY, ErroBuilder, ErrorCode, MessageError, MessageType,
    MessageVersion,
};

/// `Content-Type` of an Erro POSTed to the ACS.
pub const ERRO_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// The `errorDescription` text of a code (Table A.4 names).
pub fn error_description(code: ErrorCode) -> &'static str {
    match code.0 {
        101 => "Message Received Invalid",
        102 => "Message Version Number Not Supported",
        201 => "Required Data Element Missing",
        202 => "Critical Message Extension Not Recognised",
        203 => "Format or value of one or more Data Elements is Invalid",
        204 => "Duplicate Data Element",
        207 => "Value in the Reserved Value range",
        301 => "Transaction ID Not Recognised",
        302 => "Data Decryption Failure",
        402 => "Transaction Timed Out",
        _ => "Error",
    }
}

/// A protocol failure the SDK reports to the ACS with an Erro message
/// (`errorComponent` `C`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkErro {
    /// `errorCode`.
    pub code: ErrorCode,
    /// `errorDetail`: the offending member, extension id or a short reason.
    pub detail: heapless::String<ERROR_DETAIL_CAPACITY>,
    /// `errorMessageType`: the message being processed.
    pub message_type: MessageType,
}

impl SdkErro {
    /// An Erro about a CRes.
    pub fn about_cres(code: ErrorCode, detail: &str) -> Self {
        let mut d = heapless::String::new();
        for c in detail.chars() {
            if d.push(c).is_err() {
                break;
            }
        }
        Self {
            code,
            detail: d,
            message_type: MessageType::CRes,
        }
    }

    /// The Erro for a CRes that failed validation.
    pub fn from_message_error(e: &MessageError) -> Self {
        let detail = if e.detail.is_empty() {
            e.field
        } else {
            e.detail.as_str()
        };
        Self::about_cres(e.code, detail)
    }

    /// The Erro for an expired timer (402) while a CReq/CRes exchange runs.
    pub fn timed_out(detail: &str) -> Self {
        Self::about_cres(ErrorCode::TIMED_OUT, detail)
    }

    /// Writes the Erro JSON into `out`.
    pub(crate) fn write<'b>(
        &self,
        version: MessageVersion,
        ids: &TransactionIds,
        out: &'b mut [u8],
    ) -> Result<&'b [u8], BuildError> {
        self.builder(version, ids).write(out)
    }

    /// The length of the Erro JSON [`write`](Self::write) produces.
    pub(crate) fn measure(
        &self,
        version: MessageVersion,
        ids: &TransactionIds,
    ) -> Result<usize, BuildError> {
        self.builder(version, ids).measure()
    }

    fn builder<'s>(&'s self, version: MessageVersion, ids: &'s TransactionIds) -> ErroBuilder<'s> {
        let description = error_description(self.code);
        let detail = if self.detail.is_empty() {
            description
        } else {
            self.detail.as_str()
        };
        ErroBuilder {
            version,
            code: self.code,
            description,
            detail,
            message_type: Some(self.message_type),
            three_ds_server_trans_id: Some(ids.three_ds_server_trans_id.as_str()),
            acs_trans_id: Some(ids.acs_trans_id.as_str()),
            ds_trans_id: ids.ds_trans_id.as_ref().map(|id| id.as_str()),
            sdk_trans_id: Some(ids.sdk_trans_id.as_str()),
        }
    }
}
