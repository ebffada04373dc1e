//! End to end with `openidconnect` as the relying party: discovery, sign-in through the HTML
//! form, code exchange with PKCE, ID token verified against the JWKS, userinfo, refresh with
//! rotation, introspection, revocation, logout — and the ways each can go wrong, by area; this
//! module holds the relying party and the raw requests their tests share.

mod authorization_code;
mod consent;
mod keys;
mod logout;
mod tokens;

use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IntrospectionUrl, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RevocationUrl, Scope,
};
use serde_json::Value;

use crate::helpers::*;

pub(crate) type Rp = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointSet,
    EndpointSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

pub(crate) async fn relying_party(app: &TestApp, client: &RegisteredClient) -> Rp {
    let http = rp_http();
    let metadata =
        CoreProviderMetadata::discover_async(IssuerUrl::new(app.issuer.clone()).unwrap(), &http)
            .await
            .expect("discovery");
    CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(client.id.clone()),
        client.secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(client.redirect_uri.clone()).unwrap())
    .set_introspection_url(IntrospectionUrl::new(app.url("/introspect")).unwrap())
    .set_revocation_url(RevocationUrl::new(app.url("/revoke")).unwrap())
}

pub(crate) struct Started {
    pub url: String,
    pub state: CsrfToken,
    pub nonce: Nonce,
    pub verifier: PkceCodeVerifier,
}

pub(crate) fn start_auth(rp: &Rp, scopes: &[&str], extra: &[(&str, &str)]) -> Started {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = rp
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in scopes {
        request = request.add_scope(Scope::new(scope.to_string()));
    }
    for (k, v) in extra {
        request = request.add_extra_param(*k, *v);
    }
    let (url, state, nonce) = request.url();
    Started {
        url: url.to_string(),
        state,
        nonce,
        verifier,
    }
}

/// The payload of a JWT, without verification (for claims openidconnect does not model).
/// The payload of a JWT, unverified (the tests verify signatures where that is the point).
pub fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("three parts");
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

pub(crate) fn jwt_header(token: &str) -> Value {
    let header = token.split('.').next().expect("three parts");
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap()
}

async fn introspect_raw(app: &TestApp, client: &RegisteredClient, token: &str) -> Value {
    reqwest::Client::new()
        .post(app.url("/introspect"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[("token", token)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A code exchange whose outcome the test inspects (`exchange_code` asserts success).
async fn exchange_raw(
    app: &TestApp,
    client: &RegisteredClient,
    code: &str,
    verifier: &str,
) -> (u16, Value) {
    token_raw(
        app,
        client,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", client.redirect_uri.as_str()),
            ("code_verifier", verifier),
        ],
    )
    .await
}

async fn token_raw(
    app: &TestApp,
    client: &RegisteredClient,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(app.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert_eq!(response.headers()["cache-control"], "no-store");
    (status, response.json().await.unwrap())
}

/// Signs in and returns the code from the redirect, checking state and iss.
async fn sign_in_for_code(
    app: &TestApp,
    browser: &reqwest::Client,
    started: &Started,
    email: &str,
) -> String {
    let callback = authorize_through_login(app, browser, &started.url, email).await;
    assert_eq!(
        query_param(&callback, "state").as_deref(),
        Some(started.state.secret().as_str())
    );
    assert_eq!(
        query_param(&callback, "iss").as_deref(),
        Some(app.issuer.as_str())
    );
    query_param(&callback, "code").expect("code in the redirect")
}
