//! The rest of Lino's and docassemble's user model: nickname and initials edited by their
//! owner, the display name (nickname, else full name, else initials, else the address),
//! a username chosen at sign-up that signs in instead of the e-mail, the `nickname` and
//! `preferred_username` claims, and which fields one may edit decided by a capability.

use reqwest::Method;
use serde_json::json;

use super::*;
use crate::admin::{permissions, setup_with};

#[tokio::test]
async fn nickname_and_initials_are_edited_shown_and_claimed() {
    let cast = cast(Db::Sqlite).await;
    let app = &cast.app;
    let hal = app.sign_in(HAL, PASSWORD).await;
    let (_, page) = app.get_page(&hal, "/account/profile").await;
    assert!(page.contains("name=\"nickname\"") && page.contains("name=\"initials\""));
    let response = app
        .post_form(
            &hal,
            "/account/profile",
            &[
                ("first_name", "Hal"),
                ("last_name", "Abelson"),
                ("nickname", "Hacker"),
                ("initials", "HA"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let user = app.app.store.user_by_id(&cast.hal).await.unwrap().unwrap();
    assert_eq!(
        (user.nickname.as_str(), user.initials.as_str()),
        ("Hacker", "HA")
    );
    assert_eq!(user.display_name(), "Hacker");
    let response = app
        .post_form(
            &hal,
            "/account/profile",
            &[
                ("first_name", "Hal"),
                ("last_name", "Abelson"),
                ("initials", "TOOLONGINITIALS"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    // Claims: `nickname` with the profile scope.
    let (back, verifier) = authorize(app, &hal, &cast.client, "openid profile", &[], None).await;
    let tokens = tokens_from(app, &cast.client, &back, &verifier).await;
    let id_token = claims(&tokens["id_token"]);
    assert_eq!(id_token["nickname"], json!("Hacker"));
    assert_eq!(id_token["name"], json!("Hacker"));
    let (_, info) = userinfo(app, tokens["access_token"].as_str().unwrap()).await;
    assert_eq!(info["nickname"], json!("Hacker"));
}

#[tokio::test]
async fn without_nicknames_the_field_is_not_offered() {
    let app = spawn_app_with(Db::Sqlite, |s| s.accounts.with_nickname = false).await;
    app.add_user("nick@example.com", &["user"]).await;
    let browser = app.sign_in("nick@example.com", PASSWORD).await;
    let (_, page) = app.get_page(&browser, "/account/profile").await;
    assert!(!page.contains("name=\"nickname\"") && page.contains("name=\"initials\""));
    // Posting it anyway changes nothing.
    app.post_form(
        &browser,
        "/account/profile",
        &[
            ("first_name", "A"),
            ("last_name", "B"),
            ("nickname", "Sneaky"),
        ],
    )
    .await;
    let user = app
        .app
        .store
        .user_by_email(&gatehouse::domain::Email::parse("nick@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.nickname, "");
}

#[tokio::test]
async fn a_username_chosen_at_sign_up_signs_in_and_is_claimed() {
    for db in databases() {
        let app = spawn_app_with(db, |s| s.accounts.allow_unverified_sign_in = true).await;
        let browser = browser();
        let csrf = app.csrf(&browser, "/register").await;
        let form = |user: &'static str, email: &'static str| {
            vec![
                ("csrf", csrf.clone()),
                ("first_name", "Ursula".into()),
                ("last_name", "Le Guin".into()),
                ("email", email.into()),
                ("username", user.into()),
                ("password", "violet tangerine harbour lantern".into()),
            ]
        };
        let response = browser
            .post(app.url("/register"))
            .form(&form("Ursula.L", "ursula@example.com"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        let user = app
            .app
            .store
            .user_by_username("ursula.l")
            .await
            .unwrap()
            .expect("stored lower case");
        // Taken, and badly shaped, usernames are refused with a human message.
        let response = browser
            .post(app.url("/register"))
            .form(&form("ursula.l", "other@example.com"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("This username is taken")
        );
        let response = browser
            .post(app.url("/register"))
            .form(&form("9lives@x", "nine@example.com"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        // Signing in with the username (any case) works; a wrong password says what it says
        // for any account.
        let signed = submit_login(
            &app,
            &browser,
            &app.url("/login"),
            "URSULA.L",
            "violet tangerine harbour lantern",
        )
        .await;
        assert_eq!(signed.status(), 303);
        let wrong = submit_login(
            &app,
            &reqwest::Client::new(),
            &app.url("/login"),
            "ursula.l",
            "wrong password entirely",
        )
        .await;
        let unknown = submit_login(
            &app,
            &reqwest::Client::new(),
            &app.url("/login"),
            "nobody.here",
            "wrong password entirely",
        )
        .await;
        assert_eq!(wrong.status(), unknown.status());
        assert_eq!(
            wrong.text().await.unwrap().contains("incorrect"),
            unknown.text().await.unwrap().contains("incorrect")
        );
        // preferred_username in the claims.
        let client = app.add_client(ClientSpec::confidential()).await;
        let (back, verifier) =
            super::authorize(&app, &browser, &client, "openid profile", &[], None).await;
        let tokens = tokens_from(&app, &client, &back, &verifier).await;
        assert_eq!(
            claims(&tokens["id_token"])["preferred_username"],
            json!("ursula.l")
        );
        assert_eq!(claims(&tokens["id_token"])["sub"], json!(user.id));
    }
}

#[tokio::test]
async fn the_username_and_the_address_share_one_sign_in_allowance() {
    let app = spawn_app().await;
    let id = app.add_user("twin@example.com", &["user"]).await;
    app.app
        .store
        .set_username(&id, Some("twin"), 0)
        .await
        .unwrap();
    let mut refused_at = None;
    for attempt in 0..40 {
        let typed = if attempt % 2 == 0 {
            "twin@example.com"
        } else {
            "twin"
        };
        let response = submit_login(
            &app,
            &browser(),
            &app.url("/login"),
            typed,
            "not the password",
        )
        .await;
        if response.status() == 429 {
            refused_at = Some(attempt);
            break;
        }
    }
    let refused_at = refused_at.expect("the account is throttled");
    // Alone, either name would have had the whole allowance: together they share it.
    let alone = {
        let other = spawn_app().await;
        other.add_user("solo@example.com", &["user"]).await;
        let mut n = 0;
        while submit_login(
            &other,
            &browser(),
            &other.url("/login"),
            "solo@example.com",
            "not the password",
        )
        .await
        .status()
            != 429
        {
            n += 1;
            assert!(n < 40);
        }
        n
    };
    assert_eq!(refused_at, alone);
}

#[tokio::test]
async fn editable_fields_follow_a_capability_not_privilege_names() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.accounts.user_profile_fields = vec!["country".into()];
        s.permissions
            .insert("editor".into(), vec!["edit_own_profile".into()]);
    })
    .await;
    catalogue(&app, &["editor"]).await;
    app.add_user("plain@example.com", &["user"]).await;
    app.add_user("dev@example.com", &["user", "developer"])
        .await;
    app.add_user("editor@example.com", &["user", "editor"])
        .await;
    for (email, sees_timezone) in [
        ("plain@example.com", false),
        ("dev@example.com", true),
        ("editor@example.com", true),
    ] {
        let browser = app.sign_in(email, PASSWORD).await;
        let (_, page) = app.get_page(&browser, "/account/profile").await;
        assert!(page.contains("name=\"country\""), "{email}");
        assert_eq!(page.contains("name=\"timezone\""), sees_timezone, "{email}");
    }
}

#[tokio::test]
async fn administrators_set_usernames_and_nicknames_and_taken_ones_conflict() {
    let a = setup_with(spawn_app_with(Db::Sqlite, permissions).await).await;
    let app = &a.app;
    let one = app.add_user("one@example.com", &["user"]).await;
    let two = app.add_user("two@example.com", &["user"]).await;
    let (status, body) = app
        .api(
            Some(&a.admin_key),
            Method::PATCH,
            &format!("/users/{one}"),
            Some(json!({"username": "First.One", "nickname": "Uno", "initials": "O1"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["username"], json!("first.one"));
    assert_eq!(body["display_name"], json!("Uno"));
    let (status, _) = app
        .api(
            Some(&a.admin_key),
            Method::PATCH,
            &format!("/users/{two}"),
            Some(json!({"username": "first.one"})),
        )
        .await;
    assert_eq!(status, 409);
    let (status, _) = app
        .api(
            Some(&a.admin_key),
            Method::PATCH,
            &format!("/users/{two}"),
            Some(json!({"username": "has space"})),
        )
        .await;
    assert_eq!(status, 422);
    // A burst of two users claiming one name: exactly one wins.
    let mut tasks = Vec::new();
    for (i, id) in [one.clone(), two.clone()]
        .into_iter()
        .cycle()
        .take(20)
        .enumerate()
    {
        let (app_url, key) = (
            app.url(&format!("/api/admin/v1/users/{id}")),
            a.admin_key.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let _ = i;
            reqwest::Client::new()
                .patch(app_url)
                .bearer_auth(key)
                .json(&json!({"username": "contested"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for task in tasks {
        assert!(matches!(task.await.unwrap(), 200 | 409));
    }
    let mut holders = 0;
    for id in [&one, &two] {
        let user = app.app.store.user_by_id(id).await.unwrap().unwrap();
        if user.username.as_deref() == Some("contested") {
            holders += 1;
        }
    }
    assert_eq!(holders, 1, "a username belongs to one account");
    // Clearing it with null frees it.
    for id in [&one, &two] {
        let (status, body) = app
            .api(
                Some(&a.admin_key),
                Method::PATCH,
                &format!("/users/{id}"),
                Some(json!({"username": null})),
            )
            .await;
        assert_eq!(status, 200);
        assert!(body["username"].is_null());
    }
}
