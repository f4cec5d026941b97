//! The doctor's work without its words: given the request a page would make,
//! sends what the engine would send (the preflight when due, then the request,
//! then the redirect's next hop when asked to follow it) through a
//! [`Transport`], and judges the answers for both engines. The command line
//! (`report`) and server-a's `POST /doctor` both start here, so they can never
//! disagree about what was sent or what it means.

use cors_model::preflight::{self, Plan};
use cors_model::request::Prepared;
use cors_model::{judge_in, Answer, Engine, Exchange, Headers, Language, Request, Verdict};

use crate::http::Outgoing;
use crate::{warnings, DoctorError};

/// What to examine.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The request as the page makes it (`origin` is the page's origin).
    pub request: Request,
    /// The engine whose requests are sent; the other is judged on the same answers.
    pub engine: Engine,
    /// Also ask from [`warnings::PROBE_ORIGIN`], to catch a reflected origin.
    pub probe: bool,
    /// Follow one redirect of the actual request, as a browser would. The
    /// command line does; server-a does not (a redirect could point anywhere,
    /// past its address checks), and reports the redirect instead.
    pub follow_redirect: bool,
    /// The language of the verdicts' and the warnings' words.
    pub language: Language,
}

/// Sends one request and reads its answer (status and headers, never the body).
pub trait Transport {
    /// Sends `out` exactly as given.
    fn send(&self, out: &Outgoing) -> Result<Answer, DoctorError>;
}

/// Which request a [`Leg`] was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegKind {
    /// The OPTIONS preflight, as the engine sends it.
    Preflight,
    /// The request itself.
    Request,
    /// The request again, at the redirect's Location.
    Redirected,
    /// The question asked again from a foreign origin (`Spec::probe`).
    Probe,
}

impl LegKind {
    /// A name for JSON and logs.
    pub fn name(self) -> &'static str {
        match self {
            LegKind::Preflight => "preflight",
            LegKind::Request => "request",
            LegKind::Redirected => "redirected",
            LegKind::Probe => "probe",
        }
    }
}

/// One request sent and the answer it got.
#[derive(Clone, Debug)]
pub struct Leg {
    /// Which request of the exchange this is.
    pub kind: LegKind,
    /// What was sent.
    pub request: Outgoing,
    /// What came back (status and headers).
    pub answer: Answer,
}

/// A redirect answered to the request itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// The Location, resolved against the request's URL.
    pub location: String,
    /// Whether the next hop was sent (`Spec::follow_redirect`).
    pub followed: bool,
}

/// Everything the doctor found.
#[derive(Clone, Debug)]
pub struct Diagnosis {
    /// The engine whose requests were sent.
    pub engine: Engine,
    /// The request and the answers, as the model takes them.
    pub exchange: Exchange,
    /// Preflight, request and redirected hop, in the order sent (no probe).
    pub legs: Vec<Leg>,
    /// False when a failed preflight stopped the request, as a browser would.
    pub request_sent: bool,
    /// A redirect answered to the request, if any.
    pub redirect: Option<Redirect>,
    /// The probe from the foreign origin, when asked for.
    pub probe: Option<Leg>,
    /// `engine`'s verdict first, then the other engine's, on the same answers.
    pub verdicts: [Verdict; 2],
    /// What works by accident (`warnings::all`).
    pub warnings: Vec<String>,
    /// The language its words are in (`Spec::language`).
    pub language: Language,
}

/// Sends the exchange and judges it.
pub fn examine(spec: &Spec, transport: &impl Transport) -> Result<Diagnosis, DoctorError> {
    let engine = spec.engine;
    let prepared = spec.request.prepare().map_err(DoctorError::Input)?;
    let mut exchange = Exchange {
        request: spec.request.clone(),
        preflight: None,
        response: None,
        redirected: None,
        third_party_cookies: Default::default(),
    };
    let mut legs = Vec::new();
    let plan = preflight::plan(engine, &prepared);
    if let Some(plan) = &plan {
        let out = preflight_request(&prepared, plan, &prepared.origin);
        let answer = transport.send(&out)?;
        exchange.preflight = Some(answer.clone());
        legs.push(Leg {
            kind: LegKind::Preflight,
            request: out,
            answer,
        });
    }
    let language = spec.language;
    let before = judge_in(language, &exchange, engine).map_err(DoctorError::Input)?;
    let mut redirect = None;
    if before.reached_server {
        redirect = actual_exchange(
            spec,
            transport,
            &prepared,
            &before.request_headers,
            &mut exchange,
            &mut legs,
        )?;
    }
    let probe = if spec.probe {
        Some(probe(transport, &prepared, plan.as_ref())?)
    } else {
        None
    };
    let verdicts = [
        judge_in(language, &exchange, engine).map_err(DoctorError::Input)?,
        judge_in(language, &exchange, engine.other()).map_err(DoctorError::Input)?,
    ];
    let warnings = warnings::all(
        language,
        engine,
        exchange.preflight.as_ref(),
        exchange.response.as_ref(),
        probe.as_ref().map(|leg| &leg.answer),
    );
    Ok(Diagnosis {
        engine,
        exchange,
        legs,
        request_sent: before.reached_server,
        redirect,
        probe,
        verdicts,
        warnings,
        language,
    })
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

/// Sends the request as the engine would, and one redirect if answered and
/// `spec.follow_redirect`.
fn actual_exchange(
    spec: &Spec,
    transport: &impl Transport,
    request: &Prepared,
    sent: &Headers,
    exchange: &mut Exchange,
    legs: &mut Vec<Leg>,
) -> Result<Option<Redirect>, DoctorError> {
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
    let answer = transport.send(&out)?;
    exchange.response = Some(answer.clone());
    legs.push(Leg {
        kind: LegKind::Request,
        request: out.clone(),
        answer: answer.clone(),
    });
    if !answer.is_redirect() {
        return Ok(None);
    }
    let Ok(Ok(hop)) = cors_model::redirect::follow(&request.url, &request.origin, &answer) else {
        // A Location that is not a URL, or one with credentials: the model
        // judges the redirect itself, there is no next hop to send.
        return Ok(Some(Redirect {
            location: answer.location().unwrap_or_default(),
            followed: false,
        }));
    };
    let location = hop.to.to_string();
    if !spec.follow_redirect {
        return Ok(Some(Redirect {
            location,
            followed: false,
        }));
    }
    let mut headers = out.headers.clone();
    headers.0.retain(|(n, _)| !n.eq_ignore_ascii_case("origin"));
    let next = Outgoing {
        method: out.method.clone(),
        url: hop.to,
        headers: headers.with("Origin", &hop.origin),
    };
    let landed = transport.send(&next)?;
    exchange.redirected = Some(landed.clone());
    legs.push(Leg {
        kind: LegKind::Redirected,
        request: next,
        answer: landed,
    });
    Ok(Some(Redirect {
        location,
        followed: true,
    }))
}

/// The same question from a foreign origin: a preflight when one is due (or
/// when the method is not safe to repeat), else the request itself.
fn probe(
    transport: &impl Transport,
    request: &Prepared,
    plan: Option<&Plan>,
) -> Result<Leg, DoctorError> {
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
    let answer = transport.send(&out)?;
    Ok(Leg {
        kind: LegKind::Probe,
        request: out,
        answer,
    })
}
