//! The accept loop. Every connection, plain or TLS, is served by hyper-util's HTTP/1 + HTTP/2
//! builder, with two bounds that `axum::serve` and axum-server do not offer together: how long
//! a client may take to send a request head (slow clients otherwise hold a connection for as
//! long as they trickle bytes), and how many connections are open at once (each costs a task
//! and a file descriptor). There is deliberately no per-address cap: a reverse proxy or a
//! corporate NAT legitimately holds many keep-alive connections from one address.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use axum_server::accept::Accept;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};

use crate::config::ServerSettings;

/// How long open connections get to finish their requests once shutdown begins: the request
/// timeout (`TimeoutLayer`), so no request that could still succeed is cut off.
const DRAIN: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
}

impl From<&ServerSettings> for Limits {
    fn from(s: &ServerSettings) -> Self {
        Self {
            header_read_timeout: Duration::from_secs(s.header_read_timeout_secs),
            max_connections: s.max_connections.max(1),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting, lets open
/// connections finish their in-flight requests (up to [`DRAIN`]) and returns.
pub async fn run(
    listener: TcpListener,
    router: Router,
    tls: Option<RustlsConfig>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = watch::channel(false);
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    let builder = Arc::new(builder);
    // The TLS handshake gets the same allowance as a request head.
    let tls =
        tls.map(|config| RustlsAcceptor::new(config).handshake_timeout(limits.header_read_timeout));
    tokio::pin!(shutdown);
    loop {
        // A permit before accept(): while all are taken, new connections wait in the kernel's
        // accept queue (as Go's LimitListener does) instead of being accepted and left idle;
        // a short burst over the limit is delayed, not refused.
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of file descriptors and the like: pause rather than spin.
                    tracing::error!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            peer,
            tls.clone(),
            router.clone(),
            builder.clone(),
            limits.header_read_timeout,
            stopping.clone(),
            permit,
        ));
    }
    // Closing the listener refuses new connections at once; open ones are asked to finish.
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a permit until it ends: all permits back means all are done.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(DRAIN, permits.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!(
            "connections still open {} s after shutdown began: closing them",
            DRAIN.as_secs()
        );
    }
}

/// Requests in flight on one connection, and when the last one ended.
struct Activity {
    in_flight: AtomicUsize,
    since: Mutex<Instant>,
}

impl Activity {
    fn new() -> Self {
        Self {
            in_flight: AtomicUsize::new(0),
            since: Mutex::new(Instant::now()),
        }
    }

    /// How long the connection has had nothing in flight (zero while something is).
    fn idle_for(&self) -> Duration {
        if self.in_flight.load(Ordering::SeqCst) > 0 {
            return Duration::ZERO;
        }
        self.since
            .lock()
            .map(|since| since.elapsed())
            .unwrap_or(Duration::ZERO)
    }
}

/// One request in flight, from the call to its response (dropped when it completes or is
/// abandoned).
struct InFlight(Arc<Activity>);

impl InFlight {
    fn new(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::SeqCst);
        Self(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Ok(mut since) = self.0.since.lock() {
            *since = Instant::now();
        }
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Errors about one connection (the peer gave up before we accepted), not the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        e.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    )
}

#[allow(clippy::too_many_arguments)]
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    tls: Option<RustlsAcceptor>,
    router: Router,
    builder: Arc<Builder<TokioExecutor>>,
    header_read_timeout: Duration,
    mut stopping: watch::Receiver<bool>,
    // Held until the connection ends: it is what `max_connections` counts.
    _permit: OwnedSemaphorePermit,
) {
    match tls {
        None => {
            serve_io(
                stream,
                peer,
                router,
                &builder,
                header_read_timeout,
                &mut stopping,
            )
            .await
        }
        Some(acceptor) => {
            let handshake = tokio::select! {
                biased;
                _ = stopping.wait_for(|s| *s) => return,
                handshake = acceptor.accept(stream, ()) => handshake,
            };
            match handshake {
                Ok((stream, _)) => {
                    serve_io(
                        stream,
                        peer,
                        router,
                        &builder,
                        header_read_timeout,
                        &mut stopping,
                    )
                    .await
                }
                Err(e) => tracing::debug!(error = %e, %peer, "TLS handshake failed"),
            }
        }
    }
}

async fn serve_io<I>(
    io: I,
    peer: SocketAddr,
    router: Router,
    builder: &Builder<TokioExecutor>,
    header_read_timeout: Duration,
    stopping: &mut watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let first_request = Arc::new(Notify::new());
    let seen = first_request.clone();
    let activity = Arc::new(Activity::new());
    let counted = activity.clone();
    let service = tower::ServiceExt::map_request(
        router,
        move |mut request: axum::http::Request<hyper::body::Incoming>| {
            seen.notify_one();
            // What `into_make_service_with_connect_info` would add: the `Origin` extractor
            // reads the peer address from it.
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        },
    );
    let service = tower::ServiceExt::map_future(service, move |response| {
        let in_flight = InFlight::new(counted.clone());
        async move {
            let response = response.await;
            drop(in_flight);
            response
        }
    });
    let conn =
        builder.serve_connection_with_upgrades(TokioIo::new(io), TowerToHyperService::new(service));
    tokio::pin!(conn);
    // hyper's header timeout starts once it knows the protocol; before that it reads up to
    // 24 bytes looking for the HTTP/2 preface with no timeout. This bound covers that too,
    // up to the first request; hyper's own bounds every later request head and idle gap.
    let stop_now = tokio::select! {
        biased;
        _ = conn.as_mut() => return,
        () = first_request.notified() => false,
        () = tokio::time::sleep(header_read_timeout) => return,
        _ = stopping.wait_for(|s| *s) => true,
    };
    // Later, a connection with nothing in flight for a whole timeout is let go. hyper does
    // this itself for HTTP/1 (its header timeout runs while a keep-alive connection waits);
    // HTTP/2 has no such timer, and an idle connection would hold its permit for ever.
    if !stop_now {
        loop {
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = stopping.wait_for(|s| *s) => break,
                () = tokio::time::sleep(header_read_timeout / 2) => {
                    if activity.idle_for() >= header_read_timeout {
                        break;
                    }
                }
            }
        }
    }
    // Finish the request in flight (HTTP/1) or the open streams (HTTP/2), then close.
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}
