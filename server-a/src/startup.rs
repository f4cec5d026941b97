//! Builds server-a from a bound listener (so tests can bind port 0).

use std::net::TcpListener;

use actix_files::Files;
use actix_web::middleware::Logger;
use actix_web::{web, App};
use common::serve::Running;

use crate::configuration::Settings;
use crate::routes;

/// Binds `--bind`/`--port` and starts server-a.
pub fn build(settings: Settings) -> anyhow::Result<Running> {
    let listener = common::listen::bind(&settings.bind, settings.port)?;
    from_listener(listener, settings)
}

/// Starts server-a on a listener bound already (tests bind port 0).
pub fn from_listener(listener: TcpListener, settings: Settings) -> anyhow::Result<Running> {
    settings.check_static_dir()?;
    lessons::catalogue()?;
    let api_origin = web::Data::new(settings.api_origin.clone());
    let static_dir = settings.static_dir.clone();
    log::info!("the page calls the API at {}", settings.api_origin);
    common::serve::start(listener, settings.workers, move || {
        App::new()
            .app_data(api_origin.clone())
            .service(common::health::route("server-a"))
            .service(routes::lab_config::config)
            .service(routes::lessons::catalogue)
            .service(routes::explain::explain)
            .configure(routes::doctor::configure)
            .app_data(web::PayloadConfig::new(routes::explain::MAX_BODY))
            .configure(routes::same_origin::configure)
            // Last: it would otherwise answer for every path above.
            .service(Files::new("/", &static_dir).index_file("index.html"))
            .wrap(Logger::new("%s %r %Dms"))
    })
}
