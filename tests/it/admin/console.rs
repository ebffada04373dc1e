//! The console (`/admin`): pages by capability, every action, and its authorization matrix.

use reqwest::Method;

use super::{console, permissions, setup, setup_with, target};
use crate::helpers::*;

/// A console form post: path, fields, the administrator's success status.
type ConsoleAction<'a> = (String, Vec<(&'a str, &'a str)>, u16);

#[tokio::test]
async fn console_pages_follow_capabilities() {
    let a = setup().await;
    let app = &a.app;
    let (plain, _) = console(app, "plain@example.com").await;
    assert_eq!(
        plain.get(app.url("/admin")).send().await.unwrap().status(),
        403
    );
    assert_eq!(
        location(&browser().get(app.url("/admin/users")).send().await.unwrap()),
        "/login"
    );

    let (advocate, csrf) = console(app, "advocate@example.com").await;
    let dashboard = advocate
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        dashboard.contains("href=\"/admin/users\"")
            && !dashboard.contains("href=\"/admin/clients\""),
        "menus follow capabilities"
    );
    assert!(
        !dashboard.contains("<svg"),
        "no audit capability, no sign-in chart"
    );
    assert_eq!(
        advocate
            .get(app.url("/admin/users"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    for path in [
        "/admin/clients",
        "/admin/audit",
        "/admin/invitations",
        "/admin/users/new",
    ] {
        assert_eq!(
            advocate.get(app.url(path)).send().await.unwrap().status(),
            403,
            "{path}"
        );
    }
    let target = target(app, "victim@example.com").await;
    let r = app
        .post(
            &advocate,
            &format!("/admin/users/{target}/active"),
            &[("csrf", &csrf), ("active", "false")],
        )
        .await;
    assert_eq!(r.status(), 403);
    let r = app
        .post(
            &advocate,
            &format!("/admin/users/{target}/delete"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status(), 403);
    // And without the CSRF token nothing happens even for an administrator.
    let (admin, _) = console(app, "root@example.com").await;
    let r = app
        .post(
            &admin,
            &format!("/admin/users/{target}/active"),
            &[("csrf", "forged"), ("active", "false")],
        )
        .await;
    assert_eq!(r.status(), 403);
    assert!(
        app.app
            .store
            .user_by_id(&target)
            .await
            .unwrap()
            .unwrap()
            .active
    );
}

#[tokio::test]
async fn administrators_manage_users_through_the_console() {
    let (app, sink) = crate::accounts::spawn_with_mail(permissions).await;
    let a = setup_with(app).await;
    let app = &a.app;
    let (admin, csrf) = console(app, "root@example.com").await;
    let dashboard = admin
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        dashboard.contains("<svg")
            && dashboard.contains("sign-ins by password")
            && dashboard.contains("failed attempts"),
        "the sign-in chart"
    );

    // Add a user.
    let created = app
        .post(
            &admin,
            "/admin/users/new",
            &[
                ("csrf", &csrf),
                ("first_name", "Ken"),
                ("last_name", "Thompson"),
                ("email", "ken@example.com"),
                ("password", PASSWORD),
                ("privilege", "user"),
                ("privilege", "developer"),
            ],
        )
        .await;
    let page_url = location(&created);
    assert!(
        page_url.starts_with("/admin/users/") && page_url.ends_with("?done=created"),
        "{page_url}"
    );
    let id = page_url
        .trim_start_matches("/admin/users/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let ken = app.app.store.user_by_id(&id).await.unwrap().unwrap();
    assert_eq!(ken.privileges, vec!["developer", "user"]);
    let weak = app
        .post(
            &admin,
            "/admin/users/new",
            &[
                ("csrf", &csrf),
                ("first_name", "A"),
                ("last_name", "B"),
                ("email", "ab@example.com"),
                ("password", "password1234"),
                ("privilege", "user"),
            ],
        )
        .await;
    assert_eq!(weak.status(), 422);
    let html = weak.text().await.unwrap();
    assert!(html.contains("too easy to guess"));
    assert!(
        html.contains("<a href=\"#password\">password: "),
        "the error links to its field: {html}"
    );
    assert!(
        html.contains("value=\"ab@example.com\""),
        "nothing typed is lost"
    );

    // Search finds him; his page shows the forms the admin may use.
    let list = admin
        .get(app.url("/admin/users?q=thompson"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("ken@example.com") && !list.contains("plain@example.com"));
    let page = admin
        .get(app.url(&format!("/admin/users/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Send a password-reset link") && page.contains("Delete"));

    // Edit profile and validity; privileges; reset link; sessions; deactivate; delete.
    let saved = app
        .post(
            &admin,
            &format!("/admin/users/{id}/profile"),
            &[
                ("csrf", &csrf),
                ("email", "ken@bell-labs.example.com"),
                ("first_name", "Ken"),
                ("last_name", "Thompson"),
                ("country", "us"),
                ("valid_until", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(location(&saved), format!("/admin/users/{id}?done=saved"));
    let ken = app.app.store.user_by_id(&id).await.unwrap().unwrap();
    assert_eq!(
        (ken.email_text(), ken.details.country.as_str()),
        ("ken@bell-labs.example.com", "US")
    );
    assert_eq!(ken.valid_until, Some(4102358400));
    let bad = app
        .post(
            &admin,
            &format!("/admin/users/{id}/profile"),
            &[
                ("csrf", &csrf),
                ("email", "x@example.com"),
                ("first_name", "K"),
                ("last_name", "T"),
                ("valid_from", "31/12/2099"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    app.post(
        &admin,
        &format!("/admin/users/{id}/privileges"),
        &[("csrf", &csrf), ("privilege", "user")],
    )
    .await;
    assert_eq!(
        app.app
            .store
            .user_by_id(&id)
            .await
            .unwrap()
            .unwrap()
            .privileges,
        vec!["user"]
    );
    let sent = app
        .post(
            &admin,
            &format!("/admin/users/{id}/reset-password"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(location(&sent), format!("/admin/users/{id}?done=sent"));
    let mail = sink
        .wait_for(
            "ken@bell-labs.example.com",
            std::time::Duration::from_secs(5),
        )
        .await;
    assert!(mail.text_body().contains("/password/reset?token="));
    let kens_browser = app.sign_in("ken@bell-labs.example.com", PASSWORD).await;
    app.post(
        &admin,
        &format!("/admin/users/{id}/end-sessions"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(
        location(&kens_browser.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    let off = app
        .post(
            &admin,
            &format!("/admin/users/{id}/active"),
            &[("csrf", &csrf), ("active", "false")],
        )
        .await;
    assert_eq!(
        location(&off),
        format!("/admin/users/{id}?done=deactivated")
    );
    assert!(!app.app.store.user_by_id(&id).await.unwrap().unwrap().active);
    let unconfirmed = app
        .post(
            &admin,
            &format!("/admin/users/{id}/delete"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(unconfirmed.status(), 422);
    let deleted = app
        .post(
            &admin,
            &format!("/admin/users/{id}/delete"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(location(&deleted), "/admin/users?done=deleted");
    assert!(app.app.store.user_by_id(&id).await.unwrap().is_none());

    // The audit page shows what happened, with the actor.
    let audit = admin
        .get(app.url(&format!("/admin/audit?user={id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for kind in [
        "admin_user_created",
        "admin_privileges_set",
        "admin_password_reset_sent",
        "admin_user_deactivated",
        "admin_user_deleted",
    ] {
        assert!(audit.contains(kind), "{kind} in the audit page");
    }
}

#[tokio::test]
async fn console_privileges_invitations_clients_and_keys() {
    let (app, sink) = crate::accounts::spawn_with_mail(permissions).await;
    let a = setup_with(app).await;
    let app = &a.app;
    let (admin, csrf) = console(app, "root@example.com").await;

    // Privileges: add, refuse to delete a held one without confirmation, then delete.
    app.post(
        &admin,
        "/admin/privileges",
        &[("csrf", &csrf), ("name", "editor")],
    )
    .await;
    app.add_user("ed@example.com", &["user", "editor"]).await;
    let page = admin
        .get(app.url("/admin/privileges"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("editor") && page.contains("remove from 1 user(s)"));
    let refused = app
        .post(
            &admin,
            "/admin/privileges/editor/delete",
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(refused.status(), 409);
    let deleted = app
        .post(
            &admin,
            "/admin/privileges/editor/delete",
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(location(&deleted), "/admin/privileges?done=deleted");

    // Invitations: send, list, revoke.
    let sent = app
        .post(
            &admin,
            "/admin/invitations",
            &[
                ("csrf", &csrf),
                ("email", "guest@example.com"),
                ("privilege", "customer"),
            ],
        )
        .await;
    assert_eq!(location(&sent), "/admin/invitations?done=sent");
    sink.wait_for("guest@example.com", std::time::Duration::from_secs(5))
        .await;
    let page = admin
        .get(app.url("/admin/invitations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("guest@example.com") && page.contains("open"));
    let id = page
        .split("/admin/invitations/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    app.post(
        &admin,
        &format!("/admin/invitations/{id}/revoke"),
        &[("csrf", &csrf)],
    )
    .await;
    let page = admin
        .get(app.url("/admin/invitations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("revoked"));

    // Clients: register (secret shown once), edit, rotate, delete.
    let registered = app
        .post(
            &admin,
            "/admin/clients",
            &[
                ("csrf", &csrf),
                ("name", "Wiki"),
                (
                    "redirect_uris",
                    "https://wiki.example/cb\nhttps://wiki.example/cb2",
                ),
                ("grant_types", "authorization_code refresh_token"),
                ("scopes", "openid email"),
            ],
        )
        .await;
    assert_eq!(registered.status(), 200);
    let html = registered.text().await.unwrap();
    let secret = html
        .split("<code id=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(secret.len(), 43);
    let clients = app.app.store.list_clients().await.unwrap();
    let wiki = clients.iter().find(|c| c.name == "Wiki").unwrap();
    assert_eq!(wiki.redirect_uris.len(), 2);
    let page = admin
        .get(app.url(&format!("/admin/clients/{}", wiki.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains(&secret), "the secret is not shown again");
    let bad = app
        .post(
            &admin,
            &format!("/admin/clients/{}", wiki.id),
            &[
                ("csrf", &csrf),
                ("name", "Wiki"),
                ("redirect_uris", "http://evil.example/cb"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    // The form comes back as typed, its error linked to the field at fault.
    let html = bad.text().await.unwrap();
    assert!(html.contains("<a href=\"#redirect_uris\">"), "{html}");
    assert!(
        html.contains(">http://evil.example/cb</textarea>"),
        "{html}"
    );
    let refused = app
        .post(
            &admin,
            "/admin/clients",
            &[
                ("csrf", &csrf),
                ("name", "Blog"),
                ("redirect_uris", "https://blog.example/cb"),
                ("scopes", "openid nonsense"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("<a href=\"#scopes\">") && html.contains("value=\"Blog\""),
        "{html}"
    );
    let saved = app
        .post(
            &admin,
            &format!("/admin/clients/{}", wiki.id),
            &[
                ("csrf", &csrf),
                ("name", "Wiki 2"),
                ("first_party", "yes"),
                ("redirect_uris", "https://wiki.example/cb"),
            ],
        )
        .await;
    assert_eq!(
        location(&saved),
        format!("/admin/clients/{}?done=saved", wiki.id)
    );
    // Without the confirmation box nothing rotates; with it, the new secret is shown once.
    let unconfirmed = app
        .post(
            &admin,
            &format!("/admin/clients/{}/rotate-secret", wiki.id),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(unconfirmed.status(), 422);
    let rotated = app
        .post(
            &admin,
            &format!("/admin/clients/{}/rotate-secret", wiki.id),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert!(rotated.text().await.unwrap().contains("New client secret"));
    let gone = app
        .post(
            &admin,
            &format!("/admin/clients/{}/delete", wiki.id),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(location(&gone), "/admin/clients?done=deleted");

    // API keys: create (shown once) and use it, then revoke.
    let created = app
        .post(
            &admin,
            "/admin/api-keys",
            &[
                ("csrf", &csrf),
                ("name", "ci"),
                ("capability", "access_user_info"),
            ],
        )
        .await;
    let html = created.text().await.unwrap();
    let key = html
        .split("<code id=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert!(key.starts_with("ghk_"));
    assert_eq!(
        app.api(Some(&key), Method::GET, "/users", None).await.0,
        200
    );
    let page = admin
        .get(app.url("/admin/api-keys"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = page
        .split("<tr>")
        .find(|row| row.contains("<td>ci</td>"))
        .expect("the new key is listed");
    let key_id = row
        .split("/admin/api-keys/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();

    app.post(
        &admin,
        &format!("/admin/api-keys/{key_id}/revoke"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(
        app.api(Some(&key), Method::GET, "/users", None).await.0,
        401
    );
}

/// The console's authorization matrix: every page and every action, for an administrator, a
/// delegate holding only `access_user_info`, and a user with no capability.
#[tokio::test]
async fn console_authorization_matrix() {
    let a = setup().await;
    let app = &a.app;
    let sessions = [
        ("admin", console(app, "root@example.com").await),
        ("advocate", console(app, "advocate@example.com").await),
        ("plain", console(app, "plain@example.com").await),
    ];
    for (name, (browser, csrf)) in &sessions {
        let column = match *name {
            "admin" => 0,
            "advocate" => 1,
            _ => 2,
        };
        let id = target(app, &format!("console-{name}@example.com")).await;
        let client = app.add_client(ClientSpec::confidential()).await.id;
        let privilege = format!("extra-{name}");
        app.app
            .store
            .ensure_privileges(&[privilege.as_str()], false, 0)
            .await
            .unwrap();
        let pages: Vec<(String, [u16; 3])> = vec![
            ("/admin".into(), [200, 200, 403]),
            ("/admin/users".into(), [200, 200, 403]),
            ("/admin/users/new".into(), [200, 403, 403]),
            (format!("/admin/users/{id}"), [200, 200, 403]),
            ("/admin/privileges".into(), [200, 200, 403]),
            ("/admin/invitations".into(), [200, 403, 403]),
            ("/admin/clients".into(), [200, 403, 403]),
            (format!("/admin/clients/{client}"), [200, 403, 403]),
            ("/admin/audit".into(), [200, 403, 403]),
            ("/admin/api-keys".into(), [200, 200, 403]),
        ];
        for (path, expected) in pages {
            let status = browser
                .get(app.url(&path))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            assert_eq!(status, expected[column], "{name} GET {path}");
        }
        let email = format!("made-by-{name}@example.com");
        let invitee = format!("invited-by-{name}@example.com");
        let actions: Vec<ConsoleAction> = vec![
            (
                "/admin/users/new".into(),
                vec![
                    ("first_name", "N"),
                    ("last_name", "U"),
                    ("email", &email),
                    ("password", PASSWORD),
                    ("privilege", "user"),
                ],
                303,
            ),
            (
                format!("/admin/users/{id}/profile"),
                vec![
                    ("email", "renamed@example.com"),
                    ("first_name", "R"),
                    ("last_name", "N"),
                ],
                303,
            ),
            (
                format!("/admin/users/{id}/privileges"),
                vec![("privilege", "user"), ("privilege", "customer")],
                303,
            ),
            (format!("/admin/users/{id}/end-sessions"), vec![], 303),
            (format!("/admin/users/{id}/reset-password"), vec![], 303),
            (
                format!("/admin/users/{id}/active"),
                vec![("active", "false")],
                303,
            ),
            (
                "/admin/privileges".into(),
                vec![("name", "added-here")],
                303,
            ),
            (format!("/admin/privileges/{privilege}/delete"), vec![], 303),
            ("/admin/invitations".into(), vec![("email", &invitee)], 303),
            (
                "/admin/clients".into(),
                vec![("name", "C"), ("redirect_uris", "https://c.example/cb")],
                200,
            ),
            (
                format!("/admin/clients/{client}"),
                vec![("name", "C2"), ("redirect_uris", "https://c.example/cb")],
                303,
            ),
            (
                format!("/admin/clients/{client}/rotate-secret"),
                vec![("confirm", "yes")],
                200,
            ),
            (
                format!("/admin/clients/{client}/delete"),
                vec![("confirm", "yes")],
                303,
            ),
            (
                format!("/admin/users/{id}/delete"),
                vec![("confirm", "yes")],
                303,
            ),
        ];
        for (path, mut form, success) in actions {
            form.push(("csrf", csrf.as_str()));
            let status = browser
                .post(app.url(&path))
                .form(&form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            let expected = if column == 0 { success } else { 403 };
            assert_eq!(status, expected, "{name} POST {path}");
        }
        // Clean up what the admin's round made, so the next round starts alike.
        if column == 0 {
            app.app.store.delete_privilege("added-here").await.unwrap();
        }
    }
}

/// Console forms are typed and their token is checked before anything else: no token, a
/// token of another session, or a body missing a field each get a clear refusal, and none
/// of them changes anything.
#[tokio::test]
async fn console_forms_are_checked_before_they_are_read() {
    let a = setup().await;
    let app = &a.app;
    let (admin, csrf) = console(app, "root@example.com").await;
    let post = |form: Vec<(&'static str, String)>| {
        let admin = admin.clone();
        let url = app.url("/admin/privileges");
        async move {
            let response = admin.post(url).form(&form).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }
    };
    let (status, page) = post(vec![("name", "forged".into())]).await;
    assert_eq!(status, 403, "no token");
    assert!(page.contains("Form expired"));
    let (other, _) = console(app, "advocate@example.com").await;
    let foreign = app.csrf(&other, "/account").await;
    assert_eq!(
        post(vec![("csrf", foreign), ("name", "forged".into())])
            .await
            .0,
        403
    );
    let (status, page) = post(vec![("csrf", csrf.clone())]).await;
    assert_eq!(status, 400, "a missing field is not read as empty: {page}");
    assert!(page.contains("could not be read"));
    let names = app.app.store.privilege_names().await.unwrap();
    assert!(!names.iter().any(|n| n == "forged"));
    assert_eq!(
        post(vec![("csrf", csrf), ("name", "auditor".into())])
            .await
            .0,
        303,
        "the same form, complete, goes through"
    );
}
