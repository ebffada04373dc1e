//! Authorities end to end with a real relying party: given on the account page, chosen on
//! the "Act as …" chooser, carried as `sub` + `act` with limited privileges in ID and access
//! tokens, userinfo and introspection, and stopped at once by revocation, expiry or a
//! deactivated granter or holder. Then the attacks: someone else's authority, one for another
//! client, forged choices, bursts of grants, revoking what is not yours.

use serde_json::json;

use super::*;

const SCOPE: &str = "openid profile privileges offline_access";

/// Grace gives Hal an authority for `client` carrying only `advocate`.
async fn grace_gives_hal(cast: &Cast, extra: &[(&str, &str)]) -> Authority {
    let grace = cast.app.sign_in(GRACE, PASSWORD).await;
    let mut fields = vec![
        ("holder", HAL),
        ("client", cast.client.id.as_str()),
        ("privileges_mode", "only"),
        ("privilege", "advocate"),
    ];
    fields.extend_from_slice(extra);
    let response = give(&cast.app, &grace, &fields).await;
    assert_eq!(response.status(), 303, "the authority is given");
    newest_authority(&cast.app, &cast.grace).await
}

#[tokio::test]
async fn acting_for_someone_end_to_end_on_both_databases() {
    for db in databases() {
        let cast = cast(db).await;
        let app = &cast.app;
        let authority = grace_gives_hal(&cast, &[]).await;
        assert_eq!(authority.holder_id, cast.hal);
        assert_eq!(authority.client_ids, vec![cast.client.id.clone()]);
        assert_eq!(authority.privileges, Some(vec!["advocate".to_string()]));
        // Hal is told, and both see it listed.
        assert_eq!(mails_with(app, HAL, "gave you an authority").await, 1);
        let hal = app.sign_in(HAL, PASSWORD).await;
        let (_, page) = app.get_page(&hal, "/account/authorities").await;
        assert!(page.contains("Grace Hopper") && page.contains("Act as Grace Hopper"));
        let grace = app.sign_in(GRACE, PASSWORD).await;
        let (_, page) = app.get_page(&grace, "/account/authorities").await;
        assert!(page.contains("Hal Abelson") && page.contains("advocate"));

        // The client asks Hal to act for Grace; the chooser preselects her; Hal confirms.
        let (chooser, _) = authorize(
            app,
            &hal,
            &cast.client,
            SCOPE,
            &[("act_as", &cast.grace)],
            None,
        )
        .await;
        assert_eq!(chooser.status(), 200);
        let html = chooser.text().await.unwrap();
        assert!(html.contains("Myself (Hal Abelson)") && html.contains("Grace Hopper"));
        assert!(html.contains(&format!("value=\"{}\" checked", authority.id)));
        let (back, verifier) = authorize(
            app,
            &hal,
            &cast.client,
            SCOPE,
            &[("act_as", &cast.grace)],
            Some(&authority.id),
        )
        .await;
        let tokens = tokens_from(app, &cast.client, &back, &verifier).await;
        let id_token = claims(&tokens["id_token"]);
        assert_eq!(id_token["sub"], json!(cast.grace));
        assert_eq!(id_token["act"], json!({ "sub": cast.hal }));
        assert_eq!(id_token["privileges"], json!(["advocate"]));
        assert_eq!(id_token["name"], json!("Grace Hopper"));
        let access = claims(&tokens["access_token"]);
        assert_eq!(access["sub"], json!(cast.grace));
        assert_eq!(access["act"], json!({ "sub": cast.hal }));
        assert_eq!(access["privileges"], json!(["advocate"]));
        let access_token = tokens["access_token"].as_str().unwrap();
        let (status, info) = userinfo(app, access_token).await;
        assert_eq!(status, 200);
        assert_eq!(info["sub"], json!(cast.grace));
        assert_eq!(info["act"], json!({ "sub": cast.hal }));
        assert_eq!(info["privileges"], json!(["advocate"]));
        let seen = introspect(app, &cast.client, access_token).await;
        assert_eq!(seen["active"], json!(true));
        assert_eq!(seen["act"], json!({ "sub": cast.hal }));
        let refresh_token = tokens["refresh_token"].as_str().unwrap().to_string();
        let seen = introspect(app, &cast.client, &refresh_token).await;
        assert_eq!(seen["act"], json!({ "sub": cast.hal }));

        // Grace hears of the first use once, however often it is used.
        let (again, verifier2) = authorize(
            app,
            &hal,
            &cast.client,
            SCOPE,
            &[("act_as", &cast.grace)],
            Some(&authority.id),
        )
        .await;
        let tokens2 = tokens_from(app, &cast.client, &again, &verifier2).await;
        assert_eq!(
            mails_with(app, GRACE, "for the first time").await,
            1,
            "one first-use notice"
        );
        // Audited as actor for subject, under the subject.
        let trail = app
            .app
            .store
            .audit_page(&gatehouse::store::AuditFilter {
                kind: Some("authority_used".into()),
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(trail.len(), 2);
        assert!(
            trail
                .iter()
                .all(|e| e.user_id.as_deref() == Some(cast.grace.as_str()))
        );
        assert!(trail[0].detail.contains(HAL) && trail[0].detail.contains(GRACE));

        // A refresh keeps acting, and keeps the limit.
        let (status, refreshed) = refresh(app, &cast.client, &refresh_token).await;
        assert_eq!(status, 200, "{refreshed}");
        assert_eq!(
            claims(&refreshed["access_token"])["act"],
            json!({ "sub": cast.hal })
        );
        let refresh_token = refreshed["refresh_token"].as_str().unwrap().to_string();

        // Grace revokes mid-session: everything issued under it stops at once.
        let response = press(app, &grace, "/account/authorities/revoke", &authority.id).await;
        assert_eq!(response.status(), 303);
        let (status, body) = refresh(app, &cast.client, &refresh_token).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );
        assert_eq!(userinfo(app, access_token).await.0, 401);
        assert_eq!(
            introspect(app, &cast.client, access_token).await["active"],
            json!(false)
        );
        let second = tokens2["access_token"].as_str().unwrap();
        assert_eq!(
            introspect(app, &cast.client, second).await["active"],
            json!(false)
        );
        // The chooser no longer offers her.
        let (chooser, _) = authorize(
            app,
            &hal,
            &cast.client,
            SCOPE,
            &[("act_as", &cast.grace)],
            None,
        )
        .await;
        let html = chooser.text().await.unwrap();
        assert!(!html.contains(&authority.id));
        assert!(html.contains("you hold no authority for them"));
    }
}

#[tokio::test]
async fn prompt_select_account_offers_myself_and_acting_as_myself_is_plain() {
    let cast = cast(Db::Sqlite).await;
    let app = &cast.app;
    let authority = grace_gives_hal(&cast, &[]).await;
    let hal = app.sign_in(HAL, PASSWORD).await;
    let (chooser, _) = authorize(
        app,
        &hal,
        &cast.client,
        SCOPE,
        &[("prompt", "select_account")],
        None,
    )
    .await;
    let html = chooser.text().await.unwrap();
    assert!(html.contains("value=\"self\" checked") && html.contains(&authority.id));
    let (back, verifier) = authorize(
        app,
        &hal,
        &cast.client,
        SCOPE,
        &[("prompt", "select_account")],
        Some("self"),
    )
    .await;
    let tokens = tokens_from(app, &cast.client, &back, &verifier).await;
    let id_token = claims(&tokens["id_token"]);
    assert_eq!(id_token["sub"], json!(cast.hal));
    assert!(id_token.get("act").is_none());
    assert_eq!(id_token["privileges"], json!(["user"]));
    // Without any asking, Hal signs in as himself: an authority is never used unasked.
    let (back, verifier) = authorize(app, &hal, &cast.client, SCOPE, &[], None).await;
    let tokens = tokens_from(app, &cast.client, &back, &verifier).await;
    assert_eq!(claims(&tokens["id_token"])["sub"], json!(cast.hal));
    // prompt=none cannot choose for him.
    let (back, _) = authorize(
        app,
        &hal,
        &cast.client,
        SCOPE,
        &[("prompt", "none"), ("act_as", &cast.grace)],
        None,
    )
    .await;
    assert_eq!(
        query_param(&location(&back), "error").as_deref(),
        Some("account_selection_required")
    );
}

#[tokio::test]
async fn acting_from_the_account_page_covers_the_authoritys_clients_only() {
    let cast = cast(Db::Sqlite).await;
    let app = &cast.app;
    let authority = grace_gives_hal(&cast, &[]).await;
    let hal = app.sign_in(HAL, PASSWORD).await;
    let response = press(app, &hal, "/account/acting", &authority.id).await;
    assert_eq!(response.status(), 303);
    let (_, page) = app.get_page(&hal, "/account/authorities?done=acting").await;
    assert!(page.contains("You act for <strong>Grace Hopper</strong>"));
    // A covered client gets Grace, with no question asked.
    let (back, verifier) = authorize(app, &hal, &cast.client, SCOPE, &[], None).await;
    let tokens = tokens_from(app, &cast.client, &back, &verifier).await;
    assert_eq!(claims(&tokens["id_token"])["sub"], json!(cast.grace));
    // A client the authority does not cover asks, rather than silently giving Hal's own.
    let (chooser, _) = authorize(app, &hal, &cast.other, SCOPE, &[], None).await;
    assert_eq!(chooser.status(), 200);
    assert!(chooser.url().path().ends_with("/authorize/act-as"));
    // Stopping: Hal is himself again everywhere.
    let response = app
        .post_form_from(&hal, "/account/authorities", "/account/acting/stop", &[])
        .await;
    assert_eq!(response.status(), 303);
    let (back, verifier) = authorize(app, &hal, &cast.client, SCOPE, &[], None).await;
    let tokens = tokens_from(app, &cast.client, &back, &verifier).await;
    assert_eq!(claims(&tokens["id_token"])["sub"], json!(cast.hal));
}

#[tokio::test]
async fn expiry_and_deactivation_stop_an_authority_at_once() {
    let cast = cast(Db::Sqlite).await;
    let app = &cast.app;
    // Valid until the end of tomorrow (dates are whole days, UTC).
    let tomorrow = time::OffsetDateTime::from_unix_timestamp(app.clock.now_secs() + 86_400)
        .unwrap()
        .date()
        .to_string();
    let authority = grace_gives_hal(&cast, &[("valid_until", &tomorrow)]).await;
    let hal = app.sign_in(HAL, PASSWORD).await;
    let (back, verifier) = authorize(
        app,
        &hal,
        &cast.client,
        SCOPE,
        &[("act_as", &cast.grace)],
        Some(&authority.id),
    )
    .await;
    let tokens = tokens_from(app, &cast.client, &back, &verifier).await;
    let refresh_token = tokens["refresh_token"].as_str().unwrap();
    app.clock.advance(3 * 86_400);
    let (status, _) = refresh(app, &cast.client, refresh_token).await;
    assert_eq!(status, 400, "an expired authority refreshes nothing");
    assert_eq!(
        app.app
            .store
            .authority_by_id(&authority.id)
            .await
            .unwrap()
            .unwrap()
            .status(app.clock.now_secs()),
        "expired"
    );

    // A fresh authority, then Grace is deactivated: Hal's tokens for her stop.
    let authority = grace_gives_hal(&cast, &[]).await;
    let hal = app.sign_in(HAL, PASSWORD).await;
    let (back, verifier) = authorize(
        app,
        &hal,
        &cast.client,
        SCOPE,
        &[("act_as", &cast.grace)],
        Some(&authority.id),
    )
    .await;
    let tokens = tokens_from(app, &cast.client, &back, &verifier).await;
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let refresh_token = tokens["refresh_token"].as_str().unwrap().to_string();
    app.app
        .store
        .set_active(&cast.grace, false, app.clock.now_secs())
        .await
        .unwrap();
    assert_eq!(
        introspect(app, &cast.client, &access).await["active"],
        json!(false)
    );
    assert_eq!(refresh(app, &cast.client, &refresh_token).await.0, 400);
    app.app
        .store
        .set_active(&cast.grace, true, app.clock.now_secs())
        .await
        .unwrap();
    // ... and when Hal, the holder, is deactivated, too.
    let (back, verifier) = authorize(
        app,
        &hal,
        &cast.client,
        SCOPE,
        &[("act_as", &cast.grace)],
        Some(&authority.id),
    )
    .await;
    let tokens = tokens_from(app, &cast.client, &back, &verifier).await;
    let access = tokens["access_token"].as_str().unwrap().to_string();
    assert_eq!(
        introspect(app, &cast.client, &access).await["active"],
        json!(true)
    );
    app.app
        .store
        .set_active(&cast.hal, false, app.clock.now_secs())
        .await
        .unwrap();
    assert_eq!(
        introspect(app, &cast.client, &access).await["active"],
        json!(false)
    );
    assert_eq!(userinfo(app, &access).await.0, 401);
}

#[tokio::test]
async fn forged_choices_foreign_authorities_and_other_clients_are_refused() {
    let cast = cast(Db::Sqlite).await;
    let app = &cast.app;
    let authority = grace_gives_hal(&cast, &[]).await;
    // Sam holds nothing: Grace's authority id (learned somehow) does not work for him.
    let sam = app.sign_in(SAM, PASSWORD).await;
    let (response, _) = authorize(
        app,
        &sam,
        &cast.client,
        SCOPE,
        &[("prompt", "select_account")],
        Some(&authority.id),
    )
    .await;
    assert_eq!(response.status(), 403);
    let (response, _) = authorize(
        app,
        &sam,
        &cast.client,
        SCOPE,
        &[("prompt", "select_account")],
        Some("not-an-id"),
    )
    .await;
    assert_eq!(response.status(), 403);
    // An over-long act_as goes back to the client as invalid_request, never parked.
    let long = "x".repeat(200);
    let (back, _) = authorize(app, &sam, &cast.client, SCOPE, &[("act_as", &long)], None).await;
    assert_eq!(
        query_param(&location(&back), "error").as_deref(),
        Some("invalid_request")
    );
    // act_as naming someone without an authority: only "Myself".
    let (chooser, _) = authorize(
        app,
        &sam,
        &cast.client,
        SCOPE,
        &[("act_as", &cast.grace)],
        None,
    )
    .await;
    let html = chooser.text().await.unwrap();
    assert!(!html.contains(&authority.id) && html.contains("you hold no authority"));
    // Hal with the authority, but for a client it does not cover.
    let hal = app.sign_in(HAL, PASSWORD).await;
    let (response, _) = authorize(
        app,
        &hal,
        &cast.other,
        SCOPE,
        &[("act_as", &cast.grace)],
        Some(&authority.id),
    )
    .await;
    assert_eq!(response.status(), 403);
    // act_as Grace but choosing an authority for someone else is refused too.
    let sams = {
        let sam_gives = app.sign_in(SAM, PASSWORD).await;
        assert_eq!(
            give(app, &sam_gives, &[("holder", HAL)]).await.status(),
            303
        );
        newest_authority(app, &cast.sam).await
    };
    let (response, _) = authorize(
        app,
        &hal,
        &cast.client,
        SCOPE,
        &[("act_as", &cast.grace)],
        Some(&sams.id),
    )
    .await;
    assert_eq!(response.status(), 403);
    // Sam cannot revoke Grace's authority; it stays in force.
    let response = press(app, &sam, "/account/authorities/revoke", &authority.id).await;
    assert_eq!(response.status(), 422);
    assert!(!is_revoked(app, &authority.id).await);
    // Nor start acting under it.
    let response = press(app, &sam, "/account/acting", &authority.id).await;
    assert_eq!(response.status(), 422);
    // Without the CSRF token nothing happens.
    let response = app
        .post(
            &hal,
            "/account/authorities/revoke",
            &[("id", &authority.id)],
        )
        .await;
    assert_eq!(response.status(), 403);
    // Hal can give it back (either side may revoke).
    let response = press(app, &hal, "/account/authorities/revoke", &authority.id).await;
    assert_eq!(response.status(), 303);
    assert!(is_revoked(app, &authority.id).await);
}

#[tokio::test]
async fn granting_checks_every_field() {
    let cast = cast(Db::Sqlite).await;
    let app = &cast.app;
    let grace = app.sign_in(GRACE, PASSWORD).await;
    for (fields, expected) in [
        (vec![("holder", GRACE)], "yourself"),
        (vec![("holder", "nobody@example.com")], "No account"),
        (vec![("holder", "<script>alert(1)</script>")], "No account"),
        (
            vec![
                ("holder", HAL),
                ("privileges_mode", "only"),
                ("privilege", "admin"),
            ],
            "not a privilege of the granter",
        ),
        (
            vec![("holder", HAL), ("client", "no-such-client")],
            "does not exist",
        ),
        (
            vec![("holder", HAL), ("valid_until", "2001-01-01")],
            "in the past",
        ),
        (
            vec![
                ("holder", HAL),
                ("valid_from", "2031-02-01"),
                ("valid_until", "2031-01-01"),
            ],
            "after the start",
        ),
        (
            vec![("holder", HAL), ("valid_until", "tomorrow")],
            "not a date",
        ),
    ] {
        let response = give(app, &grace, &fields).await;
        assert_eq!(response.status(), 422, "{fields:?}");
        let html = response.text().await.unwrap();
        assert!(html.contains(expected), "{fields:?}: {html}");
        assert!(!html.contains("<script>alert"));
    }
    assert!(
        app.app
            .store
            .authorities_of_user(&cast.grace, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_burst_of_grants_is_charged_before_the_lookup() {
    let cast = cast(Db::Sqlite).await;
    let app = &cast.app;
    let grace = app.sign_in(GRACE, PASSWORD).await;
    let csrf = app.csrf(&grace, "/account/authorities").await;
    let mut tasks = Vec::new();
    for i in 0..60 {
        let (browser, url, csrf) = (grace.clone(), app.url("/account/authorities"), csrf.clone());
        tasks.push(tokio::spawn(async move {
            let holder = if i % 2 == 0 {
                HAL.to_string()
            } else {
                format!("probe{i}@example.com")
            };
            browser
                .post(url)
                .form(&[("csrf", csrf.as_str()), ("holder", holder.as_str())])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut limited = 0;
    for task in tasks {
        if task.await.unwrap() == 429 {
            limited += 1;
        }
    }
    assert_eq!(limited, 40, "20 lookups an hour, however fast they come");
    let given = app
        .app
        .store
        .authorities_of_user(&cast.grace, 100)
        .await
        .unwrap();
    assert!(given.len() <= 20);
}
