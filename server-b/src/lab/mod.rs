//! `/lab/<lesson>/<endpoint>`: the endpoints each lesson calls, mounted from the
//! catalogue with the policy its file names.

mod basic_auth;
mod endpoint;
mod fetch_metadata;
mod victim;

use actix_cors::Cors;
use actix_web::cookie::Key;
use actix_web::web::{self, ServiceConfig};
use common::Allowlist;

use crate::cors::lesson;
use crate::session::{self, MemoryStore};
use lessons::{Lesson, Policy, Serves};

pub use victim::INTERNAL_TOKEN;

/// The session store and key `/api` uses: the attack track's endpoints read
/// the very session the real login made.
pub struct Sessions<'a> {
    /// Where sessions live.
    pub store: &'a MemoryStore,
    /// The key that seals their cookies.
    pub key: &'a Key,
}

/// Mounts every lab step's endpoint. Steps of one lesson that share a path share
/// its policy (the catalogue checks that), so the first one mounts it.
pub fn configure(
    cfg: &mut ServiceConfig,
    lessons: &[Lesson],
    page_origins: &Allowlist,
    sessions: &Sessions,
) {
    for lesson in lessons {
        let mut mounted = std::collections::HashSet::new();
        // A lesson with a SameSite=None login reads and ends that session on
        // every endpoint of its own, with the cookie's own path.
        let none_cookie = lesson
            .steps
            .iter()
            .filter_map(|s| s.lab())
            .any(|lab| lab.serves == Some(Serves::LoginSameSiteNone));
        for step in &lesson.steps {
            let Some(lab) = step.lab() else { continue };
            if !mounted.insert(&step.path) {
                continue;
            }
            let endpoint = endpoint::Endpoint::new(&lesson.id, &step.path, lab);
            let path = format!("/{}/{}", lesson.id, step.path);
            let resource = web::resource(&path).app_data(web::Data::new(endpoint));
            let resource = match lab.serves {
                Some(Serves::LoginSameSiteNone) => {
                    resource.route(web::post().to(victim::login_same_site_none))
                }
                Some(Serves::Logout) => resource.route(web::post().to(victim::logout)),
                _ => resource,
            };
            // Every lab endpoint reads the session (it costs nothing without
            // a cookie); only the attack track's logins ever write one.
            let session = if none_cookie {
                session::same_site_none_middleware(
                    sessions.store.clone(),
                    sessions.key.clone(),
                    &format!("/lab/{}", lesson.id),
                )
            } else {
                session::middleware(sessions.store.clone(), sessions.key.clone())
            };
            let resource = resource
                .default_service(web::to(endpoint::respond))
                .wrap(session);
            match &lab.policy {
                Policy::None => cfg.service(resource),
                Policy::Permissive => cfg.service(resource.wrap(Cors::permissive())),
                Policy::ActixCors(p) => {
                    cfg.service(resource.wrap(lesson::actix_cors(p, page_origins)))
                }
                Policy::Literal { headers } => {
                    cfg.service(resource.wrap(lesson::literal(headers, page_origins.first())))
                }
            };
        }
    }
}
