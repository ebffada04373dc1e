//! RFC 8693 token exchange at `/token`: a client holding Grace's and Hal's access tokens gets
//! one for Grace acted on by Hal, only under an authority Grace gave Hal for this client, and
//! only if the client is registered for the grant. Refusals carry the RFC's error codes.

use serde_json::json;

use super::*;

const GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS: &str = "urn:ietf:params:oauth:token-type:access_token";

/// An access token for `email` issued to `client` through a normal sign-in.
async fn access_token_of(app: &TestApp, client: &RegisteredClient, email: &str) -> String {
    let browser = app.sign_in(email, PASSWORD).await;
    let (back, verifier) = authorize(
        app,
        &browser,
        client,
        "openid profile privileges",
        &[],
        None,
    )
    .await;
    tokens_from(app, client, &back, &verifier).await["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn exchange(app: &TestApp, client: &RegisteredClient, form: &[(&str, &str)]) -> (u16, Value) {
    let mut full = vec![("grant_type", GRANT)];
    full.extend_from_slice(form);
    token_request(app, client, &full).await
}

async fn grace_gives_hal_through_the_page(cast: &Cast, fields: &[(&str, &str)]) -> Authority {
    let grace = cast.app.sign_in(GRACE, PASSWORD).await;
    let mut all = vec![("holder", HAL)];
    all.extend_from_slice(fields);
    assert_eq!(give(&cast.app, &grace, &all).await.status(), 303);
    newest_authority(&cast.app, &cast.grace).await
}

#[tokio::test]
async fn token_exchange_is_allowed_by_an_authority_and_refused_otherwise() {
    for db in databases() {
        let cast = cast(db).await;
        let app = &cast.app;
        let subject = access_token_of(app, &cast.client, GRACE).await;
        let actor = access_token_of(app, &cast.client, HAL).await;
        let pair = |s: &str, a: &str| {
            vec![
                ("subject_token", s.to_string()),
                ("subject_token_type", ACCESS.to_string()),
                ("actor_token", a.to_string()),
                ("actor_token_type", ACCESS.to_string()),
            ]
        };
        let as_refs =
            |v: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { v.clone() };
        let send = |form: Vec<(&'static str, String)>| {
            let (app, client) = (app, &cast.client);
            async move {
                let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                exchange(app, client, &refs).await
            }
        };
        // No authority yet.
        let (status, body) = send(pair(&subject, &actor)).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_request")),
            "{body}"
        );

        let authority = grace_gives_hal_through_the_page(
            &cast,
            &[("privileges_mode", "only"), ("privilege", "trainer")],
        )
        .await;
        let (status, body) = send(as_refs(&pair(&subject, &actor))).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["issued_token_type"], json!(ACCESS));
        assert_eq!(body["token_type"], json!("Bearer"));
        assert!(body.get("refresh_token").is_none() && body.get("id_token").is_none());
        let exchanged = body["access_token"].as_str().unwrap().to_string();
        let c = claims(&body["access_token"]);
        assert_eq!(c["sub"], json!(cast.grace));
        assert_eq!(c["act"], json!({ "sub": cast.hal }));
        assert_eq!(c["privileges"], json!(["trainer"]));
        let seen = introspect(app, &cast.client, &exchanged).await;
        assert_eq!(seen["active"], json!(true));
        assert_eq!(seen["act"], json!({ "sub": cast.hal }));
        let (status, info) = userinfo(app, &exchanged).await;
        assert_eq!(status, 200);
        assert_eq!(info["sub"], json!(cast.grace));
        assert_eq!(info["act"], json!({ "sub": cast.hal }));

        // The refusals, each with its code.
        let mut swapped = pair(&actor, &subject);
        let (status, body) = send(std::mem::take(&mut swapped)).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_request")),
            "Grace holds nothing from Hal"
        );
        let (_, body) = send(vec![
            ("subject_token", subject.clone()),
            ("subject_token_type", ACCESS.into()),
        ])
        .await;
        assert_eq!(
            body["error"],
            json!("invalid_request"),
            "no impersonation without an actor"
        );
        let mut wrong_type = pair(&subject, &actor);
        wrong_type[1].1 = "urn:ietf:params:oauth:token-type:id_token".into();
        assert_eq!(send(wrong_type).await.1["error"], json!("invalid_request"));
        assert_eq!(
            send(pair("garbage", &actor)).await.1["error"],
            json!("invalid_request")
        );
        assert_eq!(
            send(pair(&exchanged, &actor)).await.1["error"],
            json!("invalid_request"),
            "no chains"
        );
        let mut aud = pair(&subject, &actor);
        aud.push(("audience", "https://elsewhere.example".into()));
        assert_eq!(send(aud).await.1["error"], json!("invalid_target"));
        let mut wider = pair(&subject, &actor);
        wider.push(("scope", "openid email".into()));
        assert_eq!(send(wider).await.1["error"], json!("invalid_scope"));
        let mut requested = pair(&subject, &actor);
        requested.push((
            "requested_token_type",
            "urn:ietf:params:oauth:token-type:refresh_token".into(),
        ));
        assert_eq!(send(requested).await.1["error"], json!("invalid_request"));
        // Tokens issued to another client cannot be exchanged here.
        let foreign = access_token_of(app, &cast.other, GRACE).await;
        assert_eq!(
            send(pair(&foreign, &actor)).await.1["error"],
            json!("invalid_request")
        );
        // A client not registered for the grant.
        let refs = pair(&subject, &actor);
        let refs: Vec<(&str, &str)> = refs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = exchange(app, &cast.other, &refs).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("unauthorized_client"))
        );

        // Revoked: no new exchange, and the exchanged token dies.
        let grace = app.sign_in(GRACE, PASSWORD).await;
        press(app, &grace, "/account/authorities/revoke", &authority.id).await;
        assert_eq!(
            introspect(app, &cast.client, &exchanged).await["active"],
            json!(false)
        );
        assert_eq!(
            send(pair(&subject, &actor)).await.1["error"],
            json!("invalid_request")
        );
    }
}

#[tokio::test]
async fn discovery_lists_token_exchange() {
    let cast = cast(Db::Sqlite).await;
    let meta: Value = reqwest::get(cast.app.url("/.well-known/openid-configuration"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        meta["grant_types_supported"]
            .as_array()
            .unwrap()
            .contains(&json!(GRANT))
    );
    let supported = meta["claims_supported"].as_array().unwrap();
    for claim in ["act", "nickname", "preferred_username"] {
        assert!(supported.contains(&json!(claim)), "{claim}");
    }
}

#[tokio::test]
async fn a_burst_of_exchanges_tells_the_granter_once() {
    let cast = cast(Db::Sqlite).await;
    let app = &cast.app;
    let subject = access_token_of(app, &cast.client, GRACE).await;
    let actor = access_token_of(app, &cast.client, HAL).await;
    grace_gives_hal_through_the_page(&cast, &[]).await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (url, client, subject, actor) = (
            app.url("/token"),
            cast.client.clone(),
            subject.clone(),
            actor.clone(),
        );
        tasks.push(tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .basic_auth(&client.id, client.secret.as_deref())
                .form(&[
                    ("grant_type", GRANT),
                    ("subject_token", &subject),
                    ("subject_token_type", ACCESS),
                    ("actor_token", &actor),
                    ("actor_token_type", ACCESS),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let notices = mails_with(app, GRACE, "for the first time").await;
    assert_eq!(notices, 1, "the first use is told once, not fifty times");
}
