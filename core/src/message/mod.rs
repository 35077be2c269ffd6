//! The 3DS message model and codec: device info, the SDK's AReq data, ARes,
//! CReq, CRes, Erro and message extensions, with the per-version rules of
//! EMV 3DS 2.1.0, 2.2.0 and 2.3.1.
//!
//! Parsers borrow from the received bytes and allocate nothing; builders
//! write compact JSON into a caller buffer. Every validation failure is a
//! [`MessageError`] carrying the Erro code to send and the offending field;
//! every build failure is a [`BuildError`] (a member the chosen version does
//! not have is refused, never silently dropped).

mod auth_request;
mod codes;
mod compact;
mod device_info;
mod erro;
mod error;
mod extension;
mod fields;
mod ids;
mod version;

pub use auth_request::{
    AuthRequestData, MAX_EPHEM_PUB_KEY, MAX_SDK_ENC_DATA, MAX_SDK_REFERENCE_NUMBER, all_ui_types,
};
pub use codes::{
    ChallengeCancel, ErrorCode, ErrorComponent, Interface, MessageType, OobAppStatus,
    OobAppUrlInd, OobContinue, TransStatus, TransStatusReason, UiType,
};
pub use compact::MAX_NESTED_KEY_BYTES;
pub use device_info::{
    DEFAULT_DATA_VERSION, DEFAULT_DEVICE_PARAMS, DeviceInfo, DeviceParamCategory, DeviceValueType,
    MAX_SECURITY_WARNINGS,
};
pub use erro::{Erro, ErroBuilder, MAX_ERROR_TEXT};
pub use error::{BuildError, ERROR_DETAIL_CAPACITY, MessageError, Problem};
pub use extension::{
    Extension, Extensions, MAX_EXTENSION_DATA, MAX_EXTENSION_ID, MAX_EXTENSIONS_TOTAL,
    OutgoingExtension, OutgoingExtensions, max_extensions,
};
pub use ids::{TransId, is_uuid};
pub use version::MessageVersion;
