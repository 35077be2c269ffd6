//! What the examples share and an app would not copy: where the simulator runs,
//! and a stand-in for the app's own 3DS Server (which sends the AReq and hands
//! the ARes back).
//!
//! Every example runs against a simulator started in-process, or against one
//! started with `threeds sim --out DIR --port N` when `THREEDS_SIM_URL`
//! (`https://127.0.0.1:N`) and `THREEDS_SIM_PKI` (`DIR`) are set. Either way the
//! example reads the PKI from PEM files, as an app reads its scheme's files.

pub mod board;
pub mod terminal;

use core::error::Error;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use threeds_core::platform::{HttpRequest, Transport};
use threeds_sim::{Pki, RunningSimulator, SimConfig, Simulator, SimulatorConfig};
use threeds_std::HttpsTransport;
use threeds_std::certs::Certificate;
use threeds_std::https::RootSource;

/// A boxed error, enough for examples.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// The simulator the example talks to.
pub struct SimTarget {
    base_url: String,
    pki_dir: PathBuf,
    // Kept alive for the example's duration; `None` for an external simulator.
    _running: Option<RunningSimulator>,
    owned_dir: bool,
}

impl SimTarget {
    /// The simulator named by `THREEDS_SIM_URL` and `THREEDS_SIM_PKI`, or a new
    /// one in-process with its PKI written to a fresh temporary directory.
    ///
    /// # Errors
    /// The PKI cannot be generated or written, or the server cannot start.
    pub fn from_env_or_start() -> Result<Self, BoxError> {
        if let (Some(url), Some(dir)) = (
            std::env::var_os("THREEDS_SIM_URL"),
            std::env::var_os("THREEDS_SIM_PKI"),
        ) {
            let base_url = url
                .into_string()
                .map_err(|_| "THREEDS_SIM_URL is not UTF-8")?;
            return Ok(Self {
                base_url: base_url.trim_end_matches('/').to_owned(),
                pki_dir: PathBuf::from(dir),
                _running: None,
                owned_dir: false,
            });
        }
        let pki = Pki::generate()?;
        let pki_dir = std::env::temp_dir().join(format!("threeds-example-{}", std::process::id()));
        pki.write_pem(&pki_dir)?;
        let running = Simulator::start(SimulatorConfig {
            pki: Arc::new(pki),
            sim: SimConfig::with_builtin_scenarios()?,
        })?;
        Ok(Self {
            base_url: running.base_url(),
            pki_dir,
            _running: Some(running),
            owned_dir: true,
        })
    }

    /// A file of the simulator's PKI, e.g. `ds-enc-ec.crt.pem`.
    #[must_use]
    pub fn file(&self, name: &str) -> PathBuf {
        self.pki_dir.join(name)
    }

    /// The simulator's auth endpoint for `scenario` (the app's 3DS Server in
    /// production), for examples that POST the SDK's part themselves.
    #[must_use]
    pub fn auth_url(&self, scenario: &str) -> String {
        format!("{}/3ds/auth?scenario={scenario}", self.base_url)
    }

    /// The directory holding the PKI files.
    #[must_use]
    pub fn pki_dir(&self) -> &Path {
        &self.pki_dir
    }

    /// The simulator's TLS CA, which the ACS's HTTPS certificate chains to.
    ///
    /// # Errors
    /// The file is missing or not a PEM certificate.
    pub fn tls_ca(&self) -> Result<Certificate, BoxError> {
        Ok(Certificate::from_pem(&std::fs::read(
            self.file("tls-ca.crt.pem"),
        )?)?)
    }

    /// Plays the app's 3DS Server: sends the SDK's part of the AReq to the
    /// simulator's DS for `scenario` and returns the ARes JSON.
    ///
    /// # Errors
    /// Any transport failure or a status other than 200.
    pub fn three_ds_server(&self, scenario: &str, sdk_part: &str) -> Result<String, BoxError> {
        let mut https = HttpsTransport::builder()
            .roots(RootSource::Empty)
            .server_ca_cert(self.tls_ca()?)
            .build()?;
        let url = self.auth_url(scenario);
        let mut body = vec![0u8; 128 * 1024];
        let response = https.post(
            &HttpRequest {
                url: &url,
                content_type: "application/json; charset=utf-8",
                body: sdk_part.as_bytes(),
                timeout_ms: 30_000,
            },
            &mut body,
        )?;
        let text = String::from_utf8(body.get(..response.body_len).unwrap_or_default().to_vec())?;
        if response.status != 200 {
            return Err(format!("the 3DS Server answered {}: {text}", response.status).into());
        }
        Ok(text)
    }
}

impl Drop for SimTarget {
    fn drop(&mut self) {
        if self.owned_dir {
            // Best effort: the directory holds throwaway test keys only.
            let _ = std::fs::remove_dir_all(&self.pki_dir);
        }
    }
}
