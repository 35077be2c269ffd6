//! The 3DS message model and codec: device info, the SDK's AReq data, ARes,
//! CReq, CRes, Erro and message extensions, with the per-version rules of
//! EMV 3DS 2.1.0, 2.2.0 and 2.3.1.
//!
//! Parsers borrow from the received bytes and allocate nothing; builders
//! write compact JSON into a caller buffer. Every validation failure is a
//! [`MessageError`] carrying the Erro code to send and the offending field;
//! every build failure is a [`BuildError`] (a member the chosen version does
//! not have is refused, never silently dropped).

mod ares;
mod auth_request;
mod codes;
mod compact;
mod creq;
mod cres;
mod device_info;
mod device_params;
mod erro;
mod error;
mod extension;
mod fields;
mod html;
mod ids;
mod limits;
#[cfg(feature = "alloc")]
pub mod owned_screen;
mod request_field;
mod screen;
mod signed_content;
mod version;

pub use ares::{
    AcsRenderingType, Ares, AresExpectation, AuthResponse, CardholderInfo, MAX_ACS_SIGNED_CONTENT,
    MAX_AUTHENTICATION_VALUE,
};
pub use auth_request::{
    AuthRequestData, MAX_EPHEM_PUB_KEY, MAX_SDK_ENC_DATA, MAX_SDK_REFERENCE_NUMBER,
    SDK_MAX_TIMEOUT_MINUTES, all_ui_types,
};
pub use codes::{
    ChallengeCancel, ErrorCode, ErrorComponent, Interface, MessageType, OobAppStatus, OobAppUrlInd,
    OobContinue, TransStatus, TransStatusReason, UiType,
};
pub use compact::MAX_NESTED_KEY_BYTES;
pub use creq::{
    ChallengeAnswer, CreqBuilder, MAX_CHALLENGE_DATA_ENTRY, MAX_HTML_DATA_ENTRY,
    MAX_REQUESTOR_APP_URL_2_2, MAX_REQUESTOR_APP_URL_2_3,
};
pub use cres::{ChallengeResponse, Cres, CresBody, CresExpectation};
pub use device_info::{
    DEFAULT_DATA_VERSION, DEFAULT_DEVICE_PARAMS, DeviceInfo, DeviceParamCategory, DeviceValueType,
    MAX_SECURITY_WARNINGS,
};
pub use device_params::{
    COLLECTED_DATA_VERSION, CommonParam, MAX_DATE_TIME_UNIX, NotAvailableReason, SecurityWarning,
    format_date_time,
};
pub use erro::{Erro, ErroBuilder, MAX_ERROR_TEXT};
pub use error::{BuildError, ERROR_DETAIL_CAPACITY, MessageError, Problem};
pub use extension::{
    Extension, ExtensionOf, Extensions, MAX_EXTENSION_DATA, MAX_EXTENSION_ID, MAX_EXTENSIONS_TOTAL,
    OutgoingExtension, OutgoingExtensions, max_extensions,
};
pub use html::{HtmlContent, HtmlDecodeError, MAX_ACS_HTML};
pub use ids::{TransId, is_uuid};
pub use limits::{MAX_ARES_BYTES, MAX_CRES_BYTES, MAX_CRES_JWE_BYTES, MAX_ERRO_BYTES};
pub use request_field::{RequestField, RequestFieldValue};
pub use screen::{
    ChallengeScreen, EntryBox, EntryBoxOf, Image, MAX_IMAGE_OBJECT, MAX_IMAGE_URL,
    MAX_SELECT_OPTIONS, MAX_SELECT_OPTIONS_LEGACY, ScreenTexts, SelectOptions,
};
pub use signed_content::{AcsSignedPayload, MAX_ACS_URL, MAX_EPHEM_KEY_JSON};
pub use version::MessageVersion;
