//! `/healthz`, both sides: the route each server mounts, and the client of
//! `server-x healthcheck`, one GET over a plain TCP socket, so that the
//! container image needs no curl.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{bail, Context};

/// `GET /healthz`: 200 `{"status": "ok", "server": <name>}`.
pub fn route(server: &'static str) -> actix_web::Resource {
    actix_web::web::resource("/healthz").route(actix_web::web::get().to(move || async move {
        actix_web::HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "server": server }))
    }))
}

/// Asks the server on `127.0.0.1:port` whether it is healthy.
pub fn check(port: u16) -> anyhow::Result<()> {
    let timeout = Duration::from_secs(3);
    let address = ("127.0.0.1", port);
    let mut stream = TcpStream::connect(address)
        .with_context(|| format!("nothing answers on 127.0.0.1:{port}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    // The Host the server answers to (see host_check): the name and the port dialled.
    let request =
        format!("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status_line = response.lines().next().unwrap_or_default();
    if status_line.split_whitespace().nth(1) != Some("200") {
        bail!("/healthz answered '{status_line}'");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_port_is_unhealthy() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        assert!(check(port).is_err());
    }
}
