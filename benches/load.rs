//! Load figures for Gatehouse, printed as a table: `cargo bench --bench load`.
//!
//! Starts Gatehouse in this process on 127.0.0.1 (SQLite in a temporary directory, the system
//! clock) and drives each scenario from a bounded number of concurrent loopback clients for a
//! bounded time. Client and server share the machine, so the figures are end-to-end rates on
//! it, not server capacity; for server-only CPU figures run `../shared/peer/load.sh` against
//! `target/release/gatehouse` (see the README).
//!
//! Options (after `--`): `--seconds N` per scenario (default 5, at most 30),
//! `--concurrency N` (default 16), `--only a,b` to pick scenarios.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use gatehouse::App;
use gatehouse::clock::SystemClock;
use gatehouse::config::Settings;
use gatehouse::crypto::keys::SigningAlg;
use gatehouse::crypto::token::{b64url, hash_token, random_token, sha256};
use gatehouse::domain::{Email, GrantType, ScopeSet};
use gatehouse::store::{NewClient, NewUser};

const PASSWORD: &str = "correct horse battery staple";
const REDIRECT: &str = "http://127.0.0.1:9/callback";

struct Options {
    seconds: u64,
    concurrency: usize,
    only: Option<Vec<String>>,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    Options {
        seconds: value("--seconds")
            .and_then(|v| v.parse().ok())
            .unwrap_or(5)
            .clamp(1, 30),
        concurrency: value("--concurrency")
            .and_then(|v| v.parse().ok())
            .unwrap_or(16)
            .clamp(1, 256),
        only: value("--only").map(|v| v.split(',').map(str::to_string).collect()),
    }
}

struct Server {
    base: String,
    client_id: String,
    client_secret: String,
    _dir: tempfile::TempDir,
}

async fn start(alg: SigningAlg) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let settings = Settings {
        issuer: format!("http://{addr}"),
        listen: addr.to_string(),
        data_dir: dir.path().join("data"),
        keys_dir: dir.path().join("keys"),
        tokens: gatehouse::config::TokenSettings {
            signing_alg: alg,
            ..Default::default()
        },
        // The load comes from one address: keep throttling out of the measurement.
        rate_limits: gatehouse::config::RateLimitSettings {
            max_failures: 1_000_000,
            parked_authorizations_per_10_min: 1_000_000_000,
            ..Default::default()
        },
        ..Settings::default()
    }
    .validated()
    .expect("settings");
    let app = App::build(settings, Arc::new(SystemClock))
        .await
        .expect("app");
    let secret = random_token();
    app.store
        .insert_client(&NewClient {
            id: "bench".into(),
            name: "Bench".into(),
            secret_hash: Some(hash_token(&secret)),
            first_party: true,
            redirect_uris: vec![REDIRECT.into()],
            post_logout_redirect_uris: vec![],
            grant_types: GrantType::ALL.to_vec(),
            scopes: ScopeSet::all(),
            links: Default::default(),
            now: 0,
        })
        .await
        .expect("client");
    app.store
        .insert_user(&NewUser {
            id: uuid::Uuid::new_v4().to_string(),
            email: Some(Email::parse("bench@example.com").expect("email")),
            email_verified: true,
            password_hash: Some(gatehouse::crypto::password::hash(PASSWORD)),
            must_change_password: false,
            first_name: "Bench".into(),
            last_name: "User".into(),
            privileges: vec!["user".into()],
            username: None,
            now: 0,
        })
        .await
        .expect("user");
    tokio::spawn(app.serve(listener));
    Server {
        base: format!("http://{addr}"),
        client_id: "bench".into(),
        client_secret: secret,
        _dir: dir,
    }
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn location(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// One authorization-code flow with PKCE in `browser`: through the sign-in form when there
/// is no session, straight to the code when there is. Returns true on success.
async fn flow(s: &Server, browser: &reqwest::Client) -> Option<()> {
    let verifier = random_token();
    let challenge = b64url(&sha256(verifier.as_bytes()));
    let auth = format!(
        "{}/authorize?client_id={}&redirect_uri={REDIRECT}&response_type=code&scope=openid%20email&state=s&code_challenge={challenge}&code_challenge_method=S256",
        s.base, s.client_id
    );
    let mut response = browser.get(&auth).send().await.ok()?;
    let mut target = location(&response)?;
    if target.starts_with("/login") {
        let page = browser
            .get(format!("{}{target}", s.base))
            .send()
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        let form = [
            ("csrf", field(&page, "csrf")?),
            ("req", field(&page, "req")?),
            ("email", "bench@example.com".to_string()),
            ("password", PASSWORD.to_string()),
        ];
        response = browser
            .post(format!("{}/login", s.base))
            .form(&form)
            .send()
            .await
            .ok()?;
        let resume = location(&response)?;
        response = browser
            .get(format!("{}{resume}", s.base))
            .send()
            .await
            .ok()?;
        target = location(&response)?;
    }
    let code = url::Url::parse(&target)
        .ok()?
        .query_pairs()
        .find(|(k, _)| k == "code")?
        .1
        .into_owned();
    let tokens = reqwest::Client::new()
        .post(format!("{}/token", s.base))
        .basic_auth(&s.client_id, Some(&s.client_secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier.as_str()),
        ])
        .send()
        .await
        .ok()?;
    tokens.status().is_success().then_some(())
}

struct Outcome {
    ok: u64,
    errors: u64,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

/// Runs `op` from `concurrency` loops for `seconds`.
async fn measure<F, Fut>(seconds: u64, concurrency: usize, op: F) -> Outcome
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let op = Arc::new(op);
    let ok = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (op, ok, errors) = (op.clone(), ok.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                if op(worker).await {
                    ok.fetch_add(1, Ordering::Relaxed);
                    latencies.push(t.elapsed());
                } else {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.expect("worker"));
    }
    latencies.sort();
    Outcome {
        ok: ok.load(Ordering::Relaxed),
        errors: errors.load(Ordering::Relaxed),
        elapsed: start.elapsed(),
        latencies,
    }
}

async fn succeeded(response: reqwest::Result<reqwest::Response>) -> bool {
    match response {
        Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
        Err(_) => false,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(name: &str, o: &Outcome) {
    println!(
        "| {name:<34} | {:>8} | {:>9.0} | {:>7.2} | {:>7.2} | {:>6} |",
        o.ok,
        o.ok as f64 / o.elapsed.as_secs_f64(),
        percentile(&o.latencies, 0.5),
        percentile(&o.latencies, 0.99),
        o.errors
    );
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let opts = options();
    let wanted = |name: &str| {
        opts.only
            .as_ref()
            .is_none_or(|o| o.iter().any(|w| w == name))
    };
    let (secs, conc) = (opts.seconds, opts.concurrency);
    println!("Gatehouse load, {secs} s per scenario, {conc} concurrent loopback clients, SQLite");
    println!(
        "| scenario                           |       ok |     per s | p50 ms  | p99 ms  | errors |"
    );
    println!(
        "|------------------------------------|---------:|----------:|--------:|--------:|-------:|"
    );
    let started = Instant::now();
    let s = Arc::new(start(SigningAlg::RS256).await);
    println!(
        "(start-up with key generation: {} ms)",
        started.elapsed().as_millis()
    );
    let http = reqwest::Client::new();

    if wanted("discovery") {
        let (s, http) = (s.clone(), http.clone());
        let o = measure(secs, conc, move |_| {
            let (s, http) = (s.clone(), http.clone());
            async move {
                let r = http
                    .get(format!("{}/.well-known/openid-configuration", s.base))
                    .send()
                    .await;
                succeeded(r).await
            }
        })
        .await;
        report("discovery", &o);
    }
    // A page: the sign-in form, rendered from its template in the browser's language (the
    // language negotiation, the CSRF cookie and the template engine, no database).
    for (name, language) in [
        ("login_page en", "en"),
        ("login_page de", "de-CH, de;q=0.9"),
    ] {
        if !wanted("login_page") {
            break;
        }
        let (s, http) = (s.clone(), http.clone());
        let o = measure(secs, conc, move |_| {
            let (s, http) = (s.clone(), http.clone());
            async move {
                let r = http
                    .get(format!("{}/login", s.base))
                    .header("accept-language", language)
                    .send()
                    .await;
                succeeded(r).await
            }
        })
        .await;
        report(name, &o);
    }
    if wanted("jwks") {
        let (s, http) = (s.clone(), http.clone());
        let o = measure(secs, conc, move |_| {
            let (s, http) = (s.clone(), http.clone());
            async move {
                let r = http.get(format!("{}/jwks", s.base)).send().await;
                succeeded(r).await
            }
        })
        .await;
        report("jwks", &o);
    }
    for alg in [SigningAlg::RS256, SigningAlg::ES256, SigningAlg::EdDSA] {
        if !wanted("cc") {
            break;
        }
        let server = if alg == SigningAlg::RS256 {
            s.clone()
        } else {
            Arc::new(start(alg).await)
        };
        let http = http.clone();
        let o = measure(secs, conc, move |_| {
            let (s, http) = (server.clone(), http.clone());
            async move {
                let r = http
                    .post(format!("{}/token", s.base))
                    .basic_auth(&s.client_id, Some(&s.client_secret))
                    .form(&[("grant_type", "client_credentials")])
                    .send()
                    .await;
                succeeded(r).await
            }
        })
        .await;
        report(&format!("client_credentials {}", alg.as_str()), &o);
    }
    if wanted("introspect") {
        let token: serde_json::Value = http
            .post(format!("{}/token", s.base))
            .basic_auth(&s.client_id, Some(&s.client_secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("json");
        let token = Arc::new(
            token["access_token"]
                .as_str()
                .expect("access token")
                .to_string(),
        );
        let (s, http) = (s.clone(), http.clone());
        let o = measure(secs, conc, move |_| {
            let (s, http, token) = (s.clone(), http.clone(), token.clone());
            async move {
                let r = http
                    .post(format!("{}/introspect", s.base))
                    .basic_auth(&s.client_id, Some(&s.client_secret))
                    .form(&[("token", token.as_str())])
                    .send()
                    .await;
                match r {
                    Ok(r) => r
                        .json::<serde_json::Value>()
                        .await
                        .is_ok_and(|v| v["active"] == true),
                    Err(_) => false,
                }
            }
        })
        .await;
        report("introspection (JWT access token)", &o);
    }
    if wanted("authcode") {
        let s2 = s.clone();
        let o = measure(secs, conc, move |_| {
            let s = s2.clone();
            async move { flow(&s, &browser()).await.is_some() }
        })
        .await;
        report("auth-code+PKCE flow with sign-in", &o);
        // Single sign-on: each worker keeps its browser, so only the first flow signs in.
        let browsers: Arc<Vec<reqwest::Client>> = Arc::new((0..conc).map(|_| browser()).collect());
        for b in browsers.iter() {
            flow(&s, b).await.expect("warm-up sign-in");
        }
        let s3 = s.clone();
        let o = measure(secs, conc, move |worker| {
            let (s, browsers) = (s3.clone(), browsers.clone());
            async move { flow(&s, &browsers[worker]).await.is_some() }
        })
        .await;
        report("auth-code+PKCE flow, signed in", &o);
    }
    println!(
        "(process RSS at the end, server and load generator together: {:.0} MiB)",
        rss_mib()
    );
}
