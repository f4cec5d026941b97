//! Builds server-a from a bound listener (so tests can bind port 0).

use std::net::TcpListener;

use actix_files::Files;
use actix_web::dev::Server;
use actix_web::middleware::Logger;
use actix_web::{web, App, HttpServer};

use crate::configuration::Settings;
use crate::routes;

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let listener = common::listen::bind(&settings.bind, settings.port)?;
        Self::from_listener(listener, settings)
    }

    pub fn from_listener(listener: TcpListener, settings: Settings) -> anyhow::Result<Self> {
        settings.check_static_dir()?;
        lessons::catalogue().map_err(anyhow::Error::msg)?;
        let port = listener.local_addr()?.port();
        let api_origin = web::Data::new(settings.api_origin.clone());
        let static_dir = settings.static_dir.clone();
        log::info!("the page calls the API at {}", settings.api_origin);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(api_origin.clone())
                .service(routes::health::healthz)
                .service(routes::lab_config::config)
                .service(routes::lessons::catalogue)
                .configure(routes::same_origin::configure)
                // Last: it would otherwise answer for every path above.
                .service(Files::new("/", &static_dir).index_file("index.html"))
                .wrap(Logger::new("%s %r %Dms"))
        })
        .listen(listener)?
        .run();
        Ok(Application { port, server })
    }

    /// Stops the server when asked: tests stop theirs when they end.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn address(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
