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
    server: Server,
}

/// Starts `factory`'s app on `listener`, with `workers` threads (or one per core).
pub fn start<F, I, S, B>(
    listener: TcpListener,
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
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(factory);
    let server = match workers {
        Some(workers) => server.workers(workers),
        None => server,
    };
    let server = server.listen(listener)?.run();
    Ok(Running { port, server })
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

    /// Where a browser on this machine finds it.
    pub fn address(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    /// Serves until the server is stopped (Ctrl-C, SIGTERM or its handle).
    pub fn run_until_stopped(self) -> impl Future<Output = std::io::Result<()>> {
        self.server
    }
}
