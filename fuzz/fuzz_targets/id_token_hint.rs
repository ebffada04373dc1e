//! `id_token_hint` at `/end_session`: a hint we did not sign is always refused; one we did
//! sign, whatever its header and claims hold, never crashes the checks, and the browser is
//! only ever sent back to a registered post-logout URI.
#![no_main]

use axum::body::Body;
use axum::http::Request;
use gatehouse::oauth::logout::{EndSessionRequest, plan};
use gatehouse_fuzz::{
    CONFIDENTIAL_CLIENT, POST_LOGOUT_URI, form_value, harness, our_header, signed_by_us,
    split_once_newline,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let h = harness();
    let (first, second) = split_once_newline(rest);
    let issuer = h.app.settings.issuer.clone();
    let (hint, ours) = match mode % 4 {
        0 => (String::from_utf8_lossy(rest).into_owned(), false),
        // Any header, any payload, a signature that verifies.
        1 => (signed_by_us(first, second), true),
        // Our header, any payload.
        2 => (signed_by_us(&our_header("JWT"), rest), true),
        // Our header with the fuzzer's `typ`; an issuer-correct payload with its `aud`/`sid`.
        _ => {
            let typ = String::from_utf8_lossy(first);
            let payload = format!(
                r#"{{"iss":{},"aud":{},"sid":"s","exp":1}}"#,
                serde_json::Value::String(issuer.clone()),
                String::from_utf8_lossy(second)
            );
            (signed_by_us(&our_header(&typ), payload.as_bytes()), true)
        }
    };
    let client_id = (mode & 0x10 != 0).then(|| CONFIDENTIAL_CLIENT.to_string());
    let post_logout = (mode & 0x20 != 0).then(|| POST_LOGOUT_URI.to_string());
    let request = EndSessionRequest {
        id_token_hint: Some(hint.clone()),
        client_id: client_id.clone(),
        post_logout_redirect_uri: post_logout,
        state: Some("st".into()),
        logout_hint: None,
        ui_locales: None,
    };
    let outcome = h.runtime.block_on(plan(&h.app, &request));
    match &outcome {
        Ok(planned) => {
            assert!(
                ours || hint.is_empty(),
                "a hint Gatehouse did not sign was accepted: {hint}"
            );
            if let Some(redirect) = &planned.redirect {
                assert!(
                    redirect.starts_with(&format!("{POST_LOGOUT_URI}?")),
                    "{redirect}"
                );
            }
        }
        Err(message) => assert!(!message.is_empty()),
    }
    // The same through HTTP: never a server error.
    let mut query = format!("id_token_hint={}", form_value(hint.as_bytes()));
    if let Some(id) = client_id {
        query.push_str(&format!("&client_id={id}"));
    }
    h.send_expecting_no_server_error(
        Request::get(format!(
            "/end_session?{query}&post_logout_redirect_uri={}",
            form_value(POST_LOGOUT_URI.as_bytes())
        ))
        .body(Body::empty())
        .expect("a request"),
    );
});
