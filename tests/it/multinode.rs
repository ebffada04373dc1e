//! Stateless nodes: two Gatehouse instances on one database and key-encryption key serve the
//! same users — a sign-in on one, the code exchange and introspection on the other.

use crate::helpers::*;

/// Two nodes on one database and key-encryption key.
async fn two_nodes(db: Db) -> (TestApp, TestApp) {
    let a = spawn_app_with(db, |s| {
        s.kek = Some(
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
                .to_string()
                .into(),
        );
    })
    .await;
    let b = a.second_node().await;
    (a, b)
}

#[tokio::test]
async fn two_nodes_share_sessions_codes_and_tokens() {
    for db in databases() {
        let (a, b) = two_nodes(db).await;
        assert!(
            b.admin_password.is_none(),
            "{db:?}: only one node creates the admin"
        );
        a.add_user("ada@example.com", &["user"]).await;
        let client = a.add_client(ClientSpec::confidential()).await;
        let browser = browser();
        let access = signed_in_on_a_token_from_b(&a, &b, &client, &browser).await;
        let access = access.as_str();
        // Node A verifies what node B signed, and B sees A's session.
        let introspection: serde_json::Value = reqwest::Client::new()
            .post(a.url("/introspect"))
            .basic_auth(&client.id, client.secret.as_deref())
            .form(&[("token", access)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(introspection["active"], true, "{db:?}");
        let session_on_b = browser.get(b.url("/account")).send().await.unwrap();
        assert_eq!(
            session_on_b.status(),
            200,
            "{db:?}: the cookie's session is known to node B"
        );
    }
}

/// Ada signs in on node A; node B exchanges the code: her access token.
async fn signed_in_on_a_token_from_b(
    a: &TestApp,
    b: &TestApp,
    client: &RegisteredClient,
    browser: &reqwest::Client,
) -> String {
    let (challenge, verifier) = openidconnect::PkceCodeChallenge::new_random_sha256();
    let auth = format!(
        "{}?client_id={}&redirect_uri={}&response_type=code&scope=openid&state=s&code_challenge={}&code_challenge_method=S256",
        a.url("/authorize"),
        client.id,
        client.redirect_uri,
        challenge.as_str()
    );
    let callback = authorize_through_login(a, browser, &auth, "ada@example.com").await;
    let code = query_param(&callback, "code").unwrap();
    let tokens: serde_json::Value = reqwest::Client::new()
        .post(b.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", client.redirect_uri.as_str()),
            ("code_verifier", verifier.secret().as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    tokens["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{tokens}"))
        .to_string()
}

async fn client_credentials(node: &TestApp, id: &str, secret: &str) -> u16 {
    client_credentials_status(node.url("/token"), id.to_string(), Some(secret.to_string())).await
}

/// Clients are cached per node (issue 13). A secret replaced or a client deleted through one
/// node is refused by that node at once and by the other once its cache check comes round
/// (at most a second): it never goes on being accepted.
#[tokio::test]
async fn a_client_changed_on_one_node_is_refused_by_the_other() {
    use gatehouse::crypto::token::{hash_token, random_token};
    let settle = gatehouse::store::NODE_CACHE_CHECK + std::time::Duration::from_millis(300);
    for db in databases() {
        let (a, b) = two_nodes(db).await;
        let client = a.add_client(ClientSpec::confidential()).await;
        let old = client.secret.clone().unwrap();
        // A burst at node B loads the client into its cache from many requests at once.
        let burst = (0..50).map(|_| {
            client_credentials_status(b.url("/token"), client.id.clone(), Some(old.clone()))
        });
        let statuses = futures_join_all(burst).await;
        assert!(statuses.iter().all(|s| *s == 200), "{db:?}: {statuses:?}");

        let new = random_token();
        a.app
            .store
            .set_client_secret(&client.id, &hash_token(&new))
            .await
            .unwrap();
        assert_eq!(
            client_credentials(&a, &client.id, &old).await,
            401,
            "{db:?}"
        );
        assert_eq!(
            client_credentials(&a, &client.id, &new).await,
            200,
            "{db:?}"
        );
        tokio::time::sleep(settle).await;
        let burst = (0..50).map(|_| {
            client_credentials_status(b.url("/token"), client.id.clone(), Some(old.clone()))
        });
        let statuses = futures_join_all(burst).await;
        assert!(statuses.iter().all(|s| *s == 401), "{db:?}: {statuses:?}");
        assert_eq!(
            client_credentials(&b, &client.id, &new).await,
            200,
            "{db:?}"
        );

        a.app.store.delete_client(&client.id).await.unwrap();
        assert_eq!(
            client_credentials(&a, &client.id, &new).await,
            401,
            "{db:?}"
        );
        tokio::time::sleep(settle).await;
        assert_eq!(
            client_credentials(&b, &client.id, &new).await,
            401,
            "{db:?}"
        );
    }
}

async fn futures_join_all<F: std::future::Future<Output = u16> + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<u16> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// The standing of access tokens is kept in memory on SQLite (issue 13). A user deactivated
/// through one node has their token refused by that node at once, and by the other node at
/// once on PostgreSQL (which reads on every call) and on SQLite once its counter check comes
/// round (at most a second; the other node's writes are counted by triggers).
#[tokio::test]
async fn a_user_deactivated_on_one_node_has_their_token_refused_by_the_other() {
    let settle = gatehouse::store::NODE_CACHE_CHECK + std::time::Duration::from_millis(300);
    for db in databases() {
        let (a, b) = two_nodes(db).await;
        let user_id = a.add_user("ada@example.com", &["user"]).await;
        let client = a.add_client(ClientSpec::confidential()).await;
        let token = signed_in_on_a_token_from_b(&a, &b, &client, &browser()).await;
        // Both nodes have read (and on SQLite, kept) the token's standing.
        for _ in 0..3 {
            assert!(
                introspects_active(&a, &client, &token).await
                    && introspects_active(&b, &client, &token).await,
                "{db:?}"
            );
        }
        tokio::time::sleep(settle).await;
        assert!(
            introspects_active(&b, &client, &token).await,
            "{db:?}: still active after a check"
        );

        let now = a.clock.now_secs();
        a.app.store.set_active(&user_id, false, now).await.unwrap();
        assert!(
            !introspects_active(&a, &client, &token).await,
            "{db:?}: refused at once where it changed"
        );
        if db == Db::Postgres {
            assert!(
                !introspects_active(&b, &client, &token).await,
                "{db:?}: refused at once everywhere"
            );
        }
        tokio::time::sleep(settle).await;
        assert!(
            !introspects_active(&b, &client, &token).await,
            "{db:?}: refused by the other node"
        );

        a.app.store.set_active(&user_id, true, now).await.unwrap();
        tokio::time::sleep(settle).await;
        assert!(
            introspects_active(&a, &client, &token).await
                && introspects_active(&b, &client, &token).await,
            "{db:?}"
        );
    }
}

/// Three nodes on one database act as one provider (issue 14): the password on A and the
/// second factor on B, the code exchanged on B, the refresh on A, the revocation on B seen by
/// A; a key rotated on A is used and served by B; failed sign-ins spread over the nodes
/// share one allowance; sessions ended from B are gone on A.
#[tokio::test]
async fn three_nodes_act_as_one_provider() {
    use crate::mfa::{enroll_from_account, password_session, submit_code};
    use gatehouse::crypto::totp::code_at;
    let settle = gatehouse::store::NODE_CACHE_CHECK + std::time::Duration::from_millis(300);
    for db in databases() {
        let (a, b) = two_nodes(db).await;
        let c = a.second_node().await;
        let nodes = [&a, &b, &c];
        a.add_user("ada@example.com", &["user"]).await;
        let client = a.add_client(ClientSpec::confidential()).await;

        // Ada has an authenticator (enrolled through C).
        let owner = password_session(&c, "ada@example.com").await;
        let (secret, _) = enroll_from_account(&c, &owner).await;
        for node in nodes {
            node.clock.advance(60);
        }

        // Password on A, code on B, then back to the client.
        let browser = browser();
        let (auth, verifier) = pkce_authorize_url(&a, &client, "openid offline_access");
        let login = follow(&a, &browser, auth).await.url().to_string();
        let posted = submit_login(&a, &browser, &login, "ada@example.com", PASSWORD).await;
        let step = location(&posted);
        assert!(step.starts_with("/login/two-factor"), "{db:?}: {step}");
        let code = code_at(&secret, b.clock.now_secs()).unwrap();
        let passed = submit_code(&b, &browser, &step, &code).await;
        assert_eq!(passed.status(), 303, "{db:?}: the code step on B");
        let callback = follow(&b, &browser, b.url(&location(&passed))).await;
        let code = query_param(&location(&callback), "code").expect("a code");

        // Exchanged on B, refreshed on A, revoked on B: A sees it dead.
        let tokens = exchange_code(&b, &client, &code, &verifier).await;
        let (status, refreshed) = token_request(
            &a,
            &client,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
        assert_eq!(status, 200, "{db:?}: {refreshed}");
        let access = refreshed["access_token"].as_str().unwrap();
        assert!(introspects_active(&a, &client, access).await, "{db:?}");
        let revoked = reqwest::Client::new()
            .post(b.url("/revoke"))
            .basic_auth(&client.id, client.secret.as_deref())
            .form(&[("token", refreshed["refresh_token"].as_str().unwrap())])
            .send()
            .await
            .unwrap();
        assert_eq!(revoked.status(), 200, "{db:?}");
        if db == Db::Sqlite {
            // A's copy of the token's standing learns of B's write at its next check.
            tokio::time::sleep(settle).await;
        }
        assert!(
            !introspects_active(&a, &client, access).await,
            "{db:?}: revoked on B, dead on A"
        );

        // A key rotated on A signs A's tokens; B verifies them and then serves the key.
        let now = a.clock.now_secs();
        a.app.keys.rotate(now, now + 3600).await.unwrap();
        let (_, minted) = token_request(&a, &client, &[("grant_type", "client_credentials")]).await;
        let minted = minted["access_token"].as_str().unwrap();
        let kid = crate::oidc_flow::jwt_header(minted)["kid"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            introspects_active(&b, &client, minted).await,
            "{db:?}: B verifies A's new key"
        );
        let jwks: serde_json::Value = reqwest::get(b.url("/jwks"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            jwks.to_string().contains(&kid),
            "{db:?}: B publishes A's new key"
        );

        // Ada signs in again elsewhere and, from B, ends every other session: the browser
        // that signed in through A and B is signed out on A too.
        let before = browser.get(a.url("/account")).send().await.unwrap();
        assert_eq!(before.status(), 200, "{db:?}: signed in on A before");
        let other = password_session_with_code(&b, &secret).await;
        let (_, page) = b.get_page(&other, "/account/sessions").await;
        let ended = b
            .post(
                &other,
                "/account/sessions/end-others",
                &[("csrf", &hidden_value(&page, "csrf"))],
            )
            .await;
        assert!(
            ended.status().is_success() || ended.status().is_redirection(),
            "{db:?}"
        );
        let on_a = browser.get(a.url("/account")).send().await.unwrap();
        assert_eq!(
            location(&on_a),
            "/login",
            "{db:?}: the session ended on B is gone on A"
        );

        // Wrong passwords spread over the three nodes share one allowance.
        c.add_user("bob@example.com", &["user"]).await;
        let mut statuses = Vec::new();
        for i in 0..7 {
            let node = nodes[i % 3];
            let response = submit_login(
                node,
                &crate::helpers::browser(),
                &node.url("/login"),
                "bob@example.com",
                "not bob's",
            )
            .await;
            statuses.push(response.status().as_u16());
        }
        // The allowance is five checks: the fifth wrong one already says when to come
        // back, and later ones are refused before any check, whichever node they reach.
        assert_eq!(statuses, [401, 401, 401, 401, 429, 429, 429], "{db:?}");
    }
}

/// A browser signed in on `node` with the password and the current code.
async fn password_session_with_code(node: &TestApp, secret: &[u8]) -> reqwest::Client {
    use gatehouse::crypto::totp::code_at;
    let browser = browser();
    let posted = submit_login(
        node,
        &browser,
        &node.url("/login"),
        "ada@example.com",
        PASSWORD,
    )
    .await;
    let step = location(&posted);
    node.clock.advance(30);
    let code = code_at(secret, node.clock.now_secs()).unwrap();
    let passed = crate::mfa::submit_code(node, &browser, &step, &code).await;
    assert_eq!(passed.status(), 303);
    browser
}
