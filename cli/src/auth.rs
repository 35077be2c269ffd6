//! `threeds auth-request`: begin a transaction.

use crate::stdout::outln;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use serde_json::{Map, Value, json};
use threeds_core::keys::PublicKey;
use threeds_core::message::TransId;
use threeds_core::message::{DEFAULT_DATA_VERSION, Interface, MessageVersion, all_ui_types};
use threeds_core::platform::Clock;
use threeds_core::transaction::{
    AuthParams, DEFAULT_EXCHANGE_TIMEOUT_MS, Timeouts, Transaction, new_sdk_trans_id,
};
use threeds_std::OsRng;
use threeds_std::certs::{CertFormat, CertStore};

use crate::clock::WallClock;
use crate::devinfo;
use crate::error::{CliError, CliResult};
use crate::state;

/// Arguments of `auth-request`.
#[derive(Debug, Args)]
pub struct AuthRequestArgs {
    /// DS encryption certificate or public key (PEM or DER; RSA → RSA-OAEP-256, P-256 → ECDH-ES).
    #[arg(long, value_name = "FILE")]
    pub ds_cert: PathBuf,
    /// Directory Server id (RID), e.g. A000000802.
    #[arg(long, value_name = "RID")]
    pub ds_id: String,
    /// `kid` to put in the device-information JWE header.
    #[arg(long, value_name = "KID")]
    pub ds_key_id: Option<String>,
    /// sdkAppID (a UUID).
    #[arg(long, value_name = "UUID")]
    pub sdk_app_id: String,
    /// sdkReferenceNumber assigned by EMVCo.
    #[arg(long, value_name = "REF")]
    pub sdk_reference_number: String,
    /// Protocol version.
    #[arg(long, default_value = "2.2.0", value_parser = ["2.1.0", "2.2.0", "2.3.1"])]
    pub message_version: String,
    /// sdkMaxTimeout in minutes (at least 5).
    #[arg(long, value_name = "MINUTES", default_value_t = 5)]
    pub sdk_max_timeout: u16,
    /// Device information JSON: {"DV":..,"DD":{..},"DPNA":{..},"SW":[..]}.
    #[arg(long, value_name = "FILE")]
    pub device_params: Option<PathBuf>,
    /// One more device parameter (a DD string), e.g. C001=Android.
    #[arg(long, value_name = "NAME=VALUE")]
    pub device_param: Vec<String>,
    /// Collect this host's device information (DV 1.6: model, OS, locale, time zone,
    /// screen, host name, IP, …; security warnings SW01–SW05); --device-params and
    /// --device-param values override collected ones. See the README's privacy section.
    #[arg(long)]
    pub collect_device_info: bool,
    /// Parameters never collected, sent as RE01 (e.g. C010,C009).
    #[arg(long, value_name = "CODES", requires = "collect_device_info")]
    pub device_info_deny: Option<String>,
    /// Print the device information sent to stderr, DD values masked.
    #[arg(long)]
    pub show_device_info: bool,
    /// Ask for A128GCM instead of A128CBC-HS256 (UseAESGCM).
    #[arg(long)]
    pub gcm: bool,
    /// Where to write the transaction state (mode 0600; holds the ephemeral private key).
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    #[command(flatten)]
    pub crypto: crate::crypto::CryptoArg,
}

/// Loads the DS key from a certificate or public-key file.
pub fn load_ds_key(path: &Path) -> CliResult<PublicKey> {
    let name = path.display().to_string();
    let store =
        CertStore::from_file(path, CertFormat::Auto, "").map_err(|e| CliError::with(&name, e))?;
    if store.has_private_key() && store.certificates().is_empty() && store.public_keys().is_empty()
    {
        return Err(CliError(format!(
            "{name} holds a private key; give the DS encryption certificate (or its public key) instead"
        )));
    }
    store.public_key("*").map_err(|_| {
        CliError(format!(
            "{name} holds no RSA or P-256 key the DS could use; give the DS encryption certificate \
             (PEM or DER) that the card scheme delivered"
        ))
    })
}

/// Builds the device information JSON from the file and the extra `DD` entries.
pub fn device_info(file: Option<&Path>, params: &[String]) -> CliResult<Vec<u8>> {
    let mut info = match file {
        Some(path) => {
            let text =
                std::fs::read(path).map_err(|e| CliError::with(&path.display().to_string(), e))?;
            let value: Value = serde_json::from_slice(&text).map_err(|e| {
                CliError(format!(
                    "{}: not valid JSON at line {}, column {}; the file holds one object \
                     {{\"DV\":..,\"DD\":{{..}},\"DPNA\":{{..}},\"SW\":[..]}}",
                    path.display(),
                    e.line(),
                    e.column()
                ))
            })?;
            let Value::Object(map) = value else {
                return Err(format!(
                    "{}: not a JSON object; the file holds {{\"DV\":..,\"DD\":{{..}},\"DPNA\":{{..}},\"SW\":[..]}}",
                    path.display()
                )
                .into());
            };
            crate::devinfo_shape::check(&map)
                .map_err(|why| CliError(format!("{}: {why}", path.display())))?;
            map
        }
        None => Map::new(),
    };
    info.entry("DV")
        .or_insert_with(|| Value::from(DEFAULT_DATA_VERSION));
    let dd = info
        .entry("DD")
        .or_insert_with(|| json!({ "C001": std::env::consts::OS }));
    let Value::Object(dd) = dd else {
        return Err("device parameters: DD is not an object".into());
    };
    for param in params {
        let (name, value) = param
            .split_once('=')
            .ok_or_else(|| CliError(format!("--device-param {param}: expected NAME=VALUE")))?;
        dd.insert(name.to_owned(), Value::from(value));
    }
    serde_json::to_vec(&Value::Object(info)).map_err(|e| CliError::with("device information", e))
}

/// What `begin` needs besides the DS key.
pub struct Begin<'a> {
    /// Protocol version.
    pub version: MessageVersion,
    /// DS key id.
    pub ds_key_id: Option<&'a str>,
    /// DS id (RID).
    pub ds_id: &'a str,
    /// sdkAppID.
    pub sdk_app_id: &'a str,
    /// sdkReferenceNumber.
    pub sdk_reference_number: &'a str,
    /// sdkMaxTimeout (minutes).
    pub sdk_max_timeout: u16,
    /// Device information JSON.
    pub device_info: &'a [u8],
    /// UseAESGCM.
    pub gcm: bool,
    /// The sdkTransID, when the device information already carries it.
    pub sdk_trans_id: Option<&'a TransId>,
    /// The crypto provider the transaction runs on.
    pub crypto: &'static dyn threeds_core::crypto::CryptoProvider,
}

/// Begins a transaction; returns it with the SDK's auth request as JSON
/// (`sdkEphemPubKey` as a JWK object).
pub fn begin(b: &Begin<'_>, ds_key: &PublicKey) -> CliResult<(Transaction, Value)> {
    let params = AuthParams {
        version: b.version,
        ds_key,
        ds_key_id: b.ds_key_id,
        ds_id: b.ds_id,
        sdk_app_id: b.sdk_app_id,
        sdk_reference_number: b.sdk_reference_number,
        timeouts: Timeouts {
            sdk_max_timeout_minutes: b.sdk_max_timeout,
            exchange_timeout_ms: DEFAULT_EXCHANGE_TIMEOUT_MS,
        },
        device_info: b.device_info,
        use_aes_gcm: b.gcm,
        sdk_interface: Interface::Both,
        sdk_ui_types: all_ui_types(b.version),
        requestor_app_url: None,
        oob_app_url_supported: false,
    };
    let mut txn = Transaction::with_crypto(b.crypto);
    let mut out = vec![0u8; 64 * 1024 + 2 * b.device_info.len()];
    let request = txn
        .begin_with_trans_id(
            &params,
            b.sdk_trans_id,
            &mut OsRng::default(),
            WallClock.monotonic_ms(),
            &mut out,
        )
        .map_err(|e| CliError(begin_failure(&e)))?;
    let mut value: Value = serde_json::from_slice(out.get(..request.len).unwrap_or_default())
        .map_err(|e| CliError::with("auth request", e))?;
    // Some 3DS Servers want the key as a string; the JSON object is the AReq's shape.
    if let Some(Value::String(jwk)) = value.get("sdkEphemPubKey") {
        let jwk: Value =
            serde_json::from_str(jwk).map_err(|e| CliError::with("sdkEphemPubKey", e))?;
        value["sdkEphemPubKey"] = jwk;
    }
    Ok((txn, value))
}

/// What went wrong in `begin`, in the terms of the command's options.
fn begin_failure(e: &threeds_core::transaction::Error) -> String {
    use threeds_core::message::BuildError;
    use threeds_core::transaction::Error;
    match e {
        Error::Build(BuildError::Invalid("sdkAppID")) => {
            "--sdk-app-id: sdkAppID must be a UUID, e.g. 9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
                .into()
        }
        Error::InvalidParameter("sdkMaxTimeout")
        | Error::Build(BuildError::Invalid("sdkMaxTimeout")) => {
            "--sdk-max-timeout must be 5 to 99 minutes".into()
        }
        Error::Build(
            BuildError::Invalid(field)
            | BuildError::Missing(field)
            | BuildError::TooLong(field)
            | BuildError::NotInVersion(field)
            | BuildError::CapacityExceeded(field)
            | BuildError::Conflict(field),
        ) => format!(
            "{field}: not accepted in an AReq of this message version; check the option that sets it"
        ),
        Error::Rng => "the operating system's random number generator failed; try again".into(),
        other => format!("cannot start the transaction: {other}"),
    }
}

/// Runs `auth-request`.
pub fn run(args: &AuthRequestArgs) -> CliResult<ExitCode> {
    let version = MessageVersion::from_wire(&args.message_version)
        .ok_or_else(|| CliError(format!("unsupported version {}", args.message_version)))?;
    let ds_key = load_ds_key(&args.ds_cert)?;
    let trans_id = new_sdk_trans_id(&mut OsRng::default())
        .map_err(|_| CliError("the OS random generator failed".into()))?;
    let info = if args.collect_device_info {
        let file = args
            .device_params
            .as_deref()
            .map(devinfo::read_json)
            .transpose()?;
        let ids = devinfo::Ids {
            sdk_app_id: &args.sdk_app_id,
            sdk_reference_number: &args.sdk_reference_number,
            sdk_trans_id: &trans_id,
        };
        let deny = args.device_info_deny.as_deref();
        let collected = devinfo::collect(&ids, deny, file.as_ref(), &args.device_param)?;
        if args.show_device_info {
            eprintln!("device information: {}", collected.masked);
        }
        collected.json
    } else {
        let info = device_info(args.device_params.as_deref(), &args.device_param)?;
        if args.show_device_info {
            eprintln!("device information: {}", String::from_utf8_lossy(&info));
        }
        info
    };
    let (txn, request) = begin(
        &Begin {
            version,
            ds_key_id: args.ds_key_id.as_deref(),
            ds_id: &args.ds_id,
            sdk_app_id: &args.sdk_app_id,
            sdk_reference_number: &args.sdk_reference_number,
            sdk_max_timeout: args.sdk_max_timeout,
            device_info: &info,
            gcm: args.gcm,
            sdk_trans_id: Some(&trans_id),
            crypto: args.crypto.provider(),
        },
        &ds_key,
    )?;
    state::save(&args.state, &txn)?;
    // Said once the request exists, so a refused command prints only its error.
    if !args.collect_device_info && args.device_params.is_none() && args.device_param.is_empty() {
        eprintln!(
            "note: no device information given, sending only C001; \
             --collect-device-info collects this host's"
        );
    }
    outln!("{request}");
    Ok(ExitCode::SUCCESS)
}
