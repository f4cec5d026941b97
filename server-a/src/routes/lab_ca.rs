//! `GET /lab-ca.pem`: the certificate of the lab's own CA, the one file a
//! learner tells the browser to trust for server-b's https origin. It is
//! read from the TLS directory server-b writes (a volume both containers
//! share under compose) on each request, so it is there as soon as server-b
//! has made it; the CA's key in the same directory is never read here.

use std::path::PathBuf;

use actix_web::{get, web, HttpResponse};
use common::Origin;

/// server-b's https origin, and where its CA certificate is.
#[derive(Clone, Debug)]
pub struct ApiHttps {
    /// `--api-tls-origin`, when server-b serves https.
    pub origin: Option<Origin>,
    /// `ca.pem` in `--tls-dir`.
    pub ca_file: PathBuf,
}

/// The CA certificate as a download, or 404 saying why there is none.
#[get("/lab-ca.pem")]
pub async fn certificate(https: web::Data<ApiHttps>) -> HttpResponse {
    match std::fs::read_to_string(&https.ca_file) {
        Ok(pem) if pem.starts_with("-----BEGIN CERTIFICATE-----") => HttpResponse::Ok()
            .content_type("application/x-pem-file")
            .insert_header((
                "Content-Disposition",
                "attachment; filename=\"cors-lab-ca.pem\"",
            ))
            .insert_header(("Cache-Control", "no-store"))
            .body(pem),
        _ => HttpResponse::NotFound().content_type("text/plain").body(
            "The lab's certificate authority is not made yet: server-b makes it when it \
             starts with --tls-port (docker compose up does), in the directory --tls-dir \
             (LAB_TLS_DIR) that server-a reads too.\n",
        ),
    }
}
