//! The handler behind every lab endpoint: it answers with JSON saying what it
//! did, and counts the writes that reached it, so a lesson can show that a
//! request JavaScript could not read still ran on the server.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};
use lessons::Step;
use serde_json::json;

pub struct Endpoint {
    lesson: String,
    path: String,
    response_headers: BTreeMap<String, String>,
}

impl Endpoint {
    pub fn new(lesson: &str, step: &Step) -> Self {
        Endpoint {
            lesson: lesson.to_owned(),
            path: step.path.clone(),
            response_headers: step.response_headers.clone(),
        }
    }
}

/// Writes (any method but GET, HEAD and OPTIONS) that reached each lesson in
/// each run (the page's `?run=` value), so every run counts from zero.
#[derive(Default)]
pub struct WriteCounters(Mutex<HashMap<(String, String), u64>>);

/// Runs remembered at the most; past that the counters start over, so memory
/// stays bounded whatever `run` values arrive.
const MAX_RUNS: usize = 10_000;

impl WriteCounters {
    fn count(&self, lesson: &str, run: &str, write: bool) -> u64 {
        let mut counts = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if counts.len() >= MAX_RUNS {
            counts.clear();
        }
        let count = counts
            .entry((lesson.to_owned(), run.to_owned()))
            .or_default();
        if write {
            *count += 1;
        }
        *count
    }
}

/// The `run` query parameter, as the page sends it.
fn run_of(req: &HttpRequest) -> &str {
    req.query_string()
        .split('&')
        .find_map(|pair| pair.strip_prefix("run="))
        .unwrap_or_default()
}

pub async fn respond(
    req: HttpRequest,
    endpoint: web::Data<Endpoint>,
    counters: web::Data<WriteCounters>,
) -> HttpResponse {
    let method = req.method();
    if method == Method::OPTIONS {
        // A preflight that no actix-cors answered: reply "ok" with whatever
        // headers the lesson's literal policy adds (or none).
        return HttpResponse::NoContent().finish();
    }
    let write = !matches!(*method, Method::GET | Method::HEAD);
    let writes = counters.count(&endpoint.lesson, run_of(&req), write);
    let mut response = HttpResponse::Ok();
    for (name, value) in &endpoint.response_headers {
        response.append_header((name.as_str(), value.as_str()));
    }
    response.json(json!({
        "lesson": endpoint.lesson,
        "endpoint": endpoint.path,
        "method": method.as_str(),
        "writes": writes,
    }))
}
