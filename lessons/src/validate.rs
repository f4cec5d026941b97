//! Checks a lesson file for mistakes a TOML parser cannot see, so that a broken
//! lesson fails loudly, naming its file, instead of teaching something false.

use std::collections::HashSet;

use anyhow::{bail, ensure, Result};

use crate::engines::Engine;
use crate::fetch_rules::needs_preflight_in;
use crate::model::{
    Api, BodyKind, Credentials, Initiator, LabEndpoint, Lesson, OriginRule, Outcome, Policy,
    Serves, Step, Target, WithCredentials,
};
use cors_model::syntax;

/// Validates a lesson read from `file_name` (`NN-<id>.toml`).
pub fn lesson(file_name: &str, lesson: &Lesson) -> Result<()> {
    let expected_id = file_name
        .trim_end_matches(".toml")
        .split_once('-')
        .map(|(_, id)| id)
        .unwrap_or_default();
    ensure!(
        lesson.id == expected_id,
        "the id '{}' does not match the file name (expected '{expected_id}')",
        lesson.id
    );
    ensure!(
        is_slug(&lesson.id),
        "the id '{}' must be lower-case-with-dashes",
        lesson.id
    );
    ensure!(!lesson.steps.is_empty(), "a lesson needs at least one step");
    crate::prose::check_lesson(lesson)?;
    shared_paths_agree(lesson)?;
    let mut names = HashSet::new();
    // URLs an earlier step preflighted: the browser may answer a later
    // request from its preflight cache (fetch and XMLHttpRequest share it).
    let mut preflighted = HashSet::new();
    for step in &lesson.steps {
        ensure!(
            names.insert(&step.name),
            "two steps are named '{}'",
            step.name
        );
        let key = (step.target.kind(), step.url_path(&lesson.id));
        let cached = preflighted.contains(&key);
        self::step(step, cached).map_err(|e| e.context(format!("step '{}'", step.name)))?;
        if step.expect.preflights.max() > 0 {
            preflighted.insert(key);
        }
    }
    Ok(())
}

/// Steps of a lesson that call the same lab path share one endpoint, so they
/// must describe it the same way.
fn shared_paths_agree(lesson: &Lesson) -> Result<()> {
    let lab_steps: Vec<(&Step, &LabEndpoint)> = lesson
        .steps
        .iter()
        .filter_map(|s| Some((s, s.lab()?)))
        .collect();
    for (i, (a, a_endpoint)) in lab_steps.iter().enumerate() {
        for (b, b_endpoint) in &lab_steps[i + 1..] {
            ensure!(
                a.path != b.path || a_endpoint == b_endpoint,
                "steps '{}' and '{}' share the path '{}' but not its policy",
                a.name,
                b.name,
                a.path
            );
        }
    }
    Ok(())
}

/// One step; `cached` when an earlier step of the lesson preflighted its URL.
fn step(step: &Step, cached: bool) -> Result<()> {
    ensure!(
        is_slug(&step.name),
        "the name must be lower-case-with-dashes"
    );
    document_cookie_claims(&step.expect)?;
    cookies_sent_or_withheld(&step.expect)?;
    ensure!(
        (1..=5).contains(&step.times),
        "times must be between 1 and 5"
    );
    // A token, as fetch takes it: fetch upper-cases only DELETE, GET, HEAD,
    // OPTIONS, POST and PUT, so a lower-case `patch` is a step of its own.
    cors_model::syntax::check_name(&step.method).map_err(|_| {
        anyhow::anyhow!(
            "the method '{}' is not an HTTP method (a token)",
            step.method
        )
    })?;
    header_fields(step)?;
    body_kind(step)?;
    with_credentials(step)?;
    request_mode(step)?;
    ensure!(
        request_text(step).all(|text| !text.contains('\0')),
        "a request cannot carry a NUL byte (no shell can quote it for the curl replay)"
    );
    target(step)?;
    sender(step)?;
    expectations(step, cached)
}

/// The attack track's senders and what they may be told to expect.
fn sender(step: &Step) -> Result<()> {
    match (&step.from, &step.attacker_host) {
        (Initiator::Attacker, Some(host)) => ensure!(
            host == crate::origins::SAME_SITE_ATTACKER_HOST
                || (host.ends_with(".localhost")
                    && host.bytes().all(|b| b.is_ascii_lowercase()
                        || b.is_ascii_digit()
                        || b"-.".contains(&b))),
            "attacker_host '{host}' must be localhost or a name under .localhost \
             (browsers resolve those to loopback without DNS)"
        ),
        (_, Some(_)) => bail!("attacker_host needs from = \"attacker\""),
        _ => {}
    }
    ensure!(
        step.embedder_policy.is_none() || step.from == Initiator::Attacker,
        "embedder_policy is the attacker's page's (from = \"attacker\")"
    );
    let serves = step.lab().and_then(|lab| lab.serves);
    let serves_data = matches!(serves, Some(Serves::Account | Serves::Internal));
    ensure!(
        step.expect.leaks.is_none() || serves_data,
        "expect.leaks needs an endpoint that serves = \"account\" or \"internal\""
    );
    ensure!(
        step.expect.with_third_party_cookies.is_none()
            || matches!(step.from, Initiator::Attacker | Initiator::Sandboxed),
        "with_third_party_cookies is for steps sent from the attacker's pages"
    );
    // The setting changes whether a cookie goes, never which rows there are.
    let named = step.expect.cookie_claims();
    let changed = step
        .expect
        .with_third_party_cookies
        .as_ref()
        .and_then(|changes| changes.cookies_sent.as_ref());
    if let Some(name) = changed
        .map(|sent| sent.names())
        .unwrap_or_default()
        .into_iter()
        .find(|name| !named.iter().any(|(n, _)| n == name))
    {
        bail!(
            "with_third_party_cookies sends {name}: name it in cookies_sent or cookies_withheld too"
        );
    }
    Ok(())
}

/// `with_credentials` says how XMLHttpRequest code sets the property
/// (only a step sent with it has one): `unset` (false) only without `include`.
fn with_credentials(step: &Step) -> Result<()> {
    let unset = step
        .xhr()
        .is_some_and(|xhr| xhr.with_credentials == WithCredentials::Unset);
    ensure!(
        !unset || step.credentials != Credentials::Include,
        "with_credentials = \"unset\" leaves it false: credentials = \"include\" cannot hold"
    );
    Ok(())
}

/// `mode = "no-cors"`: fetch only (XMLHttpRequest has no such mode), a
/// request fetch accepts in that mode (GET, HEAD or POST, safelisted headers
/// only, or fetch throws), and an outcome that mode has: the opaque answer,
/// or blocked (by `Cross-Origin-Resource-Policy`). `opaque` is no-cors's alone.
fn request_mode(step: &Step) -> Result<()> {
    let opaque = crate::Engine::ALL
        .into_iter()
        .any(|engine| step.expect.outcome.get(engine) == crate::Outcome::Opaque);
    if step.mode == crate::RequestMode::Cors {
        ensure!(
            !opaque,
            "outcome \"opaque\" is for mode = \"no-cors\" steps"
        );
        return Ok(());
    }
    ensure!(
        step.fixed_api() == Some(crate::Api::Fetch),
        "mode = \"no-cors\" needs api = \"fetch\" (XMLHttpRequest has no such mode)"
    );
    ensure!(
        ["GET", "HEAD", "POST"].contains(&step.method.as_str())
            && !crate::fetch_rules::needs_preflight_in_cors_mode(step),
        "mode = \"no-cors\" takes a simple request only (GET, HEAD or POST, safelisted \
         headers): fetch throws for anything else"
    );
    let allowed = crate::Engine::ALL
        .into_iter()
        .any(|engine| step.expect.outcome.get(engine) == crate::Outcome::Allowed);
    ensure!(
        !allowed,
        "a no-cors answer is \"opaque\" (JavaScript reads nothing) or \"blocked\", never \"allowed\""
    );
    Ok(())
}

/// A `ReadableStream` body: fetch only (`xhr.send(stream)` sends the string
/// "[object ReadableStream]"), from the page itself (the other origin's
/// runner does not build streams), once per run (a stream is read once).
fn body_kind(step: &Step) -> Result<()> {
    if step.body_kind != BodyKind::Stream {
        return Ok(());
    }
    ensure!(step.body.is_some(), "body_kind = \"stream\" needs a body");
    ensure!(
        step.fixed_api() == Some(Api::Fetch),
        "a stream body needs api = \"fetch\": XMLHttpRequest cannot send a ReadableStream \
         (it sends the string \"[object ReadableStream]\")"
    );
    ensure!(
        step.from == Initiator::Page && step.times == 1,
        "a stream body is sent once, from the page itself"
    );
    Ok(())
}

/// Every header name and value the step sends, answers with or reads.
fn header_fields(step: &Step) -> Result<()> {
    for (name, value) in &step.headers {
        syntax::check(name, value)?;
    }
    for name in &step.read_headers {
        syntax::check_name(name)?;
    }
    match step.lab() {
        Some(lab) => endpoint_header_fields(lab),
        None => Ok(()),
    }
}

/// Every header name and value a lab endpoint answers with or allows.
fn endpoint_header_fields(lab: &LabEndpoint) -> Result<()> {
    for (name, value) in lab.response_headers.iter().chain(&lab.preflight_headers) {
        syntax::check(name, value)?;
    }
    match &lab.policy {
        Policy::Literal { headers } => {
            for (name, value) in headers {
                syntax::check(name, value)?;
            }
        }
        Policy::ActixCors(cors) => {
            for name in cors.headers.iter().chain(&cors.expose) {
                syntax::check_name(name)?;
            }
            for method in &cors.methods {
                syntax::check_name(method)?;
            }
        }
        Policy::None | Policy::Permissive => {}
    }
    Ok(())
}

/// Everything the request of a step is made of.
fn request_text(step: &Step) -> impl Iterator<Item = &str> {
    let headers = step
        .headers
        .iter()
        .flat_map(|(n, v)| [n.as_str(), v.as_str()]);
    [step.path.as_str(), step.method.as_str()]
        .into_iter()
        .chain(headers)
        .chain(step.body.as_deref())
}

fn target(step: &Step) -> Result<()> {
    let prefix = match &step.target {
        Target::Lab(endpoint) => return lab_endpoint(&step.path, endpoint),
        Target::Api => "/api/",
        Target::Page => "/",
    };
    ensure!(
        step.path.starts_with(prefix),
        "the path must start with {prefix}"
    );
    Ok(())
}

/// A lab step's endpoint, at `path` under `/lab/<lesson>/`.
fn lab_endpoint(path: &str, endpoint: &LabEndpoint) -> Result<()> {
    ensure!(
        is_slug(path),
        "a lab path is one lower-case-with-dashes segment"
    );
    ensure!(
        (endpoint.preflight_answer.is_none() && endpoint.preflight_headers.is_empty())
            || !matches!(endpoint.policy, Policy::ActixCors(_)),
        "preflight_answer needs a literal policy (actix-cors answers preflights itself)"
    );
    policy_makes_sense(&endpoint.policy)
}

fn policy_makes_sense(policy: &Policy) -> Result<()> {
    match policy {
        Policy::ActixCors(cors) => {
            ensure!(
                !(cors.origins == OriginRule::Any && cors.credentials),
                "actix-cors cannot send '*' with credentials: write that mistake as a literal policy"
            );
            Ok(())
        }
        Policy::Literal { headers } => {
            ensure!(!headers.is_empty(), "a literal policy needs headers");
            Ok(())
        }
        Policy::None | Policy::Permissive => Ok(()),
    }
}

/// Whether the API refuses the step before sending anything in every
/// engine (a forbidden method), and that the file says so wherever an engine
/// refuses it (a forbidden method everywhere, a `ReadableStream` body in
/// WebKit): outcome "error" there, nothing sent, no console line.
fn refused_before_sending(step: &Step) -> Result<bool> {
    let expect = &step.expect;
    let method = &step.method;
    let mut refusing = 0;
    for engine in Engine::ALL {
        let refused = crate::fetch_rules::refused_in(engine, step);
        let label = engine.label();
        let error = expect.outcome.get(engine) == Outcome::Error;
        ensure!(
            refused || !error,
            "outcome \"error\" is for a request the API refuses before sending (CONNECT, \
             TRACE, TRACK; a ReadableStream body in WebKit); {label} sends this one"
        );
        if !refused {
            continue;
        }
        refusing += 1;
        ensure!(
            error,
            "{label} refuses this request before sending it: the outcome there is \"error\""
        );
        ensure!(
            expect.preflights.get(engine) == 0 && step.expected_request_count().get(engine) == 0,
            "{label} sends nothing for this request: write preflights = 0 and requests = 0 there"
        );
        ensure!(
            expect
                .console
                .as_ref()
                .is_none_or(|lines| lines.get(engine).0.is_empty()),
            "{label} sends nothing for this request: no console line there"
        );
    }
    let everywhere = refusing == Engine::ALL.len();
    ensure!(
        !everywhere || (expect.console.is_none() && expect.status.is_none()),
        "nothing is sent for {method}: no console line and no status"
    );
    Ok(everywhere)
}

fn expectations(step: &Step, cached: bool) -> Result<()> {
    if refused_before_sending(step)? {
        return Ok(());
    }
    let expect = &step.expect;
    let blocked = expect.outcome.any(Outcome::Blocked);
    match (&expect.console, blocked) {
        (Some(lines), true) => crate::console::check_console(lines, expect.outcome)?,
        (None, true) => {
            bail!(
                "a blocked step must give the console lines each engine logs (chromium, firefox, \
                 webkit)"
            )
        }
        (Some(_), false) => bail!("an allowed step logs no CORS console line"),
        (None, false) => {}
    }
    let cross_origin = step.target != Target::Page;
    for engine in Engine::ALL {
        let preflights = expect.preflights.get(engine);
        let needed = needs_preflight_in(engine, step);
        if !cross_origin || (cached && preflights == 0) {
            // Same-origin, or a preflight an earlier step left in the cache.
            continue;
        }
        ensure!(
            needed == (preflights > 0),
            "the Fetch rules say {} preflights this request{}, but expect.preflights is {preflights} there",
            engine.label(),
            if needed { "" } else { " not" },
        );
    }
    ensure!(
        expect.preflights.max() <= step.times,
        "more preflights than requests"
    );
    if expect
        .session_cookie_sent
        .is_some_and(|sent| sent.any(true))
    {
        ensure!(
            step.credentials == Credentials::Include || !cross_origin,
            "a cross-origin request sends cookies only with credentials: \"include\""
        );
    }
    Ok(())
}

/// A cookie is sent or withheld in an engine, never both.
fn cookies_sent_or_withheld(expect: &crate::Expect) -> Result<()> {
    for engine in Engine::ALL {
        let sent = expect.cookies_sent.get_ref(engine);
        if let Some(name) = expect
            .cookies_withheld
            .get_ref(engine)
            .iter()
            .find(|name| sent.contains(name))
        {
            bail!(
                "cookie {name}: both in cookies_sent and cookies_withheld for {}",
                engine.label()
            );
        }
    }
    Ok(())
}

/// Where `document.cookie` is written per engine, every cookie it names is
/// claimed in each engine, shown or not: a row of "expected vs observed"
/// needs a value for the learner's engine.
fn document_cookie_claims(expect: &crate::Expect) -> Result<()> {
    let (has, lacks) = (&expect.document_cookie_has, &expect.document_cookie_lacks);
    for name in has.names().into_iter().chain(lacks.names()) {
        for engine in Engine::ALL {
            let shown = has.get_ref(engine).contains(name);
            let hidden = lacks.get_ref(engine).contains(name);
            ensure!(
                shown != hidden,
                "document.cookie {name}: say in {} whether it shows it (document_cookie_has \
                 or document_cookie_lacks, once)",
                engine.label()
            );
        }
    }
    Ok(())
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
