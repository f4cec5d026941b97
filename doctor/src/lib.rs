//! cors-doctor: sends a learner's API the exchange a browser would send
//! (the preflight when the model says the engine sends one, then the
//! request with the engine's headers), prints both as raw HTTP, and gives the
//! model's verdict, the failed check, the console line, the fix, and
//! warnings for what only works by accident.

pub mod cli;
pub mod http;
pub mod report;
pub mod warnings;

use cors_model::preflight::{self, Plan};
use cors_model::request::Prepared;
use cors_model::{judge, Answer, Exchange, Headers, InputError, Outcome};

pub use cli::Args;
use http::Outgoing;

/// Why the doctor could not give a verdict (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum DoctorError {
    #[error("bad input: {0}")]
    Usage(String),
    #[error("bad input: {0}")]
    Input(InputError),
    #[error("unreachable: {0}")]
    Unreachable(String),
}

/// What the doctor prints, and its verdict.
#[derive(Debug)]
pub struct Report {
    pub text: String,
    pub verdict: Outcome,
}

impl Report {
    /// 0 allowed, 1 blocked.
    pub fn exit_code(&self) -> u8 {
        match self.verdict {
            Outcome::Allowed => 0,
            Outcome::Blocked => 1,
        }
    }
}

/// Runs the whole diagnosis.
pub fn diagnose(args: &Args) -> Result<Report, DoctorError> {
    let request = args.request()?;
    let prepared = request.prepare().map_err(DoctorError::Input)?;
    let client = http::client(args.timeout)?;
    let mut exchange = Exchange {
        request,
        preflight: None,
        response: None,
        redirected: None,
        third_party_cookies: Default::default(),
    };
    let mut wire = String::new();
    let plan = preflight::plan(args.engine, &prepared);
    if let Some(plan) = &plan {
        let out = preflight_request(&prepared, plan, &prepared.origin);
        let answer = http::send(&client, &out, args.timeout)?;
        wire += &format!(
            "preflight, as {} sends it:\n{}{}\n",
            args.engine.name(),
            http::raw_request(&out),
            http::raw_answer(&answer)
        );
        exchange.preflight = Some(answer);
    }
    let before = judge(&exchange, args.engine).map_err(DoctorError::Input)?;
    if before.reached_server {
        wire += &actual_exchange(
            args,
            &client,
            &prepared,
            &before.request_headers,
            &mut exchange,
        )?;
    } else {
        wire += "the request itself: not sent (a browser stops at the failed preflight)\n\n";
    }
    let probe = if args.probe {
        Some(probe(args, &client, &prepared, plan.as_ref())?)
    } else {
        None
    };
    report::write(args, &exchange, wire, probe.as_ref())
}

fn preflight_request(request: &Prepared, plan: &Plan, origin: &str) -> Outgoing {
    let mut headers = Headers::new()
        .with("Accept", "*/*")
        .with("Origin", origin)
        .with("Access-Control-Request-Method", &plan.request_method);
    if let Some(names) = &plan.request_headers {
        headers = headers.with("Access-Control-Request-Headers", names);
    }
    Outgoing {
        method: "OPTIONS".into(),
        url: request.url.clone(),
        headers,
    }
}

/// Sends the request as the engine would (and one redirect, if answered).
fn actual_exchange(
    args: &Args,
    client: &reqwest::blocking::Client,
    request: &Prepared,
    sent: &Headers,
    exchange: &mut Exchange,
) -> Result<String, DoctorError> {
    let mut headers = sent.clone();
    if !headers.contains("accept") {
        headers = Headers::new().with("Accept", "*/*");
        headers.0.extend(sent.0.iter().cloned());
    }
    let out = Outgoing {
        method: request.method.clone(),
        url: request.url.clone(),
        headers,
    };
    let answer = http::send(client, &out, args.timeout)?;
    let mut wire = format!(
        "the request, as {} sends it:\n{}{}\n",
        args.engine.name(),
        http::raw_request(&out),
        http::raw_answer(&answer)
    );
    if answer.is_redirect() {
        if let Ok(Ok(hop)) = cors_model::redirect::follow(&request.url, &request.origin, &answer) {
            let mut headers = out.headers.clone();
            headers.0.retain(|(n, _)| !n.eq_ignore_ascii_case("origin"));
            let next = Outgoing {
                method: out.method.clone(),
                url: hop.to,
                headers: headers.with("Origin", &hop.origin),
            };
            let landed = http::send(client, &next, args.timeout)?;
            wire += &format!(
                "after the redirect:\n{}{}\n",
                http::raw_request(&next),
                http::raw_answer(&landed)
            );
            exchange.redirected = Some(landed);
        }
    }
    exchange.response = Some(answer);
    Ok(wire)
}

/// The same question from a foreign origin: a preflight when one is due (or
/// when the method is not safe to repeat), else the request itself.
fn probe(
    args: &Args,
    client: &reqwest::blocking::Client,
    request: &Prepared,
    plan: Option<&Plan>,
) -> Result<Answer, DoctorError> {
    let origin = warnings::PROBE_ORIGIN;
    let out = match plan {
        Some(plan) => preflight_request(request, plan, origin),
        None if matches!(request.method.as_str(), "GET" | "HEAD") => Outgoing {
            method: request.method.clone(),
            url: request.url.clone(),
            headers: Headers::new().with("Accept", "*/*").with("Origin", origin),
        },
        None => {
            let plan = Plan {
                request_method: request.method.clone(),
                request_headers: None,
            };
            preflight_request(request, &plan, origin)
        }
    };
    http::send(client, &out, args.timeout)
}
