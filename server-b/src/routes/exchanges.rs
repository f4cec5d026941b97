//! `GET /lab/exchanges?run=<nonce>&after=N`: what server-b saw of one run, for
//! the page's wire view. Without `run`, the shared ring of exchanges that
//! carried no run. No request lists other runs' exchanges.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::errors::ApiError;
use crate::recorder::{Recorder, RunId};

/// `?run=<nonce>&after=N`.
#[derive(Deserialize)]
pub struct Filter {
    run: Option<String>,
    #[serde(default)]
    after: u64,
}

/// The handler.
pub async fn exchanges(
    recorder: web::Data<Recorder>,
    filter: web::Query<Filter>,
) -> Result<HttpResponse, ApiError> {
    let run = filter
        .run
        .as_deref()
        .map(RunId::parse)
        .transpose()
        .map_err(|e| ApiError::BadQuery(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(recorder.page(run.as_ref(), filter.after)))
}
