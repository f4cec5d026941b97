//! Binding the listening socket before the server is built (zero2prod style), so
//! that tests can bind port 0 and a taken port is reported in one clear line.

use std::net::TcpListener;

use anyhow::Context;

/// Binds `host:port`, or says in one line why it cannot (a taken port, mostly).
pub fn bind(host: &str, port: u16) -> anyhow::Result<TcpListener> {
    TcpListener::bind((host, port)).with_context(|| {
        format!("cannot listen on {host}:{port} (is another program using that port? choose another with --port)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_port_is_explained() {
        let taken = bind("127.0.0.1", 0).unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = format!("{:#}", bind("127.0.0.1", port).unwrap_err());
        assert!(
            err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
            "{err}"
        );
    }
}
