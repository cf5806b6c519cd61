//! `coopsante healthcheck`: asks the running service's `/healthz` (or `/readyz`), for container health checks
//! in an image that has no curl. Plain HTTP/1.1 over a std `TcpStream`: a few hundred bytes,
//! no runtime, no dependency.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

/// `GET path` of the service bound to `bind` (an unspecified address such as `0.0.0.0` is
/// asked on loopback): Ok when it answers 200 within `timeout`, else what went wrong.
pub fn probe(mut bind: SocketAddr, path: &str, timeout: Duration) -> Result<(), String> {
    if bind.ip().is_unspecified() {
        bind.set_ip(if bind.is_ipv4() {
            Ipv4Addr::LOCALHOST.into()
        } else {
            Ipv6Addr::LOCALHOST.into()
        });
    }
    let mut stream = TcpStream::connect_timeout(&bind, timeout)
        .map_err(|e| format!("cannot connect to {bind}: {e}"))?;
    let io = |e: std::io::Error| format!("{bind}: {e}");
    stream.set_read_timeout(Some(timeout)).map_err(io)?;
    stream.set_write_timeout(Some(timeout)).map_err(io)?;
    // One write: `write!` would send the request in pieces.
    let request = format!("GET {path} HTTP/1.1\r\nHost: {bind}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(io)?;
    let mut head = Vec::with_capacity(64);
    stream.take(64).read_to_end(&mut head).map_err(io)?;
    let status_line = String::from_utf8_lossy(&head);
    let status_line = status_line.lines().next().unwrap_or_default();
    if status_line.starts_with("HTTP/1.1 200 ") {
        Ok(())
    } else {
        Err(format!("{path} answered {status_line:?}"))
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;

    use super::*;

    /// A one-shot server answering `status_line`; the receiver gets the request line it read.
    fn answering(status_line: &'static str) -> (SocketAddr, std::sync::mpsc::Receiver<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = listener.local_addr().expect("its address");
        let (asked, request_line) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().expect("a connection");
            // The whole request head, then the answer.
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n") && conn.read(&mut byte).unwrap_or(0) == 1 {
                request.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&request);
            let _ = asked.send(head.lines().next().unwrap_or_default().to_owned());
            let answer = format!("{status_line}\r\ncontent-length: 0\r\n\r\n");
            let _ = conn.write_all(answer.as_bytes());
        });
        (addr, request_line)
    }

    #[test]
    fn a_200_from_healthz_is_healthy() {
        let (addr, asked) = answering("HTTP/1.1 200 OK");
        assert_eq!(probe(addr, "/healthz", Duration::from_secs(2)), Ok(()));
        assert_eq!(asked.recv().unwrap(), "GET /healthz HTTP/1.1");
    }

    #[test]
    fn a_503_from_readyz_is_unhealthy() {
        let (addr, asked) = answering("HTTP/1.1 503 Service Unavailable");
        let refused = probe(addr, "/readyz", Duration::from_secs(2)).expect_err("unhealthy");
        assert!(refused.contains("503"), "{refused}");
        assert_eq!(asked.recv().unwrap(), "GET /readyz HTTP/1.1");
    }

    #[test]
    fn nothing_listening_is_unhealthy() {
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a port just released");
        assert!(probe(addr, "/healthz", Duration::from_secs(2)).is_err());
    }
}
