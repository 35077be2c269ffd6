//! A `ClientEvents` implementation that writes the reference's `Log` event
//! (level, type, message) to a file, one line per event, plus `Error` events,
//! while a challenge runs against the simulator. Challenge entries are masked
//! (`MaskSensitive`, on by default); keys never reach the log at any level.
//!
//! ```sh
//! cargo run -p threeds-examples --example events_log -- threeds.log
//! ```

use std::fs::File;
use std::io::{BufWriter, Write};

use threeds_core::client::events::{ClientEvents, LogLevel, LogType};
use threeds_examples::{BoxError, SimTarget};
use threeds_std::certs::{CertFormat, CertStore};
use threeds_std::https::RootSource;
use threeds_std::{HttpsTransport, StdPlatform};

/// Appends every log line to a file. Write failures are counted, not
/// propagated: an event handler must not break the transaction it observes.
struct FileLog {
    out: BufWriter<File>,
    lines: usize,
    write_failures: usize,
}

impl FileLog {
    fn line(&mut self, args: core::fmt::Arguments<'_>) {
        match writeln!(self.out, "{args}") {
            Ok(()) => self.lines += 1,
            Err(_) => self.write_failures += 1,
        }
    }
}

impl ClientEvents for FileLog {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        self.line(format_args!(
            "{} [{}] {message}",
            level.number(),
            log_type.as_str()
        ));
    }

    fn on_error(&mut self, error_code: u16, description: &str) {
        self.line(format_args!("ERROR {error_code}: {description}"));
    }
}

fn main() -> Result<(), BoxError> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "threeds.log".to_owned());
    let log = FileLog {
        out: BufWriter::new(File::create(&path)?),
        lines: 0,
        write_failures: 0,
    };
    let sim = SimTarget::from_env_or_start()?;
    let transport = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .server_ca_cert(sim.tls_ca()?)
        .build()?;
    let mut client = StdPlatform::new(transport).into_client(log);
    // 2 (verbose): every message as sent and received, challenge entries masked.
    client.config("LogLevel=2")?;

    let ds = CertStore::from_file(&sim.file("ds-enc-rsa.crt.pem"), CertFormat::Auto, "")?;
    client.set_directory_server_cert_encoded(
        ds.certificates().first().ok_or("no DS certificate")?.der(),
    )?;
    for root in
        CertStore::from_file(&sim.file("ds-root.crt.pem"), CertFormat::Auto, "")?.certificates()
    {
        client.add_acs_root_cert(root.der());
    }
    client.set_directory_server_id("A000000802");
    client.set_sdk_app_id("9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f")?;
    client.config("SDKReferenceNumber=THREEDS-EXAMPLE-01")?;
    client.add_device_param("", "1.0", 2, 0)?;
    client.add_device_param("C001", "Android", 2, 1)?;

    let sdk_part = client.get_auth_request()?;
    let ares = sim.three_ds_server("challenge-text-wrong-then-right", &sdk_part)?;
    client.check_auth_response(&ares)?;
    client.send_challenge_request()?;
    for code in ["000000", "123456"] {
        if client.challenge_complete() {
            break;
        }
        client.set_challenge_data_entry(code);
        client.send_challenge_request()?;
    }
    let status = client.transaction_status().to_owned();

    let log = client.events_mut();
    log.out.flush()?;
    println!(
        "transStatus {status}; {} log lines in {path} ({} write failures)",
        log.lines, log.write_failures
    );
    if status != "Y" || log.lines == 0 || log.write_failures != 0 {
        return Err("the challenge or the log did not come out as expected".into());
    }
    Ok(())
}
