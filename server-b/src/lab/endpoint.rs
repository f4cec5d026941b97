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

/// Writes (any method but GET, HEAD and OPTIONS) that reached each lesson.
#[derive(Default)]
pub struct WriteCounters(Mutex<HashMap<String, u64>>);

impl WriteCounters {
    fn count(&self, lesson: &str, write: bool) -> u64 {
        let mut counts = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = counts.entry(lesson.to_owned()).or_default();
        if write {
            *count += 1;
        }
        *count
    }
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
    let writes = counters.count(&endpoint.lesson, write);
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
