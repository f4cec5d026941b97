//! The benchmark's baseline: a bare actix-web app whose only middleware is
//! actix-cors, configured exactly as server-b's `/api` policy
//! (`lessons::api_policy()`: the exact allowed origins, credentials, methods
//! GET POST PUT DELETE, request header Content-Type, max-age 7200).
//!
//! `scripts/bench` runs the same login preflight (`OPTIONS /api/login` from
//! `http://localhost:8080`, asking for POST and `content-type`) against this
//! app and against server-b. The difference is what server-b adds on top of
//! actix-cors (the recorder, request logging, the session middleware), so the
//! ratio of the two says what those cost. No logger, no session, no recorder
//! here on purpose; it depends on nothing of the lab, so that it stays the same
//! when server-b changes.
//!
//! ```text
//! bench-bare [--bind 127.0.0.1] [--port 8082] [--allowed-origins http://localhost:8080]
//! ```
//! (or the variables `BIND`, `PORT`, `ALLOWED_ORIGINS`; origins comma-separated).
//! It also answers `GET /healthz`, a plain answer outside the CORS scope.

use actix_cors::Cors;
use actix_web::{web, App, HttpResponse, HttpServer};

const USAGE: &str =
    "usage: bench-bare [--bind ADDR] [--port PORT] [--allowed-origins ORIGIN[,ORIGIN...]]";

struct Settings {
    bind: String,
    port: u16,
    origins: Vec<String>,
}

fn settings() -> Result<Settings, String> {
    let env = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let mut bind = env("BIND", "127.0.0.1");
    let mut port = env("PORT", "8082");
    let mut origins = env("ALLOWED_ORIGINS", "http://localhost:8080");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--bind" => &mut bind,
            "--port" => &mut port,
            "--allowed-origins" => &mut origins,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        };
        *slot = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
    }
    let port = port
        .parse()
        .map_err(|_| format!("--port / PORT: {port:?} is not a port number"))?;
    let origins: Vec<String> = origins
        .split(',')
        .map(str::trim)
        .filter(|origin| !origin.is_empty())
        .map(String::from)
        .collect();
    if origins.is_empty() {
        return Err("--allowed-origins / ALLOWED_ORIGINS: no origin given".into());
    }
    Ok(Settings {
        bind,
        port,
        origins,
    })
}

/// server-b's `/api` policy, written out by hand.
fn api_policy(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PUT", "DELETE"])
        .allowed_headers(["Content-Type"])
        .supports_credentials()
        .max_age(Some(7_200))
}

fn main() -> std::process::ExitCode {
    let settings = match settings() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("bench-bare: {message}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match actix_web::rt::System::new().block_on(serve(settings)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench-bare: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> std::io::Result<()> {
    let origins = settings.origins;
    let server = HttpServer::new(move || {
        App::new()
            .route(
                "/healthz",
                web::get().to(|| async {
                    HttpResponse::Ok()
                        .content_type("application/json")
                        .body(r#"{"status":"ok","server":"bench-bare"}"#)
                }),
            )
            .service(
                web::scope("/api")
                    .route(
                        "/login",
                        web::post().to(|| async { HttpResponse::NoContent().finish() }),
                    )
                    .wrap(api_policy(&origins)),
            )
    })
    .bind((settings.bind.as_str(), settings.port))?;
    eprintln!("bench-bare listens on {}:{}", settings.bind, settings.port);
    server.run().await
}
