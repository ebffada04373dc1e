//! Property tests (issue 14) of the parsers and rules every request goes through: redirect
//! URIs and their exact matching, scopes, PKCE, phone numbers, and the throttle arithmetic.
//! Each holds for thousands of generated inputs, hostile ones included, and none panics.

use gatehouse::crypto::token::{b64url, sha256};
use gatehouse::domain::{Client, PhoneNumber, RedirectUri, ScopeSet};
use gatehouse::oauth::pkce;
use gatehouse::store::RateLimitPolicy;
use proptest::prelude::*;

fn client_with(redirect_uris: Vec<String>) -> Client {
    Client {
        id: "c".into(),
        name: "C".into(),
        secret_hash: None,
        first_party: false,
        redirect_uris,
        post_logout_redirect_uris: vec![],
        grant_types: vec![],
        scopes: ScopeSet::all(),
        links: Default::default(),
        created_at: 0,
    }
}

/// Small edits an attacker makes to a registered URI: a character added, dropped or
/// changed, a case flipped, a trailing slash, a port, a path segment, a query.
fn variants(uri: &str) -> Vec<String> {
    let mut out = vec![
        format!("{uri}/"),
        format!("{uri}x"),
        format!("{uri}?a=1"),
        format!("{uri}#f"),
        format!("{uri}/../evil"),
        uri.to_uppercase(),
        uri.replacen("://", "://evil.", 1),
        uri.replacen("://", "://user@", 1),
    ];
    if uri.len() > 1 {
        out.push(uri[..uri.len() - 1].to_string());
    }
    out.retain(|v| v != uri);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Matching is exact: the registered string and nothing else, however close.
    #[test]
    fn redirect_uris_match_exactly(
        host in "[a-z]{1,12}\\.(com|example|test)",
        path in "(/[a-zA-Z0-9_-]{0,8}){0,3}",
    ) {
        let registered = format!("https://{host}{path}");
        let client = client_with(vec![registered.clone()]);
        prop_assert!(client.has_redirect_uri(&registered));
        for variant in variants(&registered) {
            prop_assert!(!client.has_redirect_uri(&variant), "{variant}");
        }
    }

    /// Registration refuses fragments, non-loopback http and non-URIs, and never panics.
    #[test]
    fn redirect_uri_registration_holds_its_rules(raw in "\\PC{0,80}") {
        if let Ok(uri) = RedirectUri::parse(&raw) {
            let url = url::Url::parse(uri.as_str()).expect("what was accepted parses");
            prop_assert!(url.fragment().is_none());
            if url.scheme() == "http" {
                prop_assert!(matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]")));
            }
        }
    }

    #[test]
    fn http_is_refused_for_every_non_loopback_host(host in "[a-z]{1,12}\\.[a-z]{2,6}") {
        let (plain, secure, fragment) = (
            format!("http://{host}/cb"),
            format!("https://{host}/cb"),
            format!("https://{host}/cb#x"),
        );
        prop_assert!(RedirectUri::parse(&plain).is_err());
        prop_assert!(RedirectUri::parse(&secure).is_ok());
        prop_assert!(RedirectUri::parse(&fragment).is_err());
    }

    /// Scopes: a parsed set prints back to itself, order and repeats do not matter, and an
    /// unknown word is refused rather than dropped.
    #[test]
    fn scopes_round_trip_and_refuse_unknown_words(
        picks in proptest::collection::vec(0usize..64, 0..12),
        junk in "[a-z:_]{1,10}",
    ) {
        let names = ScopeSet::all().names();
        let chosen: Vec<&str> = picks.iter().map(|i| names[i % names.len()]).collect();
        let raw = chosen.join("  ");
        let set = ScopeSet::parse(&raw).expect("known scopes parse");
        prop_assert_eq!(ScopeSet::parse(&set.to_string()).unwrap(), set.clone());
        let mut reversed = chosen.clone();
        reversed.reverse();
        prop_assert_eq!(ScopeSet::parse(&reversed.join(" ")).unwrap(), set);
        if !names.contains(&junk.as_str()) {
            let with_junk = format!("{raw} {junk}");
            prop_assert!(ScopeSet::parse(&with_junk).is_err());
        }
    }

    #[test]
    fn scope_parsing_never_panics(raw in "\\PC{0,200}") {
        let _ = ScopeSet::parse(&raw);
    }

    /// PKCE: the S256 challenge of a well-formed verifier verifies, any other verifier or
    /// challenge does not, and a malformed verifier never does.
    #[test]
    fn pkce_accepts_exactly_the_matching_verifier(
        verifier in "[A-Za-z0-9._~-]{43,128}",
        other in "[A-Za-z0-9._~-]{43,128}",
        junk in "\\PC{0,140}",
    ) {
        let challenge = b64url(&sha256(verifier.as_bytes()));
        prop_assert!(pkce::verify_s256(&verifier, &challenge));
        if other != verifier {
            prop_assert!(!pkce::verify_s256(&other, &challenge));
        }
        let longer = format!("{challenge}x");
        prop_assert!(!pkce::verify_s256(&verifier, &longer));
        prop_assert!(!pkce::verify_s256(&verifier, &challenge.to_lowercase()) || challenge == challenge.to_lowercase());
        if !pkce::is_well_formed(&junk) {
            prop_assert!(!pkce::verify_s256(&junk, &b64url(&sha256(junk.as_bytes()))));
        }
    }

    /// E.164: a mobile number however it is typed (international with spaces or dashes in
    /// any default region, `00` for `+` where that is the international prefix, national with
    /// the trunk prefix in its own region) is stored as one `+` and digits form, and that
    /// form reads back the same in any default region.
    #[test]
    fn phone_numbers_normalise_to_one_e164_form(
        (region, country, trunk, prefix, rest) in prop_oneof![
            "[1-9][0-9]{6}".prop_map(|r| ("DE", "49", "0", "171", r)),
            "[0-9]{6}".prop_map(|r| ("GB", "44", "0", "7400", r)),
            "[0-24-8][0-9]{7}".prop_map(|r| ("FR", "33", "0", "6", r)),
            "[2-9][0-9]{6}".prop_map(|r| ("US", "1", "", "415", r)),
        ],
        separator in prop::sample::select(vec![" ", "-", "", " - "]),
        other_region in prop::sample::select(vec!["DE", "US", "JP", "ZA", "BR"]),
    ) {
        let e164 = format!("+{country}{prefix}{rest}");
        let (head, tail) = rest.split_at(rest.len() / 2);
        let typed = [
            format!("+{country}{separator}{prefix}{separator}{head}{separator}{tail}"),
            format!("00{country} {prefix} {rest}"),
            format!("{trunk}{prefix}{separator}{rest}"),
        ];
        for (i, raw) in typed.iter().enumerate() {
            // `+` is read anywhere; `00` where it is the international prefix (Germany,
            // not North America, whose is 011); the national form only in its own region.
            let region_for = match i {
                0 => other_region,
                1 => "DE",
                _ => region,
            };
            let number = PhoneNumber::parse(raw, region_for);
            prop_assert!(number.is_ok(), "{} in {}: {:?}", raw, region_for, number.err());
            let number = number.unwrap();
            prop_assert_eq!(number.as_str(), e164.as_str());
            prop_assert_eq!(number.region(), region);
        }
        let again = PhoneNumber::parse(&e164, other_region).expect("the stored form reads back");
        prop_assert_eq!(again.as_str(), e164.as_str());
    }

    #[test]
    fn phone_parsing_never_panics(raw in "\\PC{0,60}", region in "[A-Z]{0,3}") {
        let _ = PhoneNumber::parse(&raw, &region);
    }

    /// The throttle: nothing below the allowance, then the base delay doubling with each
    /// further attempt, never above the ceiling, never negative, never decreasing, for any
    /// counts (no overflow however many attempts a flood makes).
    #[test]
    fn throttle_delays_grow_monotonically_within_bounds(
        max_failures in 1i64..100,
        base in 1i64..3600,
        ceiling in 1i64..86_400,
        attempts in proptest::collection::vec(0i64..i64::MAX / 2, 1..20),
    ) {
        let policy = RateLimitPolicy { max_failures, window_secs: 900, base_delay_secs: base, max_delay_secs: ceiling };
        let mut sorted = attempts.clone();
        sorted.sort();
        let mut previous = 0;
        for n in sorted {
            let delay = policy.delay_for(n);
            prop_assert!((0..=ceiling.max(0)).contains(&delay), "{n}: {delay}");
            prop_assert!(delay >= previous, "{n}: {delay} < {previous}");
            if n < max_failures {
                prop_assert_eq!(delay, 0);
            }
            previous = delay;
        }
        prop_assert_eq!(policy.delay_for(max_failures), base.min(ceiling));
        prop_assert_eq!(policy.delay_for(max_failures + 1), (base * 2).min(ceiling));
    }
}
