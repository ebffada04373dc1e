//! Test harness: Gatehouse on a random local port with a temporary database and a
//! controllable clock, HTTP clients that behave like browsers (cookie store, no automatic
//! redirects), and the `openidconnect` crate as a real relying party.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use gatehouse::App;
use gatehouse::clock::ManualClock;
use gatehouse::config::Settings;
use gatehouse::crypto::token::{hash_token, random_id, random_token};
use gatehouse::domain::{Email, GrantType, ScopeSet};
use gatehouse::store::{NewClient, NewUser};
use reqwest::redirect::Policy;
use tempfile::TempDir;

/// A password that satisfies the default policy.
pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub issuer: String,
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub admin_password: Option<String>,
    pub settings: Settings,
    _dir: Arc<TempDir>,
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// `true` when the tests run under CI, where a missing service is a failure, not a skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The value of an environment variable a test needs, or `None` (printing why) when it is
/// missing outside CI. Under CI a missing service fails the test.
pub fn required_env(name: &str, purpose: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Some(value),
        _ if in_ci() => panic!("CI must set {name} ({purpose})"),
        _ => {
            // Written straight to stderr (the harness captures only the print macros), once
            // per variable, so a local run says what it skipped.
            static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
            let mut said = SAID.lock().unwrap_or_else(|p| p.into_inner());
            if !said.iter().any(|n| n == name) {
                said.push(name.to_string());
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "note: {name} is not set, so the {purpose} parts of the tests are skipped"
                );
            }
            None
        }
    }
}

/// The databases storage tests run on: SQLite always, PostgreSQL when `DATABASE_URL` is set.
pub fn databases() -> Vec<Db> {
    let mut dbs = vec![Db::Sqlite];
    if required_env("DATABASE_URL", "PostgreSQL").is_some() {
        dbs.push(Db::Postgres);
    }
    dbs
}

/// A fresh, empty PostgreSQL database for one test, created beside `DATABASE_URL`'s.
pub async fn fresh_postgres_url() -> String {
    use sqlx::Connection;
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let name = format!(
        "gh_test_{}",
        random_id().to_lowercase().replace(['-', '_'], "")
    );
    let mut conn = sqlx::PgConnection::connect(&base)
        .await
        .expect("connect to DATABASE_URL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("CREATE DATABASE (the role needs CREATEDB)");
    let mut url = url::Url::parse(&base).expect("DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// Settings for a test node. Unlike the defaults, no privilege requires a second factor, so
/// tests of other features can sign administrators in with a password alone; the MFA tests
/// (`mfa.rs`) put the default policy back with [`default_mfa_policy`].
pub fn base_settings(dir: &TempDir, issuer: &str, listen: &str) -> Settings {
    let mut settings = Settings {
        issuer: issuer.to_string(),
        listen: listen.to_string(),
        data_dir: dir.path().join("data"),
        keys_dir: dir.path().join("keys"),
        database_url: String::new(),
        ..Settings::default()
    };
    settings.mfa.required_for.clear();
    settings
}

/// The shipped MFA policy: `admin` and `developer` must use a second factor.
pub fn default_mfa_policy(settings: &mut Settings) {
    settings.mfa = gatehouse::config::MfaSettings::default();
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Db::Sqlite, |_| {}).await
}

/// Starts Gatehouse; `configure` adjusts the settings before start.
pub async fn spawn_app_with(db: Db, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("local addr");
    let issuer = format!("http://{addr}");
    let mut settings = base_settings(&dir, &issuer, &addr.to_string());
    if db == Db::Postgres {
        settings.database_url = fresh_postgres_url().await;
    }
    configure(&mut settings);
    start(settings, listener, dir).await
}

/// Starts a node with the given settings on `listener`.
pub async fn start(
    settings: Settings,
    listener: std::net::TcpListener,
    dir: Arc<TempDir>,
) -> TestApp {
    let settings = settings.validated().expect("valid settings");
    let clock = Arc::new(ManualClock::starting_now());
    let app = App::build(settings.clone(), clock.clone())
        .await
        .expect("app builds");
    let admin_password = app
        .bootstrap_admin()
        .await
        .expect("bootstrap")
        .map(|a| a.password);
    tokio::spawn(app.clone().serve(listener));
    TestApp {
        issuer: settings.issuer.clone(),
        app,
        clock,
        admin_password,
        settings,
        _dir: dir,
    }
}

impl TestApp {
    /// `path` on this node. Its listening address, not the issuer: a second node shares the
    /// first one's issuer, and a request meant for it must not reach the first.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.settings.listen, path)
    }

    /// Another node on the same database and key-encryption key, as a second process
    /// behind a load balancer would be.
    pub async fn second_node(&self) -> TestApp {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let mut settings = self.settings.clone();
        settings.listen = addr.to_string();
        // Both nodes answer for one issuer; the test talks to each directly.
        start(settings, listener, self._dir.clone()).await
    }

    /// The administrator the first start created (`admin@example.com`).
    pub async fn bootstrap_admin(&self) -> gatehouse::domain::User {
        self.app
            .store
            .user_by_email(&gatehouse::domain::Email::parse("admin@example.com").unwrap())
            .await
            .unwrap()
            .expect("the first start made an administrator")
    }

    /// Deactivates the first start's administrator in the store, so the test's own
    /// administrators are the last ones.
    pub async fn retire_bootstrap_admin(&self) {
        let bootstrap = self.bootstrap_admin().await;
        self.app
            .store
            .set_active(&bootstrap.id, false, 0)
            .await
            .unwrap();
    }

    /// A browser signed in as `email` with `password` (asserting the 303 after the form).
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Client {
        let browser = browser();
        let response = submit_login(self, &browser, &self.url("/login"), email, password).await;
        assert_eq!(response.status(), 303, "{email} signs in");
        browser
    }

    /// GETs a page in `browser`: its status and body.
    pub async fn get_page(&self, browser: &reqwest::Client, path: &str) -> (u16, String) {
        let response = browser.get(self.url(path)).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// The CSRF token on the page at `path`, as `browser` sees it.
    pub async fn csrf(&self, browser: &reqwest::Client, path: &str) -> String {
        let (_, html) = self.get_page(browser, path).await;
        hidden_value(&html, "csrf")
    }

    /// Posts `fields` as they are (the caller brings the CSRF token).
    pub async fn post(
        &self,
        browser: &reqwest::Client,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        browser
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// Posts a form the way a person does: GETs the page at `path`, takes its CSRF token and
    /// posts `fields` with it back to `path`.
    pub async fn post_form(
        &self,
        browser: &reqwest::Client,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.post_form_from(browser, path, path, fields).await
    }

    /// [`post_form`](Self::post_form) for a form shown at `page` that posts to `action`.
    pub async fn post_form_from(
        &self,
        browser: &reqwest::Client,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let csrf = self.csrf(browser, page).await;
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.post(browser, action, &form).await
    }

    /// A call to the admin API (`/api/admin/v1{path}`) with the bearer `key` (or none): the
    /// status and the JSON body (`Null` when the body is not JSON).
    pub async fn api(
        &self,
        key: Option<&str>,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request =
            reqwest::Client::new().request(method, self.url(&format!("/api/admin/v1{path}")));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }

    pub async fn add_user(&self, email: &str, privileges: &[&str]) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.app
            .store
            .insert_user(&NewUser {
                id: id.clone(),
                email: Some(Email::parse(email).expect("email")),
                email_verified: true,
                password_hash: Some(gatehouse::crypto::password::hash(PASSWORD)),
                must_change_password: false,
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                privileges: privileges.iter().map(|p| p.to_string()).collect(),
                username: None,
                now: self.clock.now_secs(),
            })
            .await
            .expect("insert user");
        id
    }

    pub async fn add_client(&self, spec: ClientSpec) -> RegisteredClient {
        let id = random_id();
        let secret = (!spec.public).then(random_token);
        self.app
            .store
            .insert_client(&NewClient {
                id: id.clone(),
                name: spec.name.to_string(),
                secret_hash: secret.as_deref().map(hash_token),
                first_party: spec.first_party,
                redirect_uris: vec![spec.redirect_uri.clone()],
                post_logout_redirect_uris: vec![format!(
                    "{}/logged-out",
                    spec.redirect_uri.trim_end_matches("/callback")
                )],
                grant_types: spec.grant_types.clone(),
                scopes: ScopeSet::all(),
                links: Default::default(),
                now: self.clock.now_secs(),
            })
            .await
            .expect("insert client");
        RegisteredClient {
            id,
            secret,
            redirect_uri: spec.redirect_uri,
        }
    }
}

pub trait NowSecs {
    fn now_secs(&self) -> i64;
}

impl NowSecs for ManualClock {
    fn now_secs(&self) -> i64 {
        use gatehouse::clock::Clock;
        self.now()
    }
}

pub struct ClientSpec {
    pub name: &'static str,
    pub public: bool,
    pub first_party: bool,
    pub redirect_uri: String,
    pub grant_types: Vec<GrantType>,
}

impl ClientSpec {
    pub fn confidential() -> Self {
        Self {
            name: "Test App",
            public: false,
            first_party: true,
            redirect_uri: "http://127.0.0.1:9/callback".into(),
            grant_types: vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::ClientCredentials,
            ],
        }
    }
}

#[derive(Clone)]
pub struct RegisteredClient {
    pub id: String,
    pub secret: Option<String>,
    pub redirect_uri: String,
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::LOCATION)
        .unwrap_or_else(|| panic!("no Location header (status {})", response.status()))
        .to_str()
        .expect("ascii location")
        .to_string()
}

/// The value of `<input ... name="NAME" value="...">` in a page.
pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in page:\n{html}"))
        + marker.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].replace("&amp;", "&")
}

/// A query parameter of a URL.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let parsed = url::Url::parse(url).expect("absolute URL");
    parsed
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Follows redirects within Gatehouse until one leaves it (to the client) or a page shows.
/// Returns the last response.
pub async fn follow(
    app: &TestApp,
    browser: &reqwest::Client,
    mut url: String,
) -> reqwest::Response {
    for _ in 0..10 {
        let response = browser.get(&url).send().await.expect("request");
        if !response.status().is_redirection() {
            return response;
        }
        let next = location(&response);
        let absolute = if next.starts_with('/') {
            app.url(&next)
        } else {
            next
        };
        // The issuer's, or this node's own address (a second node shares the issuer).
        if !absolute.starts_with(&app.issuer) && !absolute.starts_with(&app.url("/")) {
            return response;
        }
        url = absolute;
    }
    panic!("redirect loop");
}

/// Submits the sign-in form shown at `login_url` and returns the response to the POST.
pub async fn submit_login(
    app: &TestApp,
    browser: &reqwest::Client,
    login_url: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    submit_login_from(app, browser, login_url, email, password, None).await
}

/// `submit_login` with an `X-Forwarded-For` address (for apps that trust proxy headers).
pub async fn submit_login_from(
    app: &TestApp,
    browser: &reqwest::Client,
    login_url: &str,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> reqwest::Response {
    let page = browser.get(login_url).send().await.expect("login page");
    assert_eq!(page.status(), 200, "login page");
    let html = page.text().await.expect("html");
    let csrf = hidden_value(&html, "csrf");
    let mut form = vec![
        ("csrf", csrf),
        ("email", email.to_string()),
        ("password", password.to_string()),
    ];
    if html.contains("name=\"req\"") {
        form.push(("req", hidden_value(&html, "req")));
    }
    let mut request = browser.post(app.url("/login")).form(&form);
    if let Some(ip) = forwarded_for {
        request = request.header("x-forwarded-for", ip);
    }
    request.send().await.expect("login post")
}

/// Runs an authorization request in `browser` through sign-in (if shown) to the redirect
/// back to the client, returning that redirect's URL.
pub async fn authorize_through_login(
    app: &TestApp,
    browser: &reqwest::Client,
    auth_url: &str,
    email: &str,
) -> String {
    let response = follow(app, browser, auth_url.to_string()).await;
    let response = if response.status() == 200 {
        let login_url = response.url().to_string();
        assert!(
            login_url.contains("/login"),
            "expected the sign-in page, got {login_url}"
        );
        let posted = submit_login(app, browser, &login_url, email, PASSWORD).await;
        assert_eq!(posted.status(), 303, "sign-in accepted");
        let next = app.url(&location(&posted));
        follow(app, browser, next).await
    } else {
        response
    };
    assert!(
        response.status().is_redirection(),
        "expected a redirect to the client, got {}",
        response.status()
    );
    location(&response)
}

// ---- openidconnect as the relying party ----------------------------------------------------

pub type HttpFuture =
    Pin<Box<dyn Future<Output = Result<openidconnect::HttpResponse, std::io::Error>> + Send>>;

/// The HTTP client openidconnect uses: reqwest with redirects off, as a real RP should.
pub fn rp_http() -> impl Fn(openidconnect::HttpRequest) -> HttpFuture {
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client");
    move |request: openidconnect::HttpRequest| {
        let client = client.clone();
        Box::pin(async move {
            let io = |e: reqwest::Error| std::io::Error::other(e.to_string());
            let (parts, body) = request.into_parts();
            let mut builder = client
                .request(parts.method, parts.uri.to_string())
                .body(body);
            for (name, value) in &parts.headers {
                builder = builder.header(name, value);
            }
            let response = builder.send().await.map_err(io)?;
            let mut out = openidconnect::http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                out = out.header(name, value);
            }
            let body = response.bytes().await.map_err(io)?.to_vec();
            out.body(body).map_err(std::io::Error::other)
        }) as HttpFuture
    }
}

/// An authorization URL for `client` asking for `scope` (space-separated), with PKCE S256;
/// returns it with the code verifier.
pub fn pkce_authorize_url(
    app: &TestApp,
    client: &RegisteredClient,
    scope: &str,
) -> (String, String) {
    let (challenge, verifier) = openidconnect::PkceCodeChallenge::new_random_sha256();
    let query = serde_urlencoded::to_string([
        ("client_id", client.id.as_str()),
        ("redirect_uri", client.redirect_uri.as_str()),
        ("response_type", "code"),
        ("scope", scope),
        ("state", "st"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ])
    .expect("query");
    (
        format!("{}?{query}", app.url("/authorize")),
        verifier.secret().clone(),
    )
}

/// A token request authenticated with client_secret_basic: the status and the JSON body.
pub async fn token_request(
    app: &TestApp,
    client: &RegisteredClient,
    form: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(app.url("/token"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(form)
        .send()
        .await
        .expect("token request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON body"))
}

/// Exchanges an authorization code (with its PKCE verifier) and returns the token response,
/// asserting success.
pub async fn exchange_code(
    app: &TestApp,
    client: &RegisteredClient,
    code: &str,
    verifier: &str,
) -> serde_json::Value {
    let (status, body) = token_request(
        app,
        client,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", client.redirect_uri.as_str()),
            ("code_verifier", verifier),
        ],
    )
    .await;
    assert_eq!(status, 200, "code exchange: {body}");
    body
}

/// The messages to `to` in the outbox (the test apps have no SMTP relay), decoded.
pub fn mails_to(app: &TestApp, to: &str) -> Vec<crate::smtp_sink::Captured> {
    let dir = app.settings.data_dir.join("outbox");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .map(|path| crate::smtp_sink::Captured {
            from: String::new(),
            to: Vec::new(),
            data: std::fs::read_to_string(path).unwrap(),
        })
        .filter(|mail| mail.header("To").as_deref() == Some(to))
        .collect()
}

/// The status a form posted by `browser` gets (for bursts, where only the status counts).
pub async fn form_status(browser: &reqwest::Client, url: String, form: &[(&str, &str)]) -> u16 {
    browser
        .post(url)
        .form(form)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The status a `client_credentials` request with these credentials (HTTP Basic) gets.
pub async fn client_credentials_status(url: String, id: String, secret: Option<String>) -> u16 {
    reqwest::Client::new()
        .post(url)
        .basic_auth(&id, secret.as_deref())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Whether `node` says `token` is active, asked by `client` at its introspection endpoint.
pub async fn introspects_active(node: &TestApp, client: &RegisteredClient, token: &str) -> bool {
    let seen: serde_json::Value = reqwest::Client::new()
        .post(node.url("/introspect"))
        .basic_auth(&client.id, client.secret.as_deref())
        .form(&[("token", token)])
        .send()
        .await
        .expect("an answer")
        .json()
        .await
        .expect("JSON");
    seen["active"].as_bool().unwrap_or_else(|| panic!("{seen}"))
}

/// Every account and console page a signed-in administrator can open without an id in
/// its path (the accessibility and hostile-data tests walk them all).
pub const ACCOUNT_AND_CONSOLE_PAGES: [&str; 23] = [
    "/account",
    "/account/profile",
    "/account/email",
    "/account/phone",
    "/account/password",
    "/account/security",
    "/account/linked",
    "/account/sessions",
    "/account/apps",
    "/account/authorities",
    "/account/delete",
    "/admin",
    "/admin/users",
    "/admin/users/new",
    "/admin/sessions",
    "/admin/authorities",
    "/admin/privileges",
    "/admin/invitations",
    "/admin/clients",
    "/admin/providers",
    "/admin/mfa",
    "/admin/audit",
    "/admin/api-keys",
];
