//! The one HTTP client for upstream providers. Everything an upstream sends is hostile until
//! checked, so the client never follows redirects (a redirect from a token or JWKS endpoint
//! is an attack or a misconfiguration, not something to chase), gives up after a connect and
//! a total timeout (a hanging provider must not hold a sign-in, or the executor, for long),
//! and refuses bodies over a size cap while reading them (a provider cannot make us buffer
//! gigabytes). openidconnect and oauth2 call it through their `AsyncHttpClient` trait.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use openidconnect::{HttpClientError, HttpRequest, HttpResponse};

/// How long to wait for a connection, and for a whole exchange.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);
/// Discovery documents, JWKS, token and profile answers are a few kilobytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(Clone, Debug)]
pub struct UpstreamHttp {
    client: reqwest::Client,
    max_body: usize,
}

/// A failed exchange. reqwest's errors are stripped of their URL before they get here, so
/// no query string (an upstream could be handed a token in one) reaches a log line.
pub type HttpError = HttpClientError<reqwest::Error>;

impl UpstreamHttp {
    pub fn new(
        connect_timeout: Duration,
        total_timeout: Duration,
        max_body: usize,
    ) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(connect_timeout)
            .timeout(total_timeout)
            .user_agent(concat!("Gatehouse/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { client, max_body })
    }

    /// The client with the defaults above.
    pub fn standard() -> Result<Self, reqwest::Error> {
        Self::new(CONNECT_TIMEOUT, TOTAL_TIMEOUT, MAX_BODY_BYTES)
    }

    /// Sends one request and reads the answer, at most `max_body` bytes of it.
    pub async fn send(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let request = reqwest::Request::try_from(request).map_err(quiet)?;
        let mut response = self.client.execute(request).await.map_err(quiet)?;
        let too_large = || {
            HttpClientError::Other(format!(
                "the upstream answer is larger than {} bytes",
                self.max_body
            ))
        };
        if response
            .content_length()
            .is_some_and(|n| n > self.max_body as u64)
        {
            return Err(too_large());
        }
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(quiet)? {
            if body.len() + chunk.len() > self.max_body {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let mut answer = http::Response::builder().status(status).body(body)?;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}

fn quiet(error: reqwest::Error) -> HttpError {
    HttpClientError::Reqwest(Box::new(error.without_url()))
}

impl<'c> openidconnect::AsyncHttpClient<'c> for UpstreamHttp {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.send(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::response::Redirect;
    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A stand-in upstream on 127.0.0.1.
    async fn upstream() -> String {
        let app = Router::new()
            .route("/small", get(|| async { "{\"ok\":true}" }))
            .route("/redirect", get(|| async { Redirect::temporary("/small") }))
            .route("/big", get(|| async { "x".repeat(64 * 1024) }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    /// An upstream that answers in chunks with no Content-Length: the cap must hold while
    /// reading.
    async fn chunked_upstream() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut request = [0u8; 1024];
                let _ = stream.read(&mut request).await;
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .await;
                for _ in 0..64 {
                    let chunk = format!("400\r\n{}\r\n", "y".repeat(1024));
                    if stream.write_all(chunk.as_bytes()).await.is_err() {
                        break;
                    }
                }
                let _ = stream.write_all(b"0\r\n\r\n").await;
            }
        });
        format!("http://{addr}/streamed")
    }

    fn get_request(url: String) -> HttpRequest {
        http::Request::builder().uri(url).body(Vec::new()).unwrap()
    }

    #[tokio::test]
    async fn answers_redirects_caps_and_timeouts() {
        let base = upstream().await;
        let client = UpstreamHttp::new(
            Duration::from_secs(2),
            Duration::from_millis(300),
            16 * 1024,
        )
        .unwrap();
        let ok = client
            .send(get_request(format!("{base}/small")))
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);
        assert_eq!(ok.body(), b"{\"ok\":true}");
        let redirect = client
            .send(get_request(format!("{base}/redirect")))
            .await
            .unwrap();
        assert_eq!(
            redirect.status(),
            307,
            "redirects are answered, never followed"
        );
        for url in [format!("{base}/big"), chunked_upstream().await] {
            match client.send(get_request(url.clone())).await {
                Err(HttpClientError::Other(message)) => assert!(message.contains("larger")),
                other => panic!("{url}: the cap holds: {other:?}"),
            }
        }
        assert!(
            client
                .send(get_request(format!("{base}/slow")))
                .await
                .is_err(),
            "a hanging upstream gives up"
        );
    }
}
