//! Sessions on the account page: listed, ended, limited in number, ended when idle.

use super::spawn_with_mail;
use crate::helpers::*;

#[tokio::test]
async fn sessions_are_listed_ended_and_limited() {
    let (app, _sink) = spawn_with_mail(|s| s.sessions.limit = 2).await;
    app.add_user("ada@example.com", &["user"]).await;
    // Sessions are ordered by their start, to the second.
    let first = app.sign_in("ada@example.com", PASSWORD).await;
    app.clock.advance(1);
    let second = app.sign_in("ada@example.com", PASSWORD).await;
    app.clock.advance(1);
    let third = app.sign_in("ada@example.com", PASSWORD).await;

    // The limit ended the oldest.
    assert_eq!(
        location(&first.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    assert_eq!(
        second
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let page = third
        .get(app.url("/account/sessions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(page.matches("<li>").count(), 2);
    assert!(page.contains("this browser"));
    let token = hidden_value(&page, "csrf");
    let ended = third
        .post(app.url("/account/sessions/end-others"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&ended), "/account/sessions?ended=1");
    assert_eq!(
        location(&second.get(app.url("/account")).send().await.unwrap()),
        "/login"
    );
    assert_eq!(
        third
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    // Someone else's session id cannot be ended from here.
    let refused = third
        .post(app.url("/account/sessions/end"))
        .form(&[("csrf", token.as_str()), ("id", "not-mine")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 404);
}

#[tokio::test]
async fn session_limit_zero_is_maintenance_and_idle_sessions_end() {
    let (app, _sink) = spawn_with_mail(|s| s.sessions.limit = 0).await;
    app.add_user("ada@example.com", &["user"]).await;
    let refused = submit_login(
        &app,
        &browser(),
        &app.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(refused.status(), 503);
    assert!(refused.text().await.unwrap().contains("maintenance"));

    let (app, _sink) = spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    app.clock.advance(2 * 3600 + 1);
    assert_eq!(
        location(&browser.get(app.url("/account")).send().await.unwrap()),
        "/login",
        "idle timeout"
    );
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    for _ in 0..13 {
        app.clock.advance(3600);
        browser.get(app.url("/account")).send().await.unwrap();
    }
    assert_eq!(
        location(&browser.get(app.url("/account")).send().await.unwrap()),
        "/login",
        "absolute lifetime"
    );
}

#[tokio::test]
async fn activity_is_recorded_once_a_minute_and_keeps_the_session_alive() {
    let (app, _sink) = spawn_with_mail(|_| {}).await;
    let user_id = app.add_user("ada@example.com", &["user"]).await;
    let browser = app.sign_in("ada@example.com", PASSWORD).await;
    let last_seen =
        || async { app.app.store.sessions_of_user(&user_id).await.unwrap()[0].last_seen_at };
    let signed_in_at = last_seen().await;
    let account = || async {
        browser
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status()
    };

    app.clock.advance(30);
    assert_eq!(account().await, 200);
    assert_eq!(
        last_seen().await,
        signed_in_at,
        "nothing written within the minute"
    );

    // Just inside the two-hour idle timeout: the request is served and recorded.
    app.clock.advance(2 * 3600 - 40);
    assert_eq!(account().await, 200);
    assert_eq!(last_seen().await, signed_in_at + 2 * 3600 - 10);

    // Counted from that request, the session is still alive two hours after sign-in.
    app.clock.advance(3600);
    assert_eq!(account().await, 200, "the recorded activity kept it alive");
}
