//! Starting a server from a bound listener (zero2prod style: tests bind port 0),
//! and the running server's handle. Both servers build their `App` and hand
//! the factory here.

use std::fmt;
use std::future::Future;
use std::net::TcpListener;

use actix_http::Request;
use actix_service::IntoServiceFactory;
use actix_web::body::MessageBody;
use actix_web::dev::{AppConfig, Response, Server, ServerHandle, Service, ServiceFactory};
use actix_web::{Error, HttpServer};

/// A server that listens; await [`Running::run_until_stopped`] to serve.
pub struct Running {
    port: u16,
    tls_port: Option<u16>,
    server: Server,
}

/// The sockets a server serves, bound already.
pub struct Bound {
    /// Plain http: the server's own port first (server-a adds its attacker's).
    pub plain: Vec<TcpListener>,
    /// https, with the TLS configuration to serve it with.
    pub tls: Option<(TcpListener, rustls::ServerConfig)>,
}

/// How long a new connection may wait before its first request. Browsers
/// open connections ahead of need (Chromium and Firefox preconnect), and a
/// server that gives up on such a connection with `408` after actix's
/// default 5 s hands that 408 to the request the browser then sends on it:
/// Firefox does not retry, so a learner would see a CORS failure ("Status
/// code: 408") that nothing in the lesson caused (the browser matrix met
/// it). A minute covers a browser's pause; an idle connection still ends.
pub const FIRST_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Starts `factory`'s app on `bound`, with `workers` threads (or one per core).
pub fn start<F, I, S, B>(
    bound: Bound,
    workers: Option<usize>,
    factory: F,
) -> anyhow::Result<Running>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, Request>,
    S: ServiceFactory<Request, Config = AppConfig> + 'static,
    S::Error: Into<Error> + 'static,
    S::InitError: fmt::Debug,
    S::Response: Into<Response<B>> + 'static,
    <S::Service as Service<Request>>::Future: 'static,
    S::Service: 'static,
    B: MessageBody + 'static,
{
    let server = HttpServer::new(factory).client_request_timeout(FIRST_REQUEST_TIMEOUT);
    let mut server = match workers {
        Some(workers) => server.workers(workers),
        None => server,
    };
    let mut port = None;
    for listener in bound.plain {
        port = port.or(Some(listener.local_addr()?.port()));
        server = server.listen(listener)?;
    }
    let port = port.ok_or_else(|| anyhow::anyhow!("a server needs a listener"))?;
    let mut tls_port = None;
    if let Some((listener, config)) = bound.tls {
        tls_port = Some(listener.local_addr()?.port());
        server = server.listen_rustls_0_23(listener, config)?;
    }
    Ok(Running {
        port,
        tls_port,
        server: server.run(),
    })
}

impl Running {
    /// Stops the server when asked: tests stop theirs when they end.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// The port it listens on (the real one when bound to port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The https port, when the server serves one.
    pub fn tls_port(&self) -> Option<u16> {
        self.tls_port
    }

    /// Where a browser on this machine finds it.
    pub fn address(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    /// Serves until the server is stopped (Ctrl-C, SIGTERM or its handle).
    pub fn run_until_stopped(self) -> impl Future<Output = std::io::Result<()>> {
        self.server
    }
}
