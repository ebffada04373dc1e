//! OpenID Provider metadata (Discovery 1.0 §3, RFC 8414) and the JWKS. Every value here is
//! something the endpoints really do.

use serde_json::{Value, json};

use crate::App;
use crate::domain::{ADMIN_SCOPES, KNOWN_SCOPES};

pub fn metadata(app: &App) -> Value {
    let issuer = &app.settings.issuer;
    let algs: Vec<&str> = app.keys.algorithms().iter().map(|a| a.as_str()).collect();
    let auth_methods = ["client_secret_basic", "client_secret_post", "none"];
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "userinfo_endpoint": format!("{issuer}/userinfo"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{issuer}/end_session"),
        "introspection_endpoint": format!("{issuer}/introspect"),
        "revocation_endpoint": format!("{issuer}/revoke"),
        "scopes_supported": KNOWN_SCOPES.iter().chain(ADMIN_SCOPES.iter()).collect::<Vec<_>>(),
        "response_types_supported": ["code"],
        "ui_locales_supported": crate::i18n::Lang::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        "response_modes_supported": ["query", "form_post"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials",
            crate::domain::GrantType::TOKEN_EXCHANGE],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": algs,
        "token_endpoint_auth_methods_supported": auth_methods,
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "revocation_endpoint_auth_methods_supported": auth_methods,
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": [
            "iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "sid", "amr", "acr", "idp", "at_hash", "azp",
            "email", "email_verified", "name", "given_name", "family_name", "zoneinfo", "locale",
            "organization", "date_format", "address", "phone_number", "phone_number_verified",
            "privileges", "nickname", "preferred_username", "act"
        ],
        "claim_types_supported": ["normal"],
        "claims_parameter_supported": false,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "authorization_response_iss_parameter_supported": true,
        "prompt_values_supported": ["none", "login", "consent", "select_account"],
        "acr_values_supported": crate::domain::ACR_VALUES,

        "access_token_signing_alg_values_supported": [app.keys.default_alg.as_str()],
    })
}
