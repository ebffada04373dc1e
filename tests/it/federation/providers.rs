//! The named providers against their fakes: Google's two issuer spellings, Entra ID's tenant
//! rules and `tid:oid` subject (not the mutable e-mail), Facebook's Graph call with
//! `appsecret_proof`, X's Basic-authenticated token request and e-mail-less accounts.

use gatehouse::config::FileProvider;
use serde_json::json;

use super::fakes::oidc::{self, FakeOidc, FakeUser, HOME_TENANT, Misbehaviour, Mode, OTHER_TENANT};
use super::fakes::social::{self, FakeSocial};
use super::harness::*;
use crate::helpers::*;

async fn google() -> (TestApp, FakeOidc) {
    let clock = SharedClock::new();
    let fake = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    fake.add_user(FakeUser::new("1093", Some("grace@gmail.example"), true));
    let mut provider = FileProvider::new(oidc::CLIENT_ID, oidc::CLIENT_SECRET);
    provider.issuer = Some(fake.base_url().to_string());
    provider.trust_email = true;
    let app = spawn_app_with(Db::Sqlite, |s| s.federation.google = Some(provider)).await;
    clock.follow(&app);
    (app, fake)
}

#[tokio::test]
async fn google_accepts_both_issuer_spellings_and_nothing_else() {
    let (app, fake) = google().await;
    let (_, html) = app.get_page(&browser(), "/login").await;
    assert!(html.contains("Sign in with Google"));
    fake.misbehave(Some(Misbehaviour::SchemelessIssuer));
    let done = through_provider(&app, &browser(), "/login/federated/google").await;
    assert_eq!(
        done.status(),
        200,
        "accounts.google.com without the scheme is Google's too"
    );
    fake.misbehave(Some(Misbehaviour::WrongIssuer));
    let done = through_provider(&app, &browser(), "/login/federated/google").await;
    assert_eq!(done.status(), 502);
}

async fn entra(shape: impl FnOnce(&mut FileProvider)) -> (TestApp, FakeOidc) {
    let clock = SharedClock::new();
    let fake = FakeOidc::start(Mode::Entra, clock.for_fakes()).await;
    fake.add_user(FakeUser::new(
        "ms-grace",
        Some("grace@contoso.example"),
        true,
    ));
    let mut provider = FileProvider::new(oidc::CLIENT_ID, oidc::CLIENT_SECRET);
    provider.authority = Some(fake.base_url().to_string());
    shape(&mut provider);
    let app = spawn_app_with(Db::Sqlite, |s| s.federation.microsoft = Some(provider)).await;
    clock.follow(&app);
    (app, fake)
}

/// Signs in through Microsoft in a fresh browser; the status and (when signed in) the user.
async fn microsoft_sign_in(app: &TestApp) -> (u16, Option<gatehouse::domain::User>) {
    let browser = browser();
    let done = through_provider(app, &browser, "/login/federated/microsoft").await;
    let status = done.status().as_u16();
    if status != 200 || !done.url().path().ends_with("/account") {
        return (status, None);
    }
    let (_, page) = app.get_page(&browser, "/account/linked").await;
    assert!(page.contains("Microsoft"));
    let user = app
        .app
        .store
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find(|u| u.first_name == "Grace");
    (status, user)
}

#[tokio::test]
async fn entra_checks_the_tenant_template_and_keys_on_tid_and_oid() {
    let (app, fake) = entra(|_| {}).await;
    let (status, user) = microsoft_sign_in(&app).await;
    assert_eq!(
        status, 200,
        "the `common` endpoint's {{tenantid}} issuer, keys without `alg`"
    );
    let user = user.expect("an account");
    let links = app.app.store.upstream_links_of(&user.id).await.unwrap();
    assert_eq!(
        links[0].subject,
        format!("{HOME_TENANT}:oid-ms-grace"),
        "tid:oid, never the e-mail"
    );
    assert_eq!(
        user.email, None,
        "Entra's e-mail is unverified unless the tenant is trusted"
    );

    // The same e-mail under another oid is another person.
    fake.add_user(FakeUser {
        oid: Some("oid-impostor".into()),
        ..FakeUser::new("ms-impostor", Some("grace@contoso.example"), true)
    });
    let before = user_count(&app).await;
    let (status, _) = microsoft_sign_in(&app).await;
    assert_eq!(status, 200);
    assert_eq!(
        user_count(&app).await,
        before + 1,
        "a second account, not a takeover"
    );

    // A token whose issuer names another tenant than its `tid`.
    fake.misbehave(Some(Misbehaviour::IssuerForOtherTenant));
    let (status, _) = microsoft_sign_in(&app).await;
    assert_eq!(status, 502);
}

#[tokio::test]
async fn entra_tenant_rules_refuse_other_tenants() {
    let (app, fake) = entra(|p| p.allowed_tenants = vec![OTHER_TENANT.into()]).await;
    let (status, _) = microsoft_sign_in(&app).await;
    assert_eq!(status, 502, "the home tenant is not allowed");
    fake.edit_user("ms-grace", |u| u.tid = Some(OTHER_TENANT.into()));
    let (status, _) = microsoft_sign_in(&app).await;
    assert_eq!(status, 200, "the allowed tenant signs in");

    // A single-tenant provider refuses every other tenant; `consumers` only personal accounts.
    let (app, _fake) = entra(|p| p.tenant = Some(OTHER_TENANT.into())).await;
    assert_eq!(microsoft_sign_in(&app).await.0, 502);
    let (app, _fake) = entra(|p| p.tenant = Some("consumers".into())).await;
    assert_eq!(microsoft_sign_in(&app).await.0, 502);
}

#[tokio::test]
async fn a_trusted_tenant_makes_entra_email_verified() {
    let (app, _fake) = entra(|p| {
        p.trust_email = true;
        p.trusted_tenants = vec![HOME_TENANT.into()];
    })
    .await;
    let (status, user) = microsoft_sign_in(&app).await;
    assert_eq!(status, 200);
    let user = user.expect("an account");
    assert_eq!(
        user.email.as_ref().map(|e| e.as_str()),
        Some("grace@contoso.example")
    );
    assert!(user.email_verified);
}

fn social_provider(fake: &FakeSocial, facebook: bool) -> FileProvider {
    let mut provider = FileProvider::new(social::APP_ID, social::APP_SECRET);
    let base = fake.base_url();
    if facebook {
        provider.auth_url = Some(format!("{base}/v23.0/dialog/oauth"));
        provider.token_url = Some(format!("{base}/v23.0/oauth/access_token"));
        provider.graph_url = Some(base.to_string());
        provider.trust_email = true;
    } else {
        provider.auth_url = Some(format!("{base}/i/oauth2/authorize"));
        provider.token_url = Some(format!("{base}/2/oauth2/token"));
        provider.api_url = Some(base.to_string());
    }
    provider
}

#[tokio::test]
async fn facebook_signs_in_through_the_graph_api_with_appsecret_proof() {
    let fake = FakeSocial::facebook().await;
    fake.add_user(
        json!({"id": "10158", "first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace",
               "email": "ada@fb.example", "picture": {"data": {"url": "https://pic.example/a.jpg"}}}),
    );
    let provider = social_provider(&fake, true);
    let app = spawn_app_with(Db::Sqlite, |s| s.federation.facebook = Some(provider)).await;
    let client = app.add_client(ClientSpec::confidential()).await;
    let browser = browser();
    let (url, verifier) = pkce_authorize_url(&app, &client, "openid email profile");
    let login = follow(&app, &browser, url).await;
    let html = login.text().await.unwrap();
    let done = through_provider(&app, &browser, &super::sign_in::button(&html, "facebook")).await;
    assert!(done.status().is_redirection(), "{}", done.status());
    let code = query_param(&location(&done), "code").expect("a code");
    let tokens = exchange_code(&app, &client, &code, &verifier).await;
    let id = crate::oidc_flow::jwt_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["idp"], "facebook");
    assert_eq!(
        id["email"], "ada@fb.example",
        "Facebook's address is confirmed and trusted here"
    );
    assert_eq!(id["family_name"], "Lovelace");
    let sent = fake.last_authorize();
    assert_eq!(sent["code_challenge_method"], "S256");
    let asked = fake.last_profile_query();
    assert_eq!(
        asked["fields"],
        "id,first_name,last_name,name,email,picture"
    );
    assert_eq!(asked["appsecret_proof"].len(), 64, "hex HMAC-SHA256");
    assert_eq!(fake.profile_refusals(), 0);
    assert!(
        !asked.contains_key("access_token"),
        "the token travels in the header"
    );
}

#[tokio::test]
async fn x_signs_in_without_an_email_and_the_account_works() {
    let fake = FakeSocial::x().await;
    fake.add_user(
        json!({"data": {"id": "2244994945", "name": "X Dev", "username": "XDevelopers",
               "profile_image_url": "https://pbs.example/p.jpg"}}),
    );
    let provider = social_provider(&fake, false);
    let app = spawn_app_with(Db::Sqlite, |s| s.federation.x = Some(provider)).await;
    let browser = browser();
    let done = through_provider(&app, &browser, "/login/federated/x").await;
    assert_eq!(done.status(), 200, "signed in");
    let sent = fake.last_authorize();
    assert!(sent["scope"].split(' ').any(|s| s == "users.read"));
    // The account pages work for an account without an address.
    for page in [
        "/account",
        "/account/profile",
        "/account/linked",
        "/account/sessions",
        "/account/security",
    ] {
        let (status, _) = app.get_page(&browser, page).await;
        assert_eq!(status, 200, "{page}");
    }
    let user = app
        .app
        .store
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.first_name == "X")
        .expect("the X account");
    assert_eq!(user.email, None);
    assert_eq!(user.last_name, "Dev");

    // Cancelled at X: a page, nothing more.
    fake.deny_next();
    let (status, html) =
        body(through_provider(&app, &crate::helpers::browser(), "/login/federated/x").await).await;
    assert_eq!(status, 200);
    assert!(html.contains("cancelled at X"), "{html}");
}

#[tokio::test]
async fn the_schemeless_issuer_path_checks_everything_else_too() {
    let (app, fake) = google().await;
    let before = user_count(&app).await;
    for second in [
        Misbehaviour::BadNonce,
        Misbehaviour::NoNonce,
        Misbehaviour::WrongAudience,
        Misbehaviour::ExtraAudience,
        Misbehaviour::Expired,
        Misbehaviour::IssuedInFuture,
        Misbehaviour::BadSignature,
        Misbehaviour::UnknownKid,
        Misbehaviour::AlgNone,
        Misbehaviour::Hs256WithSecret,
    ] {
        fake.misbehave_twice(Misbehaviour::SchemelessIssuer, second.clone());
        let done = through_provider(&app, &browser(), "/login/federated/google").await;
        assert_eq!(done.status(), 502, "scheme-less issuer with {second:?}");
    }
    assert_eq!(user_count(&app).await, before, "nothing created");
}
