//! Stateless nodes: two Gatehouse instances on one database and key-encryption key serve the
//! same users — a sign-in on one, the code exchange and introspection on the other.

use crate::helpers::*;

#[tokio::test]
async fn two_nodes_share_sessions_codes_and_tokens() {
    for db in databases() {
        let a = spawn_app_with(db, |s| {
            s.kek = Some(
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
                    .to_string()
                    .into(),
            );
        })
        .await;
        let b = a.second_node().await;
        assert!(
            b.admin_password.is_none(),
            "{db:?}: only one node creates the admin"
        );
        a.add_user("ada@example.com", &["user"]).await;
        let client = a.add_client(ClientSpec::confidential()).await;
        let browser = browser();
        let (challenge, verifier) = openidconnect::PkceCodeChallenge::new_random_sha256();
        let auth = format!(
            "{}?client_id={}&redirect_uri={}&response_type=code&scope=openid&state=s&code_challenge={}&code_challenge_method=S256",
            a.url("/authorize"),
            client.id,
            client.redirect_uri,
            challenge.as_str()
        );
        let callback = authorize_through_login(&a, &browser, &auth, "ada@example.com").await;
        let code = query_param(&callback, "code").unwrap();
        let node_b = format!("http://{}", b.settings.listen);
        let tokens: serde_json::Value = reqwest::Client::new()
            .post(format!("{node_b}/token"))
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
        let access = tokens["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("{db:?}: {tokens}"));
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
        let session_on_b = browser
            .get(format!("{node_b}/account"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            session_on_b.status(),
            200,
            "{db:?}: the cookie's session is known to node B"
        );
    }
}
