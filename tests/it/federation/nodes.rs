//! A sign-in through a provider that starts on one node and comes back to another (issue 14):
//! the `state`, the PKCE verifier and the nonce live in the database, so whichever node the
//! load balancer sends the callback to finishes it, once.

use super::harness::*;
use super::sign_in::button;
use crate::helpers::*;

#[tokio::test]
async fn a_provider_sign_in_started_on_one_node_finishes_on_another() {
    for db in databases() {
        let (a, _fake) = with_acme_on(db, |p| p.trust_email = true, |_| {}).await;
        let b = a.second_node().await;
        let client = a.add_client(ClientSpec::confidential()).await;
        let browser = browser();
        let (url, verifier) = pkce_authorize_url(&a, &client, "openid email");
        let login = follow(&a, &browser, url).await;
        let html = login.text().await.unwrap();
        let callback = to_callback(&a, &browser, &button(&html, "acme")).await;
        // The provider sends the browser back to the issuer; the load balancer picks B.
        let on_b = callback.replacen(&a.issuer, &b.url(""), 1);
        let done = follow(&b, &browser, on_b.clone()).await;
        assert!(done.status().is_redirection(), "{db:?}: {}", done.status());
        let back = location(&done);
        assert!(back.starts_with(&client.redirect_uri), "{db:?}: {back}");
        let code = query_param(&back, "code").expect("a code");
        let tokens = exchange_code(&a, &client, &code, &verifier).await;
        assert!(tokens["id_token"].is_string(), "{db:?}: {tokens}");
        // The same callback again, at A: the state was used up on B.
        let replay = browser.get(&callback).send().await.unwrap();
        assert_eq!(
            replay.status(),
            400,
            "{db:?}: the state works once across nodes"
        );
    }
}
