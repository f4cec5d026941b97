//! Builds server-a from bound listeners (so tests can bind port 0): the lab
//! page's port, and the attacker's port, which serves only the attacker's
//! pages (see `routes::attacker`).

use std::net::TcpListener;

use actix_files::Files;
use actix_web::middleware::Logger;
use actix_web::{web, App};
use common::serve::Running;

use crate::configuration::Settings;
use crate::routes::{self, attacker};

/// server-a's two listeners.
pub struct Listeners {
    /// The lab page's port.
    pub page: TcpListener,
    /// The attacker's port.
    pub attacker: TcpListener,
}

/// Binds `--bind` with `--port` and `--attacker-port`, and starts server-a.
pub fn build(settings: Settings) -> anyhow::Result<Running> {
    let listeners = Listeners {
        page: common::listen::bind(&settings.listen.bind, settings.listen.port)?,
        attacker: common::listen::bind(&settings.listen.bind, settings.attacker_port)?,
    };
    from_listeners(listeners, settings)
}

/// Starts server-a on listeners bound already (tests bind port 0).
pub fn from_listeners(listeners: Listeners, settings: Settings) -> anyhow::Result<Running> {
    settings.check_static_dir()?;
    lessons::catalogue()?;
    lessons::claims::claims()?;
    // A translation that does not parse stops the start, as a lesson does;
    // one that is missing or stale is served as it is (the tests report it).
    lessons::translation::overlays().map_err(anyhow::Error::msg)?;
    lessons::page_words::all().map_err(anyhow::Error::msg)?;
    lessons::claim_translation::overlays().map_err(anyhow::Error::msg)?;
    let ports = attacker::Ports {
        page: listeners.page.local_addr()?.port(),
        attacker: listeners.attacker.local_addr()?.port(),
    };
    // Every listener answers to the lab's names only; the page's port also
    // under the port a container publishes it on.
    let hosts = web::Data::new(
        settings
            .listen
            .hosts
            .clone()
            .with_published_port(ports.page, settings.listen.public_port),
    );
    let api_origin = web::Data::new(settings.api_origin.clone());
    let api_https = web::Data::new(routes::lab_ca::ApiHttps {
        origin: settings.api_tls_origin.clone(),
        ca_file: settings.ca_file(),
    });
    let doctor_reach = web::Data::new(settings.doctor_reach.clone());
    // One budget for all workers of this server.
    let probe_limits = web::Data::new(routes::doctor::limit::ProbeLimits::default());
    let static_dir = settings.static_dir.clone();
    log::info!("the page calls the API at {}", settings.api_origin);
    if let Some(origin) = &settings.api_tls_origin {
        log::info!("and over https at {origin}; the CA to trust: /lab-ca.pem");
    }
    log::info!("the attacker's pages: http://localhost:{}", ports.attacker);
    let reach = &settings.doctor_reach;
    if let Some(host) = &reach.loopback_host {
        log::info!("\"Check your API\" reaches this machine's localhost at {host}");
    }
    if let Some((host, port)) = &reach.api_address {
        log::info!(
            "\"Check your API\" reaches {} at {host}:{port}",
            settings.api_origin
        );
    }
    let bound = common::serve::Bound {
        plain: vec![listeners.page, listeners.attacker],
        tls: None,
    };
    common::serve::start(bound, settings.listen.workers, move || {
        App::new()
            .app_data(hosts.clone())
            .app_data(api_origin.clone())
            .app_data(api_https.clone())
            .app_data(doctor_reach.clone())
            .app_data(web::Data::new(ports))
            .service(common::health::route("server-a"))
            // First: on the attacker's port it answers every path.
            .service(attacker::scope(&static_dir))
            .service(routes::lab_config::config)
            .service(routes::lab_ca::certificate)
            .service(routes::lessons::catalogue)
            .service(routes::words::words)
            .service(routes::explain::explain)
            .service(routes::explain_error::explain_error)
            .configure(|cfg| routes::doctor::configure(cfg, probe_limits.clone()))
            .configure(routes::har::configure)
            .app_data(web::PayloadConfig::new(routes::explain::MAX_BODY))
            .configure(routes::same_origin::configure)
            // Last: it would otherwise answer for every path above.
            .service(Files::new("/", &static_dir).index_file("index.html"))
            .wrap(actix_web::middleware::from_fn(attacker::mark_port))
            // Before any route, static file or port mark: a foreign Host
            // (DNS rebinding) reaches nothing. Inside the logger, which
            // then logs the 421 too.
            .wrap(actix_web::middleware::from_fn(
                common::host_check::refuse_other_names,
            ))
            .wrap(Logger::new("%s %r %Dms"))
    })
}
