//! `GET /lab/exchanges?after=N&prefix=/lab/x/`: what server-b saw, for the page's wire view.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::recorder::Recorder;

#[derive(Deserialize)]
pub struct Filter {
    #[serde(default)]
    after: u64,
    #[serde(default)]
    prefix: String,
}

pub async fn exchanges(recorder: web::Data<Recorder>, filter: web::Query<Filter>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(recorder.page(filter.after, &filter.prefix))
}
