//! What the federation tests share: Gatehouse with a provider pointing at a fake, the clock
//! both agree on, and a browser that clicks a provider button and rides the redirects.

use std::sync::{Arc, OnceLock};

use gatehouse::clock::ManualClock;
use gatehouse::config::{FileProvider, Settings};

use super::fakes::oidc::{self, FakeOidc, FakeUser, Mode};
use super::fakes::{Clock, system_clock};
use crate::helpers::*;

/// A clock for the fakes that reads Gatehouse's manual clock once the app exists.
pub struct SharedClock(Arc<OnceLock<Arc<ManualClock>>>);

impl SharedClock {
    pub fn new() -> Self {
        Self(Arc::new(OnceLock::new()))
    }

    pub fn for_fakes(&self) -> Clock {
        let cell = self.0.clone();
        let fallback = system_clock();
        Arc::new(move || cell.get().map_or_else(|| fallback(), |c| c.now_secs()))
    }

    pub fn follow(&self, app: &TestApp) {
        let _ = self.0.set(app.clock.clone());
    }
}

/// A generic OpenID Connect provider `acme` at `fake`, adjusted by `shape`.
pub fn acme(fake: &FakeOidc, shape: impl FnOnce(&mut FileProvider)) -> FileProvider {
    let mut provider = FileProvider::new(oidc::CLIENT_ID, oidc::CLIENT_SECRET);
    provider.id = Some("acme".into());
    provider.issuer = Some(fake.base_url().to_string());
    shape(&mut provider);
    provider
}

/// Gatehouse (SQLite) with the generic provider `acme` backed by a plain fake OIDC provider
/// holding one user, `grace` (verified `grace@example.com`).
pub async fn with_acme(
    shape: impl FnOnce(&mut FileProvider),
    configure: impl FnOnce(&mut Settings),
) -> (TestApp, FakeOidc) {
    with_acme_on(Db::Sqlite, shape, configure).await
}

pub async fn with_acme_on(
    db: Db,
    shape: impl FnOnce(&mut FileProvider),
    configure: impl FnOnce(&mut Settings),
) -> (TestApp, FakeOidc) {
    let clock = SharedClock::new();
    let fake = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    fake.add_user(FakeUser::new("grace", Some("grace@example.com"), true));
    let provider = acme(&fake, shape);
    let app = spawn_app_with(db, |settings| {
        settings.federation.oidc.push(provider);
        configure(settings);
    })
    .await;
    clock.follow(&app);
    (app, fake)
}

/// GETs `start` (a provider button's link) in `browser`, lets the fake answer, and follows
/// Gatehouse's redirects from the callback on; returns the last response.
pub async fn through_provider(
    app: &TestApp,
    browser: &reqwest::Client,
    start: &str,
) -> reqwest::Response {
    let callback = to_callback(app, browser, start).await;
    follow(app, browser, callback).await
}

/// The first half: from the button to the callback URL the fake sends the browser to.
pub async fn to_callback(app: &TestApp, browser: &reqwest::Client, start: &str) -> String {
    let url = if start.starts_with('/') {
        app.url(start)
    } else {
        start.to_string()
    };
    let started = browser.get(&url).send().await.expect("start");
    assert_eq!(
        started.status(),
        303,
        "the start sends the browser upstream"
    );
    let upstream = location(&started);
    assert!(
        !upstream.starts_with(&app.issuer),
        "went upstream: {upstream}"
    );
    let answered = browser.get(&upstream).send().await.expect("upstream");
    assert_eq!(answered.status(), 302, "the fake answers at once");
    let callback = location(&answered);
    assert!(
        callback.starts_with(&app.issuer),
        "back to Gatehouse: {callback}"
    );
    callback
}

/// The text of a page, for asserting on messages.
pub async fn body(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// Number of users in the database.
pub async fn user_count(app: &TestApp) -> i64 {
    app.app.store.count_users().await.expect("users")
}
