//! The HTTPS transport over real TLS on loopback: a rustls client trusting
//! only the generated TLS CA.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use core::time::Duration;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Instant;

use common::{DsKey, Sdk};
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::{Value, json};
use threeds_sim::jose::content::Enc;
use threeds_sim::{
    Pki, RunningSimulator, Scenario, SimConfig, Simulator, SimulatorConfig, TxState,
};

type Tls = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

fn connect(sim: &RunningSimulator, trust: &Pki) -> BufReader<Tls> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from(trust.tls_ca.cert_der.clone()))
        .unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let addr = sim.base_url().trim_start_matches("https://").to_owned();
    let tcp = TcpStream::connect(&addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    BufReader::new(rustls::StreamOwned::new(conn, tcp))
}

/// One HTTP/1.1 POST on an open connection; `Err` when the server closed it.
fn post(
    stream: &mut BufReader<Tls>,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<(u16, String, Vec<u8>)> {
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.get_mut().write_all(head.as_bytes())?;
    stream.get_mut().write_all(body)?;
    stream.get_mut().flush()?;
    let mut line = String::new();
    if stream.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "closed",
        ));
    }
    let status: u16 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let (mut length, mut ctype) = (0usize, String::new());
    loop {
        let mut header = String::new();
        stream.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap(),
            "content-type" => ctype = value.trim().to_owned(),
            _ => {}
        }
    }
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body)?;
    Ok((status, ctype, body))
}

fn start() -> RunningSimulator {
    let mut config = SimConfig::with_builtin_scenarios().unwrap();
    config.scenarios.insert(
        Scenario::from_json(r#"{"name":"quick-delay","ares":{"transStatus":"C"},"rounds":[{"uiType":"01","expect":{"entry":"123456"}}],"faults":[{"at":0,"kind":"delay","ms":400}]}"#)
            .unwrap(),
    );
    Simulator::start(SimulatorConfig {
        pki: common::pki(),
        sim: config,
    })
    .unwrap()
}

#[test]
fn challenge_over_tls_with_keep_alive() {
    let running = start();
    assert!(running.base_url().starts_with("https://127.0.0.1:"));
    let mut conn = connect(&running, running.pki());
    let mut sdk = Sdk::new("2.3.1");
    sdk.enc = Enc::A128Gcm;
    let req = sdk.auth_request(running.pki(), DsKey::Ec, Enc::A128CbcHs256);
    let (status, ctype, body) = post(
        &mut conn,
        "/3ds/auth?scenario=challenge-text",
        "application/json",
        req.to_string().as_bytes(),
    )
    .unwrap();
    assert_eq!(status, 200);
    assert!(ctype.starts_with("application/json"));
    let ares = sdk.accept_ares(serde_json::from_slice(&body).unwrap());
    assert_eq!(ares["transStatus"], "C");
    // The signed acsURL points at this server.
    let jws = ares["acsSignedContent"].as_str().unwrap();
    let payload: Value = serde_json::from_slice(
        &threeds_sim::jose::b64::url_decode(jws.split('.').nth(1).unwrap(), "p").unwrap(),
    )
    .unwrap();
    let acs_url = payload["acsURL"].as_str().unwrap().to_owned();
    assert_eq!(
        acs_url,
        format!("{}/acs/{}", running.base_url(), sdk.acs_trans_id())
    );
    let path = acs_url.trim_start_matches(&running.base_url()).to_owned();

    for fields in [json!({}), json!({"challengeDataEntry": "123456"})] {
        let creq = sdk.creq(fields);
        let jwe = sdk.encrypt(&creq, &sdk.acs_trans_id(), None);
        let (status, ctype, body) = post(
            &mut conn,
            &path,
            "application/jose; charset=UTF-8",
            jwe.as_bytes(),
        )
        .unwrap();
        sdk.counter += 1;
        assert_eq!(status, 200);
        assert!(ctype.starts_with("application/jose"));
        let cres = sdk.decrypt_cres(core::str::from_utf8(&body).unwrap());
        assert_eq!(cres["messageType"], "CRes");
    }
    let record = running
        .records()
        .transaction(&sdk.acs_trans_id())
        .unwrap()
        .clone();
    assert_eq!(record.state, TxState::Completed);
    assert_eq!(record.outcome.as_deref(), Some("Y"));
    running.stop();
}

#[test]
fn tls_transport_faults_and_unknown_scenario() {
    let running = start();
    let mut conn = connect(&running, running.pki());
    let (status, _, _) = post(
        &mut conn,
        "/3ds/auth?scenario=no-such-scenario",
        "application/json",
        b"{}",
    )
    .unwrap();
    assert_eq!(status, 404);

    let run_first = |scenario: &str| {
        let mut conn = connect(&running, running.pki());
        let mut sdk = Sdk::new("2.2.0");
        let req = sdk.auth_request(running.pki(), DsKey::Rsa, Enc::A128Gcm);
        let (_, _, body) = post(
            &mut conn,
            &format!("/3ds/auth?scenario={scenario}"),
            "application/json",
            req.to_string().as_bytes(),
        )
        .unwrap();
        sdk.accept_ares(serde_json::from_slice(&body).unwrap());
        let jwe = sdk.encrypt(&sdk.creq(json!({})), &sdk.acs_trans_id(), None);
        let started = Instant::now();
        let answer = post(
            &mut conn,
            &format!("/acs/{}", sdk.acs_trans_id()),
            "application/jose; charset=UTF-8",
            jwe.as_bytes(),
        );
        (answer, started.elapsed())
    };
    let (status, _, _) = run_first("fault-http-500").0.unwrap();
    assert_eq!(status, 500);
    let (dropped, _) = run_first("fault-drop-connection");
    assert!(dropped.is_err(), "the server closed without answering");
    let (slow, elapsed) = run_first("quick-delay");
    assert_eq!(slow.unwrap().0, 200);
    assert!(elapsed >= Duration::from_millis(400));

    // A client that trusts another CA refuses the server.
    let other = Pki::generate_with(threeds_sim::PkiOptions {
        root_alg: threeds_sim::pki::KeyAlg::P256,
        intermediate: false,
    })
    .unwrap();
    let mut untrusted = connect(&running, &other);
    assert!(post(&mut untrusted, "/3ds/auth", "application/json", b"{}").is_err());
    running.stop();
}

#[test]
fn pki_round_trips_through_pem_files() {
    let pki = common::pki();
    let dir = std::env::temp_dir().join(format!("threeds-sim-pki-{}", std::process::id()));
    pki.write_pem(&dir).unwrap();
    let loaded = Pki::load(&dir).unwrap();
    assert_eq!(loaded.ds_root.cert_der, pki.ds_root.cert_der);
    assert_eq!(loaded.acs_rsa.cert_der, pki.acs_rsa.cert_der);
    assert_eq!(*loaded.ds_enc_ec.key_pkcs8, *pki.ds_enc_ec.key_pkcs8);
    assert_eq!(loaded.acs_ec.alg, threeds_sim::pki::KeyAlg::P256);
    assert_eq!(loaded.ds_enc_rsa.alg, threeds_sim::pki::KeyAlg::Rsa2048);
    assert!(loaded.ds_intermediate.is_none());
    // The loaded PKI serves: the DS decrypts with the loaded key.
    let running = Simulator::start(SimulatorConfig {
        pki: Arc::new(loaded),
        sim: SimConfig::with_builtin_scenarios().unwrap(),
    })
    .unwrap();
    let mut conn = connect(&running, &pki);
    let sdk = Sdk::new("2.1.0");
    let req = sdk.auth_request(&pki, DsKey::Rsa, Enc::A128CbcHs256);
    let (_, _, body) = post(
        &mut conn,
        "/3ds/auth?scenario=frictionless-y",
        "application/json",
        req.to_string().as_bytes(),
    )
    .unwrap();
    let ares: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(ares["transStatus"], "Y");
    running.stop();
    std::fs::remove_dir_all(&dir).unwrap();
}
