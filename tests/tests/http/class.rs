//! One lab, a whole class: a client flooding logins and new runs from the
//! learner's own address (everything here is loopback) neither logs the
//! learner out nor erases the learner's run.

use std::time::Duration;

use futures_util::future::join_all;
use lab_tests::http::{send, USER};
use lab_tests::spawn_app;
use reqwest::Method;
use serde_json::json;

const FLOOD_LOGINS: usize = 300;
const FLOOD_RUNS: usize = 3_000;

#[tokio::test]
async fn a_flood_from_the_same_address_spoils_nothing_for_a_learner() {
    let app = spawn_app();
    if !app.is_in_process() {
        eprintln!("skipped against running servers: a flood would spoil them for others");
        return;
    }
    let cookie = app.login(USER).await;
    send(app.from_page(Method::GET, "/lab/wildcard/data")).await;
    let before = app.exchanges().await;
    assert_eq!(before.len(), 2);

    let (logins, runs) = tokio::join!(flood_logins(&app), flood_runs(&app));
    assert!(
        logins.contains(&429),
        "the login limit answered the flood: {:?}",
        &logins[..10]
    );
    assert!(
        runs.iter().all(|&status| status == 200),
        "every run answered"
    );

    let (status, me) = app
        .call(app.from_page(Method::GET, "/api/me"), &cookie)
        .await;
    assert_eq!((status, &me["user"]["email"]), (200, &json!(USER.0)));
    let after = app.exchanges().await;
    assert_eq!(
        after[..2],
        before[..],
        "the learner's run kept its exchanges"
    );
    assert_eq!(after.len(), 3, "and it still records");
    let flooded = app
        .exchanges_of(&format!("{}-flood-{}", app.run, FLOOD_RUNS - 1))
        .await
        .json;
    assert_eq!(
        flooded["recorded"], false,
        "late flood runs were not recorded"
    );
}

/// Logins with the demo account, anonymous (no Origin), as fast as they go.
async fn flood_logins(app: &lab_tests::TestApp) -> Vec<u16> {
    let body = json!({"email": USER.0, "password": USER.1});
    let mut statuses = Vec::with_capacity(FLOOD_LOGINS);
    for chunk in 0..FLOOD_LOGINS / 50 {
        let batch = (0..50).map(|_| async {
            let request = app
                .client()
                .post(app.api_url_bare("/api/login"))
                .json(&body);
            request.send().await.map_or(0, |r| r.status().as_u16())
        });
        statuses.extend(join_all(batch).await);
        if chunk == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    statuses
}

/// New runs, each one request, more than the recorder keeps.
async fn flood_runs(app: &lab_tests::TestApp) -> Vec<u16> {
    let mut statuses = Vec::with_capacity(FLOOD_RUNS);
    for chunk in (0..FLOOD_RUNS).collect::<Vec<_>>().chunks(100) {
        let batch = chunk.iter().map(|n| {
            let url = app.api_url_in_run("/lab/wildcard/data", &format!("{}-flood-{n}", app.run));
            async move {
                let response = app.client().get(url).send().await;
                response.map_or(0, |r| r.status().as_u16())
            }
        });
        statuses.extend(join_all(batch).await);
    }
    statuses
}
