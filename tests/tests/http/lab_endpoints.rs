//! Every lesson endpoint answers the way its lesson file's policy says, over
//! plain HTTP (the browser suite then shows what Chromium makes of it).

use lab_tests::http::{client, send};
use lab_tests::spawn_app;
use lessons::{fill_literal, OriginRule, Policy};
use reqwest::Method;

#[tokio::test]
async fn every_lab_endpoint_answers_as_its_policy_says() {
    let app = spawn_app();
    let origins = app.origins();
    for lesson in lessons::catalogue().unwrap() {
        // A forbidden method never leaves a browser (and CONNECT is not even
        // routed as a path): its endpoint has no answer to check.
        let sendable =
            |step: &&lessons::Step| cors_model::request::normalise_method(&step.method).is_ok();
        let lab_steps = lesson.steps.iter().filter(sendable);
        for (step, lab) in lab_steps.filter_map(|s| Some((s, s.lab()?))) {
            let method = Method::from_bytes(step.method.as_bytes()).unwrap();
            // Sent from the step's own sender: the page, or the attacker.
            let sender = origins.sender(step);
            let mut request = client()
                .request(method, app.api_url(&step.url_path(&lesson.id)))
                .header("Origin", &sender);
            for (name, value) in &step.headers {
                request = request.header(name, value);
            }
            if let Some(body) = &step.body {
                request = request.body(body.clone());
            }
            let reply = send(request).await;
            let context = format!("{}/{}", lesson.id, step.name);
            if !lab.serves.is_some_and(lessons::Serves::answers_itself) {
                assert_eq!(reply.status, 200, "{context}");
                assert_eq!(reply.json["lesson"], lesson.id.as_str(), "{context}");
            }
            let allow_origin = reply.header("access-control-allow-origin");
            let credentials = reply.header("access-control-allow-credentials");
            match &lab.policy {
                Policy::None => assert_eq!(allow_origin, None, "{context}"),
                Policy::Permissive => {
                    assert_eq!(allow_origin, Some(sender.as_str()), "{context}");
                    assert_eq!(credentials, Some("true"), "{context}");
                }
                Policy::ActixCors(cors) => {
                    let allowed = cors.origins.allows(&sender, |o| o == app.page);
                    let expected = match cors.origins {
                        OriginRule::Any => Some("*"),
                        _ if allowed => Some(sender.as_str()),
                        _ => None,
                    };
                    assert_eq!(allow_origin, expected, "{context}");
                    // actix-cors adds Allow-Credentials even where it leaves
                    // out Allow-Origin; without the latter it allows nothing.
                    if expected.is_some() {
                        let sends = credentials == Some("true");
                        assert_eq!(sends, cors.credentials, "{context}");
                    }
                }
                Policy::Literal { headers } => {
                    for (name, value) in headers {
                        let value = fill_literal(value, &app.page);
                        assert_eq!(
                            reply.header(name),
                            Some(value.as_str()),
                            "{context}: {name}"
                        );
                    }
                }
            }
            for (name, value) in &lab.response_headers {
                assert_eq!(
                    reply.header(name),
                    Some(value.as_str()),
                    "{context}: {name}"
                );
            }
        }
    }
}

#[tokio::test]
async fn writes_are_counted_per_run() {
    let app = spawn_app();
    let (run_a, run_b) = (format!("{}-a", app.run), format!("{}-b", app.run));
    let url = |path: &str, run: &str| app.api_url_in_run(&format!("/lab/simple-post/{path}"), run);
    for _ in 0..2 {
        send(
            client()
                .post(url("comment", &run_a))
                .header("Content-Type", "text/plain")
                .body("x"),
        )
        .await;
    }
    assert_eq!(
        send(client().get(url("count", &run_a))).await.json["writes"],
        2
    );
    assert_eq!(
        send(client().get(url("count", &run_b))).await.json["writes"],
        0
    );
}
