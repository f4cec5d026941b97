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
