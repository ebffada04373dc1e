//! Where a page's forms may post (CSP `form-action`). Pages allow only Gatehouse itself, but
//! browsers (Chromium, checked by the browser tests) apply `form-action` to every redirect
//! that follows a form submission: the sign-in form posts to /login, which redirects to
//! /authorize/resume and on to the client's redirect URI. So pages of a sign-in for a client
//! also allow that client's registered origin, and nothing else.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{CONTENT_SECURITY_POLICY, WebError};
use crate::App;
use crate::oauth::authorize::AuthorizationRequest;

/// A client origin (from [`csp_origin`]) that a page's form leads to, set as a response
/// extension by a handler that knows it without a parked request (sign-out confirmation).
#[derive(Debug, Clone)]
pub struct FormTarget(pub String);

/// A client's logo origin (from [`csp_origin`]) the consent page shows an image from, set as
/// a response extension: `img-src` is widened to it, and only on that page.
#[derive(Debug, Clone)]
pub struct ImageSource(pub String);

/// The largest page form body read here: the same as the router's body limit.
const MAX_FORM: usize = 64 * 1024;

/// For HTML pages of a parked sign-in (`req` in the query or the form) or with a
/// [`FormTarget`], widens `form-action` to the client's origin. Pages that set their own
/// policy (form_post) are left alone.
pub async fn allow_client_form_target(
    State(app): State<App>,
    request: Request,
    next: Next,
) -> Response {
    let (request, req) = match parked_id(request).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html
        || response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY)
    {
        return response;
    }
    let origin = match response.extensions().get::<FormTarget>() {
        Some(FormTarget(origin)) => Some(origin.clone()),
        None => match req {
            Some(id) => parked_origin(&app, &id).await,
            None => None,
        },
    };
    let image = response
        .extensions()
        .get::<ImageSource>()
        .map(|ImageSource(o)| o.clone());
    if origin.is_some() || image.is_some() {
        let mut policy = CONTENT_SECURITY_POLICY.to_string();
        if let Some(origin) = origin {
            policy = policy.replacen(
                "form-action 'self'",
                &format!("form-action 'self' {origin}"),
                1,
            );
        }
        if let Some(image) = image {
            policy = policy.replacen(
                "img-src 'self' data:",
                &format!("img-src 'self' data: {image}"),
                1,
            );
        }
        if let Ok(value) = HeaderValue::from_str(&policy) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

/// The `req` parameter of a page request, from its query or its form body (a page re-shown
/// after a wrong password carries it only in the form). The body is read and put back.
async fn parked_id(request: Request) -> Result<(Request, Option<String>), Response> {
    let from_query = request.uri().query().and_then(|q| find_req(q.as_bytes()));
    let is_form = request.method() == Method::POST
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if from_query.is_some() || !is_form {
        return Ok((request, from_query));
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM).await.map_err(|_| {
        WebError::page(
            StatusCode::BAD_REQUEST,
            "Request not understood",
            "The request could not be read. Go back and try again.",
        )
        .into_response()
    })?;
    let found = find_req(&bytes);
    Ok((Request::from_parts(parts, bytes.into()), found))
}

fn find_req(urlencoded: &[u8]) -> Option<String> {
    url::form_urlencoded::parse(urlencoded)
        .find(|(key, _)| key == "req")
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.is_empty() && value.len() <= 128)
}

/// The registered origin of a parked request's client, if the request is still there.
async fn parked_origin(app: &App, id: &str) -> Option<String> {
    let row = match app.store.authorization_request(id).await {
        Ok(row) => row?,
        Err(e) => {
            tracing::warn!(error = %e, "loading a parked request for the page's policy");
            return None;
        }
    };
    let request: AuthorizationRequest = serde_json::from_str(&row.params).ok()?;
    csp_origin(&request.redirect_uri)
}

/// `uri`'s origin as a CSP source (`scheme://host[:port]`), or `None` if it has none that can
/// be written safely. Built from the parsed parts, and the host checked byte by byte: a URL
/// host may contain `;`, `,` or `'`, which would end the directive or add sources.
pub fn csp_origin(uri: &str) -> Option<String> {
    let url = url::Url::parse(uri).ok()?;
    let scheme = url.scheme();
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = match url.host()? {
        url::Host::Domain(domain) => {
            let safe = !domain.is_empty()
                && domain
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            if !safe {
                return None;
            }
            domain.to_string()
        }
        url::Host::Ipv4(ip) => ip.to_string(),
        url::Host::Ipv6(ip) => format!("[{ip}]"),
    };
    Some(match url.port() {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

#[cfg(test)]
mod tests {
    use super::csp_origin;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            csp_origin("https://client.example/cb?x=1#f").as_deref(),
            Some("https://client.example")
        );
        assert_eq!(
            csp_origin("https://Client.Example:8443/cb").as_deref(),
            Some("https://client.example:8443")
        );
        assert_eq!(
            csp_origin("https://client.example:443/cb").as_deref(),
            Some("https://client.example")
        );
        assert_eq!(
            csp_origin("http://127.0.0.1:9/callback").as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(
            csp_origin("http://[::1]:9/cb").as_deref(),
            Some("http://[::1]:9")
        );
        assert_eq!(
            csp_origin("https://bücher.example/cb").as_deref(),
            Some("https://xn--bcher-kva.example")
        );
    }

    #[test]
    fn nothing_that_could_end_or_extend_the_directive() {
        for uri in [
            "https://a;script-src*.example/cb",
            "https://a,b.example/cb",
            "https://a'b.example/cb",
            "https://a b.example/cb",
            "https://user:pass@a\tb/cb",
            "com.example.app:/callback",
            "javascript:alert(1)",
            "data:text/html,x",
            "not a url",
            "",
        ] {
            let origin = csp_origin(uri);
            assert!(
                origin.as_deref().is_none_or(|o| o
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b":/.-[]".contains(&b))),
                "{uri} -> {origin:?}"
            );
        }
        assert_eq!(csp_origin("https://a;script-src*.example/cb"), None);
        assert_eq!(csp_origin("com.example.app:/callback"), None);
    }
}
