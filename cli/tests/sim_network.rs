//! `threeds sim --bind 0.0.0.0 --tls-name test.local`: a client that resolves
//! test.local to this machine (here: connects to 127.0.0.1 and sends
//! SNI/verifies the name test.local) completes the TLS handshake against the
//! written TLS CA, a client asking for another name is refused, and the private
//! keys are written readable by their owner only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use common::{BIN, scratch};

/// Kills the simulator when the test ends, however it ends.
struct Sim(Child);

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tls_client(ca_pem: &[u8]) -> Arc<rustls::ClientConfig> {
    use rustls_pki_types::pem::PemObject as _;
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls_pki_types::CertificateDer::from_pem_slice(ca_pem).unwrap())
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

/// A GET over TLS to 127.0.0.1:`port`, verifying the server as `name`;
/// returns the status line or the TLS error.
fn get_as(config: &Arc<rustls::ClientConfig>, port: u16, name: &str) -> Result<String, String> {
    let server_name = rustls_pki_types::ServerName::try_from(name.to_owned()).unwrap();
    let conn = rustls::ClientConnection::new(Arc::clone(config), server_name).unwrap();
    let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.set_read_timeout(Some(core::time::Duration::from_secs(10)))
        .unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    tls.write_all(b"GET /sim/records HTTP/1.1\r\nHost: test.local\r\nConnection: close\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    match tls.read_to_end(&mut response) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !response.is_empty() => {}
        Err(e) => return Err(e.to_string()),
    }
    let text = String::from_utf8_lossy(&response);
    Ok(text.lines().next().unwrap_or_default().to_owned())
}

#[test]
fn reachable_by_its_tls_name_with_keys_0600() {
    let dir = scratch("sim-network");
    let child = Command::new(BIN)
        .args(["sim", "--out"])
        .arg(&dir)
        .args([
            "--port",
            "0",
            "--bind",
            "0.0.0.0",
            "--tls-name",
            "test.local",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut sim = Sim(child);
    let mut lines = BufReader::new(sim.0.stdout.take().unwrap()).lines();
    let mut port = None;
    let mut network_line = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.trim().strip_prefix("base URL") {
            port = url
                .trim()
                .rsplit(':')
                .next()
                .and_then(|p| p.parse::<u16>().ok());
        }
        if line.trim().starts_with("on the network") {
            network_line = Some(line.trim().to_owned());
        }
        if line == "ready; Ctrl-C to stop" {
            break;
        }
    }
    let port = port.expect("sim printed no base URL");
    assert_eq!(
        network_line.as_deref(),
        Some(
            format!(
                "on the network  https://test.local:{port} (the TLS certificate names test.local)"
            )
            .as_str()
        )
    );

    let config = tls_client(&std::fs::read(dir.join("tls-ca.crt.pem")).unwrap());
    let status = get_as(&config, port, "test.local").expect("handshake as test.local");
    assert!(status.starts_with("HTTP/1.1 "), "{status}");
    let refused = get_as(&config, port, "other.local").expect_err("a name the certificate lacks");
    assert!(
        refused.contains("certificate not valid for name \"other.local\""),
        "{refused}"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mut keys = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            if path.to_string_lossy().ends_with(".key.pem") {
                keys += 1;
                assert_eq!(mode, 0o600, "{}", path.display());
            }
        }
        assert!(keys >= 5, "only {keys} key files");
    }
}
