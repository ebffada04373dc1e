//! Redirect URIs as a client registers them and as `/authorize` answers to them: a URI is
//! accepted only if absolute, fragment-free, not `javascript:`/`data:`/`file:`/`vbscript:`,
//! and plain http only on a loopback host; matching is exact, byte for byte; and the answer's
//! URL is the registered URI with our parameters appended, each read back exactly as sent
//! (a hostile `state` cannot add or change a parameter).
#![no_main]

use arbitrary::Arbitrary;
use gatehouse::domain::{Client, ClientLinks, RedirectUri, ScopeSet};
use gatehouse::oauth::authorize::{AuthorizationResponse, ResponseMode};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    registered: String,
    presented: String,
    state: String,
    link: String,
}

fuzz_target!(|input: Input| {
    if let Ok(uri) = RedirectUri::parse(&input.registered) {
        assert_eq!(uri.as_str(), input.registered);
        let url = url::Url::parse(uri.as_str()).expect("an accepted URI parses");
        assert!(url.fragment().is_none());
        assert!(!matches!(
            url.scheme(),
            "javascript" | "data" | "file" | "vbscript"
        ));
        if url.scheme() == "http" {
            assert!(matches!(
                url.host_str(),
                Some("localhost" | "127.0.0.1" | "[::1]")
            ));
        }
        let client = Client {
            id: "c".into(),
            name: "c".into(),
            secret_hash: None,
            first_party: false,
            redirect_uris: vec![input.registered.clone()],
            post_logout_redirect_uris: Vec::new(),
            grant_types: Vec::new(),
            scopes: ScopeSet::parse("openid").expect("a scope"),
            links: ClientLinks::default(),
            created_at: 0,
        };
        assert_eq!(
            client.has_redirect_uri(&input.presented),
            input.presented == input.registered
        );

        let response = AuthorizationResponse {
            redirect_uri: input.registered.clone(),
            mode: ResponseMode::Query,
            params: vec![
                ("code", "the-code".to_string()),
                ("state", input.state.clone()),
                ("iss", "https://id.example".to_string()),
            ],
        };
        let answer = response.query_url();
        assert!(answer.starts_with(&input.registered));
        let parsed = url::Url::parse(&answer).expect("the answer's URL parses");
        let ours: Vec<(String, String)> = parsed
            .query_pairs()
            .into_owned()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert_eq!(
            ours,
            vec![
                ("code".to_string(), "the-code".to_string()),
                ("state".to_string(), input.state.clone()),
                ("iss".to_string(), "https://id.example".to_string()),
            ],
            "{answer}"
        );
    }
    if let Ok(Some(link)) = ClientLinks::parse_link(&input.link) {
        let url = url::Url::parse(&link).expect("an accepted link parses");
        assert!(url.scheme() == "https" || url.scheme() == "http");
        assert!(url.fragment().is_none() && link.len() <= 2048);
    }
});
