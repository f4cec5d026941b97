//! `/lab/<lesson>/<endpoint>`: the endpoints each lesson calls, mounted from the
//! catalogue with the policy its file names.

mod endpoint;

use actix_web::web::{self, ServiceConfig};
use common::Allowlist;

use crate::cors::lesson;
use lessons::{Lesson, Policy, Target};

/// Mounts every lab step's endpoint. Steps of one lesson that share a path share
/// its policy (the catalogue checks that), so the first one mounts it.
pub fn configure(cfg: &mut ServiceConfig, lessons: &[Lesson], page_origins: &Allowlist) {
    for lesson in lessons {
        let mut mounted = std::collections::HashSet::new();
        for step in lesson.steps.iter().filter(|s| s.target == Target::Lab) {
            if !mounted.insert(&step.path) {
                continue;
            }
            let endpoint = endpoint::Endpoint::new(&lesson.id, step);
            let resource = web::resource(format!("/{}/{}", lesson.id, step.path))
                .app_data(web::Data::new(endpoint))
                .default_service(web::to(endpoint::respond));
            match step.policy.as_ref().unwrap_or(&Policy::None) {
                Policy::None => cfg.service(resource),
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
