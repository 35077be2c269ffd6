//! Loopback peers that never finish an exchange in time: they drip bytes, stall in the
//! middle of a body, never answer, or slow a TLS handshake down to a drip.

use core::time::Duration;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

/// How long a hostile peer keeps a connection open: far past any deadline under test.
pub const HOLD: Duration = Duration::from_secs(60);

/// A response the peers below send (or start to send).
pub const RESPONSE: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/jose\r\nContent-Length: 12\r\n\r\nCRes-bytes!!";

/// What a peer does once it has read the request.
#[derive(Debug, Clone, Copy)]
pub enum Hostile {
    /// Sends [`RESPONSE`] one byte every `interval`.
    Drip(Duration),
    /// Sends the head and half the body of [`RESPONSE`], then nothing.
    StallMidBody,
    /// Reads the request and never answers.
    Silent,
}

/// Serves `behaviour` on 127.0.0.1:0, one thread per connection; returns the port.
pub fn start(behaviour: Hostile) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for socket in listener.incoming().flatten() {
            thread::spawn(move || serve(socket, behaviour));
        }
    });
    port
}

fn serve(mut socket: TcpStream, behaviour: Hostile) {
    if read_request(&mut socket).is_err() {
        return;
    }
    match behaviour {
        Hostile::Drip(interval) => {
            for byte in RESPONSE {
                if socket.write_all(&[*byte]).is_err() {
                    return; // the client gave up: what the test wants
                }
                thread::sleep(interval);
            }
        }
        Hostile::StallMidBody => {
            let cut = RESPONSE.len() - 6;
            let _ = socket.write_all(&RESPONSE[..cut]);
            thread::sleep(HOLD);
        }
        Hostile::Silent => thread::sleep(HOLD),
    }
}

/// Reads one request head and its Content-Length body.
fn read_request(socket: &mut TcpStream) -> std::io::Result<()> {
    socket.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = socket.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap_or(0));
            if data.len() >= end + 4 + len {
                return Ok(());
            }
        }
    }
}

/// A relay to `127.0.0.1:upstream` that forwards the client's bytes at once and the
/// server's one byte every `interval`: in front of a TLS server, the handshake drips.
pub fn start_drip_relay(upstream: u16, interval: Duration) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                continue;
            };
            let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            thread::spawn(move || {
                let _ = std::io::copy(&mut c_in, &mut s_out);
            });
            let (mut s_in, mut c_out) = (server, client);
            thread::spawn(move || {
                let mut byte = [0u8; 1];
                while matches!(s_in.read(&mut byte), Ok(1)) {
                    if c_out.write_all(&byte).is_err() {
                        return;
                    }
                    thread::sleep(interval);
                }
            });
        }
    });
    port
}
