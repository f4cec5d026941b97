//! Builds server-b from a bound listener (so tests can bind port 0). The
//! middleware order is written here, outermost last:
//! the lab's names only (`Host`) > observe (access log, recorder) > (per
//! scope) CORS > session > origin guard > handler.

use std::net::TcpListener;

use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse};
use anyhow::Context;
use common::host_check::HostCheck;
use common::serve::{Bound, Running};
use common::tls::Tls;

use crate::configuration::Settings;
use crate::cors::{api as api_cors, origin_guard};
use crate::errors::{self, ApiError, JSON_LIMIT_BYTES};
use crate::lab;
use crate::login_limit::{self, LoginLimiter};
use crate::notes_store::NotesStore;
use crate::recorder::{self, Recorder};
use crate::routes;
use crate::session::{self, MemoryStore};

/// server-b's listeners: http, and https when `--tls-port` is set.
pub struct Listeners {
    /// The API over plain http.
    pub plain: TcpListener,
    /// The same API over https.
    pub tls: Option<TcpListener>,
}

/// Binds `--bind` with `--port` (and `--tls-port`) and starts server-b.
pub fn build(settings: Settings) -> anyhow::Result<Running> {
    let bind = |port| common::listen::bind(&settings.listen.bind, port);
    let listeners = Listeners {
        plain: bind(settings.listen.port)?,
        tls: settings
            .tls
            .as_ref()
            .map(|tls| bind(tls.port))
            .transpose()?,
    };
    from_listeners(listeners, settings)
}

/// Starts server-b on listeners bound already (tests bind port 0).
pub fn from_listeners(listeners: Listeners, settings: Settings) -> anyhow::Result<Running> {
    let lessons = lessons::catalogue()?;
    let origins = settings.allowed_origins.clone();
    // Built once, outside the factory closure, so every worker shares them.
    let recorder = web::Data::new(Recorder::new(settings.run_limits));
    let notes = web::Data::new(NotesStore::default());
    let login_limiter = web::Data::new(LoginLimiter::new(settings.login_burst));
    let allowed = web::Data::new(origins.clone());
    let hosts = web::Data::new(host_check(&listeners, &settings)?);
    let bound = bound(listeners, settings.tls.as_ref())?;
    let store = MemoryStore::default();
    let key = settings.session_key.clone();
    log::info!("allowed origins: {origins}");
    common::serve::start(bound, settings.listen.workers, move || {
        App::new()
            .app_data(hosts.clone())
            .app_data(recorder.clone())
            .app_data(notes.clone())
            .app_data(login_limiter.clone())
            .app_data(allowed.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(JSON_LIMIT_BYTES)
                    .error_handler(errors::json_error),
            )
            .app_data(web::PathConfig::default().error_handler(errors::path_error))
            .app_data(web::QueryConfig::default().error_handler(errors::query_error))
            .service(common::health::route("server-b"))
            .service(
                web::scope("/api")
                    .configure(api_routes)
                    .wrap(from_fn(origin_guard::refuse_foreign_writes))
                    .wrap(session::middleware(store.clone(), key.clone()))
                    .wrap(from_fn(session::secure_over_https))
                    .wrap(api_cors::policy(&origins)),
            )
            .service(
                web::resource(recorder::EXCHANGES_PATH)
                    .route(web::get().to(routes::exchanges::exchanges))
                    .wrap(api_cors::exchanges_policy(&origins)),
            )
            .service(crate::playground::service())
            .service(web::scope("/lab").configure(|cfg| {
                let sessions = lab::Sessions {
                    store: &store,
                    key: &key,
                };
                lab::configure(cfg, lessons, &origins, &sessions)
            }))
            .wrap(from_fn(recorder::observe))
            // Outermost: a foreign Host (DNS rebinding) reaches no route and
            // is not recorded.
            .wrap(from_fn(common::host_check::refuse_other_names))
    })
}

fn api_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/login")
            .route(web::post().to(routes::login::login))
            .wrap(from_fn(login_limit::limit_logins)),
    )
    .service(routes::logout::logout)
    .service(routes::me::me)
    .service(routes::notes::list)
    .service(routes::notes::create)
    .service(routes::notes::update)
    .service(routes::notes::remove)
    .default_service(web::to(|| async {
        HttpResponse::from_error(ApiError::NotFound)
    }));
}

/// The lab's names, on each listener's port and the port published for it.
fn host_check(listeners: &Listeners, settings: &Settings) -> anyhow::Result<HostCheck> {
    let listen = &settings.listen;
    let mut hosts = listen
        .hosts
        .clone()
        .with_published_port(listeners.plain.local_addr()?.port(), listen.public_port);
    if let (Some(listener), Some(tls)) = (&listeners.tls, &settings.tls) {
        hosts = hosts.with_published_port(listener.local_addr()?.port(), tls.public_port);
    }
    Ok(hosts)
}

/// The listeners with the TLS configuration the https one serves.
fn bound(listeners: Listeners, tls: Option<&Tls>) -> anyhow::Result<Bound> {
    let tls = match (listeners.tls, tls) {
        (Some(listener), Some(tls)) => {
            let config = common::tls::server_config(&tls.certificate)
                .context("--tls-cert / --tls-key (or the lab CA's certificate)")?;
            log::info!(
                "https on port {} (HTTP/2 and HTTP/1.1)",
                listener.local_addr()?.port()
            );
            Some((listener, config))
        }
        (None, None) => None,
        _ => anyhow::bail!("an https listener needs --tls-port's settings, and they need one"),
    };
    Ok(Bound {
        plain: vec![listeners.plain],
        tls,
    })
}
