use lab_tests::http::{client, send};
use lab_tests::spawn_app;

#[tokio::test]
async fn both_servers_are_healthy() {
    let app = spawn_app();
    for (url, server) in [
        (app.page_url("/healthz"), "server-a"),
        (app.api_url("/healthz"), "server-b"),
    ] {
        let reply = send(client().get(url)).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json["server"], server);
    }
}

#[tokio::test]
async fn the_page_learns_where_the_api_is() {
    let app = spawn_app();
    let reply = send(client().get(app.page_url("/config.json"))).await;
    assert_eq!(reply.json["apiOrigin"], app.api.as_str());
    assert_eq!(reply.json["pageOrigin"], app.page.as_str());
    let other = app.page.replace("localhost", "127.0.0.1");
    assert_eq!(reply.json["otherPageOrigin"], other.as_str());
    // The playground's form comes from the model's list of policy fields.
    let fields = &reply.json["playgroundFields"];
    assert_eq!(fields["preflight"][2], "allow_credentials");
    assert!(fields["response"]
        .as_array()
        .unwrap()
        .contains(&"expose_headers".into()));
    assert_eq!(fields["both"], serde_json::json!(["vary", "set_cookie"]));
    // The playground's senders: named once, in the form's order, each with
    // its origin; the page sends itself, the others from a frame.
    let names = reply.json["senderNames"].as_array().unwrap();
    assert_eq!(names[0], "page");
    assert_eq!(
        names.len(),
        reply.json["senders"].as_object().unwrap().len()
    );
    for name in names {
        let sender = &reply.json["senders"][name.as_str().unwrap()];
        assert!(sender["origin"].is_string(), "{name}: {sender}");
        assert_eq!(
            sender["frame"].is_null(),
            name == "page",
            "{name}: {sender}"
        );
    }
    assert_eq!(reply.json["senders"]["sandboxed"]["origin"], "null");
}

#[tokio::test]
async fn the_page_and_the_catalogue_are_served() {
    let app = spawn_app();
    let index = client().get(app.page_url("/")).send().await.unwrap();
    assert_eq!(index.status(), 200);
    assert!(index.text().await.unwrap().contains("CORS Lab"));
    let reply = send(client().get(app.page_url("/lessons.json"))).await;
    let ids: Vec<_> = reply
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].clone())
        .collect();
    let catalogue = lessons::catalogue().unwrap();
    assert_eq!(ids.len(), catalogue.len());
    assert!(catalogue.iter().all(|l| ids.contains(&l.id.clone().into())));
}

/// `?lang=` serves the catalogue in that language: each lesson's text from
/// its translation (placeholders filled, as in English), its steps and
/// expectations the English file's; English where the language is absent,
/// unknown or asked for.
#[tokio::test]
async fn the_catalogue_is_served_in_the_language_asked_for() {
    let app = spawn_app();
    let english = send(client().get(app.page_url("/lessons.json"))).await;
    let overlays = lessons::translation::overlays().unwrap();
    for (query, language) in [("ru", "ru"), ("zh-CN", "zh"), ("de", "en"), ("en", "en")] {
        let url = app.page_url(&format!("/lessons.json?lang={query}"));
        let reply = client().get(url).send().await.unwrap();
        let header = reply.headers()["content-language"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(header, language, "?lang={query}");
        let served: serde_json::Value = reply.json().await.unwrap();
        let (served, english) = (served.as_array().unwrap(), english.json.as_array().unwrap());
        assert_eq!(served.len(), english.len());
        for (lesson, original) in served.iter().zip(english) {
            let id = lesson["id"].as_str().unwrap();
            let overlay = lessons::translation::Language::from_tag(language)
                .and_then(|l| overlays.get(&l))
                .and_then(|of_language| of_language.get(id));
            let expected_summary = match overlay {
                Some(overlay) => overlay.summary.clone(),
                None => original["summary"].as_str().unwrap().to_owned(),
            };
            // A summary without placeholders is served as written.
            if !expected_summary.contains('{') {
                assert_eq!(
                    lesson["summary"],
                    expected_summary.as_str(),
                    "{id} in {language}"
                );
            }
            assert_eq!(
                lesson["steps"].as_array().unwrap().len(),
                original["steps"].as_array().unwrap().len()
            );
            assert_eq!(
                lesson["steps"][0]["expect"], original["steps"][0]["expect"],
                "{id}"
            );
            let explanation = lesson["explanation"].as_str().unwrap();
            assert!(
                !explanation.contains("{page_origin}"),
                "{id}: placeholders filled"
            );
            // The claims the lesson answers, in the language too.
            for (claim, english_claim) in lesson["claims"]
                .as_array()
                .into_iter()
                .flatten()
                .zip(original["claims"].as_array().into_iter().flatten())
            {
                assert_eq!(claim["verdict"], english_claim["verdict"], "{id}");
                let translated = claim["says"] != english_claim["says"];
                assert_eq!(translated, language != "en", "{id} in {language}: {claim}");
            }
        }
    }
}

/// A stream step reaches the page as such: its body kind, its fixed API,
/// the outcome per engine, the expected rows per engine (no status where
/// no request is sent) and the curl view that sends the body as text.
#[tokio::test]
async fn a_stream_step_is_served_with_its_body_kind_and_per_engine_rows() {
    let app = spawn_app();
    let reply = send(client().get(app.page_url("/lessons.json"))).await;
    let lesson = reply
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "stream-body")
        .cloned()
        .expect("the stream-body lesson is served");
    let step = &lesson["steps"][0];
    assert_eq!(step["body_kind"], "stream");
    assert_eq!(step["api"], "fetch");
    assert_eq!(
        step["expect"]["outcome"],
        serde_json::json!({"chromium": "blocked", "firefox": "allowed", "webkit": "error"})
    );
    let row = |kind: &str| {
        step["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["observe"]["kind"] == kind)
            .map(|c| c["expected"].clone())
            .unwrap_or_default()
    };
    assert_eq!(
        row("requests"),
        serde_json::json!({"chromium": 0, "firefox": 1, "webkit": 0})
    );
    assert_eq!(
        row("status"),
        serde_json::json!({"chromium": null, "firefox": 200, "webkit": null})
    );
    let curl = step["curl"].as_array().unwrap();
    assert_eq!(curl.len(), 2, "the preflight Chromium sends, then the POST");
    assert!(
        curl[1].as_str().unwrap().contains("--data-raw hello"),
        "{curl:?}"
    );
    let text = lesson["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "text");
    assert_eq!(text.unwrap()["body_kind"], "text");
}
