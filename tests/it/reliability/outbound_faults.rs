//! What Gatehouse depends on outside itself failing (issue 14): the SMTP relay, Twilio, an
//! OpenID Connect provider and a social provider (Facebook), each down (connection refused),
//! hanging (accepts, never answers) or answering garbage (bytes that are not the protocol, or
//! a 200 with an HTML page). With the shipped timeouts the person gets a clear page within
//! ten seconds, nothing half-made stays behind (no account without its verification, no
//! text counted as sent, no session), and the rest of the provider answers promptly while
//! dozens of requests hang on upstreams.
//!
//! Each dependency is a real fake behind a [`Front`]: a TCP relay on 127.0.0.1 the test
//! switches to a fault and back, so recovery is observed too.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use gatehouse::config::{FileProvider, Settings, SmsTransport, SmtpSecurity};
use gatehouse::domain::Email;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::federation::fakes::oidc::{FakeOidc, FakeUser, Misbehaviour, Mode};
use crate::federation::fakes::social::{self, FakeSocial};
use crate::federation::harness::{
    SharedClock, acme, body, through_provider, to_callback, user_count, with_acme,
};
use crate::helpers::*;
use crate::phone::{FakeTwilio, ask_for_code, enter_code, fake_twilio, mobile};
use crate::smtp_sink::SmtpSink;

/// The longest a person may wait for the page after a dependency failed (issue 14).
const USER_WAIT: Duration = Duration::from_secs(10);
/// An answer that did not wait on anything remote; loose for a loaded 2-core CI machine.
const PROMPT: Duration = Duration::from_secs(2);

/// What a [`Front`] does with connections.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Passes bytes to the fake behind it.
    Relay,
    /// Nothing listens: connections are refused.
    Down,
    /// Accepts, reads, never answers (for 30 s, or until the client gives up).
    Slow,
    /// Answers with these bytes and closes.
    Garbage(&'static [u8]),
}

impl std::fmt::Debug for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Relay => f.write_str("Relay"),
            Self::Down => f.write_str("Down"),
            Self::Slow => f.write_str("Slow"),
            Self::Garbage(bytes) => {
                let start = String::from_utf8_lossy(&bytes[..bytes.len().min(15)]);
                write!(f, "Garbage({start:?}…)")
            }
        }
    }
}

const NOT_THE_PROTOCOL: &[u8] = b"\x00\x01\x02\xfe\xff\x7f garbage, not a protocol \r\n\r\n";
/// A captive portal or a misrouted proxy: a success status with a page.
const HTML_200: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n\
<html><body><h1>Welcome to the hotel Wi-Fi</h1></body></html>";

/// A TCP front for one dependency, switchable between relaying and a fault. A switch also
/// applies to connections already open (a client's pooled keep-alive connection hangs or
/// breaks with the rest), so no request slips through to the fake during a fault.
struct Front {
    port: u16,
    target: Option<SocketAddr>,
    mode: watch::Sender<Fault>,
    modes: watch::Receiver<Fault>,
    /// Connections met while hanging or babbling (each is one the client really made).
    faulty: Arc<AtomicUsize>,
    accepting: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Front {
    /// A front relaying to the fake at `base` (`http://127.0.0.1:PORT` or `127.0.0.1:PORT`).
    async fn to(base: &str) -> Front {
        let addr = base.trim_start_matches("http://").trim_end_matches('/');
        Front::new(
            Some(addr.parse().expect("a loopback address")),
            Fault::Relay,
        )
        .await
    }

    async fn new(target: Option<SocketAddr>, fault: Fault) -> Front {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let (mode, modes) = watch::channel(fault);
        let front = Front {
            port,
            target,
            mode,
            modes,
            faulty: Arc::new(AtomicUsize::new(0)),
            accepting: std::sync::Mutex::new(None),
        };
        if fault != Fault::Down {
            front.accept_on(listener);
        }
        front
    }

    fn accept_on(&self, listener: TcpListener) {
        let (modes, target, faulty) = (self.modes.clone(), self.target, self.faulty.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, target, modes.clone(), faulty.clone()));
            }
        });
        *self.accepting.lock().unwrap() = Some(task);
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn faulty(&self) -> usize {
        self.faulty.load(Ordering::SeqCst)
    }

    async fn set(&self, fault: Fault) {
        self.mode.send_replace(fault);
        let running = self.accepting.lock().unwrap().take();
        match (fault, running) {
            (Fault::Down, Some(task)) => {
                task.abort();
                // Resolves once the task, and the listener it owns, are dropped.
                let _ = task.await;
            }
            (Fault::Down, None) => {}
            (_, Some(task)) => *self.accepting.lock().unwrap() = Some(task),
            (_, None) => {
                let listener = TcpListener::bind(("127.0.0.1", self.port))
                    .await
                    .expect("the front's port again");
                self.accept_on(listener);
            }
        }
    }
}

impl Drop for Front {
    fn drop(&mut self) {
        if let Some(task) = self.accepting.lock().unwrap().take() {
            task.abort();
        }
    }
}

async fn serve(
    mut client: TcpStream,
    target: Option<SocketAddr>,
    mut modes: watch::Receiver<Fault>,
    faulty: Arc<AtomicUsize>,
) {
    let mut fault = *modes.borrow_and_update();
    if fault == Fault::Relay {
        let Some(Ok(mut server)) = (match target {
            Some(target) => Some(TcpStream::connect(target).await),
            None => None,
        }) else {
            return;
        };
        tokio::select! {
            _ = tokio::io::copy_bidirectional(&mut client, &mut server) => return,
            changed = modes.changed() => {
                if changed.is_err() {
                    return;
                }
                fault = *modes.borrow();
            }
        }
    }
    let mut buffer = [0u8; 8192];
    match fault {
        // Closed (a relay's connection when the dependency goes down).
        Fault::Relay | Fault::Down => {}
        Fault::Slow => {
            faulty.fetch_add(1, Ordering::SeqCst);
            let _ = tokio::time::timeout(Duration::from_secs(30), async {
                while matches!(client.read(&mut buffer).await, Ok(n) if n > 0) {}
            })
            .await;
        }
        Fault::Garbage(bytes) => {
            faulty.fetch_add(1, Ordering::SeqCst);
            // An HTTP client speaks first; an SMTP client waits for the greeting.
            let _ =
                tokio::time::timeout(Duration::from_millis(300), client.read(&mut buffer)).await;
            let _ = client.write_all(bytes).await;
            let _ = client.shutdown().await;
            let _ = tokio::time::timeout(Duration::from_secs(2), async {
                while matches!(client.read(&mut buffer).await, Ok(n) if n > 0) {}
            })
            .await;
        }
    }
}

/// Gatehouse with every outbound dependency behind a front, all on their shipped timeouts:
/// the generic OpenID Connect provider `acme`, Facebook (token and Graph endpoints behind
/// fronts of their own), Twilio for phone sign-in, and an SMTP relay.
struct World {
    app: TestApp,
    oidc: Front,
    facebook_token: Front,
    facebook_graph: Front,
    twilio: Front,
    twilio_fake: FakeTwilio,
    smtp: Front,
    sink: SmtpSink,
    _fakes: (FakeOidc, FakeSocial),
}

async fn world(configure: impl FnOnce(&mut Settings)) -> World {
    let clock = SharedClock::new();
    let real = FakeOidc::start(Mode::Plain, clock.for_fakes()).await;
    let oidc = Front::to(real.base_url()).await;
    let oidc_fake = real.behind(&oidc.base());
    oidc_fake.add_user(FakeUser::new("grace", Some("grace@example.com"), true));
    let provider = acme(&oidc_fake, |_| {});

    let facebook_fake = FakeSocial::facebook().await;
    facebook_fake.add_user(
        json!({"id": "10158", "first_name": "Ada", "last_name": "Lovelace",
        "name": "Ada Lovelace", "email": "ada@fb.example"}),
    );
    let facebook_token = Front::to(facebook_fake.base_url()).await;
    let facebook_graph = Front::to(facebook_fake.base_url()).await;
    let mut facebook = FileProvider::new(social::APP_ID, social::APP_SECRET);
    facebook.auth_url = Some(format!("{}/v23.0/dialog/oauth", facebook_fake.base_url()));
    facebook.token_url = Some(format!(
        "{}/v23.0/oauth/access_token",
        facebook_token.base()
    ));
    facebook.graph_url = Some(facebook_graph.base());
    facebook.trust_email = true;

    let twilio_fake = FakeTwilio::start().await;
    let twilio = Front::to(twilio_fake.base_url()).await;
    let sink = SmtpSink::start().await;
    let smtp = Front::to(&format!("127.0.0.1:{}", sink.port)).await;
    let (twilio_base, smtp_port) = (twilio.base(), smtp.port);
    let app = spawn_app_with(Db::Sqlite, |s| {
        s.federation.oidc.push(provider);
        s.federation.facebook = Some(facebook);
        s.phone.sign_in = true;
        s.sms.transport = SmsTransport::Twilio;
        s.sms.twilio.account_sid = fake_twilio::ACCOUNT_SID.into();
        s.sms.twilio.auth_token = Some(fake_twilio::AUTH_TOKEN.to_string().into());
        s.sms.twilio.from = fake_twilio::FROM.into();
        s.sms.twilio.base_url = twilio_base.clone();
        s.sms.twilio.verify_base_url = twilio_base;
        s.smtp.host = "127.0.0.1".into();
        s.smtp.port = smtp_port;
        s.smtp.security = SmtpSecurity::None;
        s.smtp.from = "Gatehouse <no-reply@example.com>".into();
        s.trust_proxy_headers = true;
        configure(s);
    })
    .await;
    clock.follow(&app);
    World {
        app,
        oidc,
        facebook_token,
        facebook_graph,
        twilio,
        twilio_fake,
        smtp,
        sink,
        _fakes: (oidc_fake, facebook_fake),
    }
}

async fn timed<F: std::future::Future>(work: F) -> (F::Output, Duration) {
    let started = Instant::now();
    let out = work.await;
    (out, started.elapsed())
}

/// The page of a failed upstream sign-in: a 502 saying so with the way back, in time, with
/// no account made and no session.
async fn assert_failed_sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    what: &str,
    (status, html): (u16, String),
    took: Duration,
    users_before: i64,
) {
    assert_eq!(status, 502, "{what}: {html}");
    assert!(
        html.contains("could not sign you in") && html.contains("href=\"/login"),
        "{what}: a clear message and the way back: {html}"
    );
    assert!(took < USER_WAIT, "{what}: the person waited {took:?}");
    assert_eq!(
        user_count(app).await,
        users_before,
        "{what}: nothing created"
    );
    assert_eq!(
        app.get_page(browser, "/account").await.0,
        303,
        "{what}: no session"
    );
}

/// POSTs a form shown at `path` with its CSRF token, from network `ip`.
async fn post_from(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
    ip: &str,
) -> reqwest::Response {
    let csrf = app.csrf(browser, path).await;
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser
        .post(app.url(path))
        .header("x-forwarded-for", ip)
        .form(&form)
        .send()
        .await
        .expect("an answer")
}

fn sign_up_fields(email: &str) -> [(&str, &str); 4] {
    [
        ("first_name", "Grace"),
        ("last_name", "Hopper"),
        ("email", email),
        ("password", PASSWORD),
    ]
}

async fn account(app: &TestApp, email: &str) -> Option<gatehouse::domain::User> {
    let email = Email::parse(email).unwrap();
    app.app.store.user_by_email(&email).await.unwrap()
}

async fn pending(app: &TestApp, user_id: &str, purpose: &str) -> bool {
    app.app
        .store
        .pending_verification_of_user(user_id, purpose, app.clock.now_secs())
        .await
        .unwrap()
        .is_some()
}

async fn texts_sent_today(app: &TestApp) -> i64 {
    gatehouse::auth::phone::sent_today(&app.app)
        .await
        .unwrap()
        .0
}

#[tokio::test]
async fn smtp_down_or_babbling_delays_sign_up_mail_and_refuses_an_address_change_clearly() {
    let w = world(|_| {}).await;
    let app = &w.app;
    let bob_id = app.add_user("bob@example.com", &["user"]).await;
    let bob = app.sign_in("bob@example.com", PASSWORD).await;
    let change = [("email", "bob@new.example"), ("current_password", PASSWORD)];
    let signups = ["ada@example.com", "cy@example.com", "dee@example.com"];
    let faults = [
        Fault::Down,
        Fault::Garbage(HTML_200),
        Fault::Garbage(NOT_THE_PROTOCOL),
    ];
    for (n, (fault, who)) in faults.into_iter().zip(signups).enumerate() {
        w.smtp.set(fault).await;
        let ip = format!("203.0.113.{n}");
        // A sign-up answers at once (its mail leaves after the reply, so the answer cannot
        // tell whether the address had an account) and leaves a complete account: unverified,
        // with its verification pending.
        let (signed_up, took) = timed(post_from(
            app,
            &browser(),
            "/register",
            &sign_up_fields(who),
            &ip,
        ))
        .await;
        assert_eq!(signed_up.status(), 303, "{fault:?}");
        assert!(
            location(&signed_up).starts_with("/verify?sent=1"),
            "{fault:?}"
        );
        assert!(took < PROMPT, "{fault:?}: the sign-up waited {took:?}");
        let user = account(app, who).await.expect("the account");
        assert!(!user.email_verified);
        // Written by the work after the reply.
        let until = Instant::now() + PROMPT;
        while !pending(app, &user.id, "signup").await {
            assert!(Instant::now() < until, "{fault:?}: no verification pending");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }

        // An address change waits for its mail: the form again with a clear 503, and no
        // change left pending that nobody got a code for.
        let (asked, took) = timed(post_from(app, &bob, "/account/email", &change, &ip)).await;
        let (status, html) = body(asked).await;
        assert_eq!(status, 503, "{fault:?}: {html}");
        assert!(
            html.contains("could not send the e-mail"),
            "{fault:?}: {html}"
        );
        assert!(
            took < USER_WAIT,
            "{fault:?}: the address change waited {took:?}"
        );
        assert!(!pending(app, &bob_id, "change").await, "{fault:?}");
        let bob_now = account(app, "bob@example.com").await.expect("bob");
        assert_eq!(bob_now.id, bob_id, "{fault:?}: the address is unchanged");
    }
    assert!(w.sink.messages().is_empty(), "nothing got through");
    assert!(w.smtp.faulty() >= 4, "the relay was really asked");

    // The relay is back: each sign-up's verification arrives by itself, and its code works.
    w.smtp.set(Fault::Relay).await;
    for who in signups {
        let mail = w.sink.wait_for(who, Duration::from_secs(30)).await;
        let code = crate::accounts::code_in(&mail);
        let verified = post_from(
            app,
            &browser(),
            "/verify",
            &[("email", who), ("code", &code)],
            "203.0.113.50",
        )
        .await;
        assert_eq!(verified.status(), 303, "{who}");
        assert!(account(app, who).await.unwrap().email_verified, "{who}");
    }
    let asked = post_from(app, &bob, "/account/email", &change, "203.0.113.51").await;
    assert_eq!(location(&asked), "/account/email?saved=1");
    w.sink
        .wait_for("bob@new.example", Duration::from_secs(5))
        .await;
}

#[tokio::test]
async fn twilio_down_or_babbling_counts_no_code_as_sent_and_the_number_works_once_it_is_back() {
    // One text per number per hour: a failure counted as sent would lock the number out.
    let w = world(|s| s.phone.per_number_per_hour = 1).await;
    let app = &w.app;
    let number = mobile(314);
    for fault in [
        Fault::Down,
        Fault::Garbage(NOT_THE_PROTOCOL),
        Fault::Garbage(HTML_200),
    ] {
        w.twilio.set(fault).await;
        let (asked, took) = timed(ask_for_code(app, &browser(), &number, "198.51.100.7")).await;
        let (status, html) = body(asked).await;
        assert_eq!(status, 502, "{fault:?}: {html}");
        assert!(
            html.contains("could not send the text message"),
            "{fault:?}: {html}"
        );
        assert!(took < USER_WAIT, "{fault:?}: the person waited {took:?}");
        assert_eq!(
            app.app.store.last_phone_code_at(&number).await.unwrap(),
            None,
            "{fault:?}: no code kept"
        );
        assert_eq!(texts_sent_today(app).await, 0, "{fault:?}: none counted");
    }
    assert!(w.twilio.faulty() >= 2, "Twilio was really asked");
    assert!(w.twilio_fake.texts().is_empty());

    w.twilio.set(Fault::Relay).await;
    let browser = browser();
    let asked = ask_for_code(app, &browser, &number, "198.51.100.7").await;
    assert_eq!(
        asked.status(),
        303,
        "neither the cooldown nor the hourly cap of one was used up"
    );
    let code = w.twilio_fake.last_code(&number);
    assert_eq!(enter_code(app, &browser, &code).await.status(), 303);
    assert_eq!(app.get_page(&browser, "/account").await.0, 200, "signed in");
    assert_eq!(texts_sent_today(app).await, 1);
}

#[tokio::test]
async fn an_oidc_provider_down_or_babbling_ends_on_a_page_and_creates_nothing() {
    let w = world(|_| {}).await;
    let app = &w.app;
    let before = user_count(app).await;
    let faults = [
        Fault::Down,
        Fault::Garbage(HTML_200),
        Fault::Garbage(NOT_THE_PROTOCOL),
    ];
    // At the start: discovery refused, an HTML page instead of the document, or noise.
    for fault in faults {
        w.oidc.set(fault).await;
        let browser = browser();
        let (started, took) = timed(browser.get(app.url("/login/federated/acme")).send()).await;
        let page = body(started.expect("an answer")).await;
        let what = format!("discovery {fault:?}");
        assert_failed_sign_in(app, &browser, &what, page, took, before).await;
    }
    // At the callback: the token endpoint fails after the person came back from the provider.
    for fault in faults {
        w.oidc.set(Fault::Relay).await;
        let browser = browser();
        let callback = to_callback(app, &browser, "/login/federated/acme").await;
        w.oidc.set(fault).await;
        let (done, took) = timed(browser.get(&callback).send()).await;
        let page = body(done.expect("an answer")).await;
        let what = format!("token {fault:?}");
        assert_failed_sign_in(app, &browser, &what, page, took, before).await;
    }
    assert!(w.oidc.faulty() >= 4, "the provider was really asked");

    w.oidc.set(Fault::Relay).await;
    let done = through_provider(app, &browser(), "/login/federated/acme").await;
    assert_eq!(done.status(), 200, "the provider is back");
    assert_eq!(user_count(app).await, before + 1);
}

#[tokio::test]
async fn a_social_provider_down_or_babbling_ends_on_a_page_and_creates_nothing() {
    let w = world(|_| {}).await;
    let app = &w.app;
    let before = user_count(app).await;
    let (token, graph) = (&w.facebook_token, &w.facebook_graph);
    let cases = [
        ("token", token, Fault::Down),
        ("token", token, Fault::Garbage(NOT_THE_PROTOCOL)),
        ("token", token, Fault::Garbage(HTML_200)),
        ("profile", graph, Fault::Down),
        ("profile", graph, Fault::Garbage(HTML_200)),
    ];
    for (endpoint, front, fault) in cases {
        let browser = browser();
        let callback = to_callback(app, &browser, "/login/federated/facebook").await;
        front.set(fault).await;
        let (done, took) = timed(browser.get(&callback).send()).await;
        front.set(Fault::Relay).await;
        let page = body(done.expect("an answer")).await;
        let what = format!("{endpoint} {fault:?}");
        assert_failed_sign_in(app, &browser, &what, page, took, before).await;
    }
    assert!(
        token.faulty() >= 2 && graph.faulty() >= 1,
        "both were asked"
    );

    let done = through_provider(app, &browser(), "/login/federated/facebook").await;
    assert_eq!(done.status(), 200, "Facebook is back");
    assert_eq!(user_count(app).await, before + 1);
}

/// `federation.timeout_secs` bounds a callback as a whole: a token endpoint answering just
/// inside it followed by a hanging userinfo endpoint used to hold the page for both.
#[tokio::test]
async fn a_callback_gets_the_upstream_timeout_in_all_not_per_request() {
    let hanging = Front::new(None, Fault::Slow).await;
    let userinfo = format!("{}/userinfo", hanging.base());
    let (app, fake) = with_acme(
        |p| p.userinfo_url = Some(userinfo),
        |s| s.federation.timeout_secs = 3,
    )
    .await;
    let before = user_count(&app).await;
    let browser = browser();
    let callback = to_callback(&app, &browser, "/login/federated/acme").await;
    // The token answers after 2 s, within the 3 s one request may take; userinfo then hangs.
    fake.misbehave(Some(Misbehaviour::SlowToken(2)));
    let (done, took) = timed(browser.get(&callback).send()).await;
    assert!(
        took < Duration::from_millis(3800),
        "the callback gave up at 3 s in all, not 2 s + 3 s: {took:?}"
    );
    let page = body(done.expect("an answer")).await;
    assert_failed_sign_in(
        &app,
        &browser,
        "slow token, hanging userinfo",
        page,
        took,
        before,
    )
    .await;
    assert_eq!(hanging.faulty(), 1, "userinfo was asked");
}

/// What one request that hung on an upstream got: (what, status, page, how long it took).
type Outcome = (String, u16, String, Duration);

fn hang(what: String, request: reqwest::RequestBuilder) -> tokio::task::JoinHandle<Outcome> {
    tokio::spawn(async move {
        let started = Instant::now();
        let response = request.send().await.expect("an answer");
        let status = response.status().as_u16();
        let page = response.text().await.unwrap_or_default();
        (what, status, page, started.elapsed())
    })
}

/// Every dependency hangs at once, with the shipped timeouts: 20 sign-ins through the OIDC
/// provider, 3 through Facebook, 20 phone codes, a sign-up and an address change. Each
/// person gets a clear page within ten seconds (run together, so the suite waits once), and
/// meanwhile discovery, the sign-in page and a client_credentials token answer promptly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hanging_dependencies_are_given_up_on_in_time_while_the_rest_answers_promptly() {
    let w = world(|_| {}).await;
    let app = &w.app;
    let client = app.add_client(ClientSpec::confidential()).await;
    let bob_id = app.add_user("bob@example.com", &["user"]).await;
    let bob = app.sign_in("bob@example.com", PASSWORD).await;
    let before = user_count(app).await;

    // Everything the hanging requests need from Gatehouse alone, fetched before the hang.
    let mut ready = Vec::new();
    for (provider, count) in [("acme", 20), ("facebook", 3)] {
        for n in 0..count {
            let browser = browser();
            let path = format!("/login/federated/{provider}");
            let callback = to_callback(app, &browser, &path).await;
            ready.push((
                format!("{provider} {n}"),
                browser.clone(),
                browser.get(callback),
            ));
        }
    }
    for n in 0..20u32 {
        let browser = browser();
        let csrf = app.csrf(&browser, "/login/phone").await;
        let request = browser
            .post(app.url("/login/phone"))
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .form(&[("csrf", csrf), ("phone", mobile(500 + n))]);
        ready.push((format!("sms {n}"), browser, request));
    }
    let csrf = app.csrf(&bob, "/account/email").await;
    let email_change = bob.post(app.url("/account/email")).form(&[
        ("csrf", csrf.as_str()),
        ("email", "bob@new.example"),
        ("current_password", PASSWORD),
    ]);
    ready.push(("address change".into(), bob.clone(), email_change));
    let newcomer = browser();
    let csrf = app.csrf(&newcomer, "/register").await;
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend(sign_up_fields("eve@example.com"));
    let sign_up = newcomer.post(app.url("/register")).form(&fields);
    ready.push(("sign-up".into(), newcomer, sign_up));

    for front in [&w.oidc, &w.facebook_token, &w.twilio, &w.smtp] {
        front.set(Fault::Slow).await;
    }
    let browsers: Vec<_> = ready
        .iter()
        .map(|(what, b, _)| (what.clone(), b.clone()))
        .collect();
    let hanging: Vec<_> = ready
        .into_iter()
        .map(|(what, _, request)| hang(what, request))
        .collect();

    // Until every hanging request has reached its upstream (bounded).
    let reached = Instant::now() + Duration::from_secs(5);
    while w.oidc.faulty() < 20
        || w.facebook_token.faulty() < 3
        || w.twilio.faulty() < 20
        || w.smtp.faulty() < 1
    {
        assert!(
            Instant::now() < reached,
            "the upstreams were not all reached"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Meanwhile the rest of the provider answers as usual.
    let http = reqwest::Client::new();
    let (mut slowest, mut probes) = (Duration::ZERO, 0);
    let probing = Instant::now();
    while probing.elapsed() < Duration::from_secs(4) {
        let secret = client.secret.clone();
        for (what, request) in [
            (
                "discovery",
                http.get(app.url("/.well-known/openid-configuration")),
            ),
            ("sign-in page", http.get(app.url("/login"))),
            (
                "client_credentials",
                http.post(app.url("/token"))
                    .basic_auth(&client.id, secret)
                    .form(&[("grant_type", "client_credentials")]),
            ),
        ] {
            let (response, took) = timed(request.send()).await;
            assert_eq!(response.expect("an answer").status(), 200, "{what}");
            assert!(took < PROMPT, "{what} took {took:?} while upstreams hang");
            slowest = slowest.max(took);
            probes += 1;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let still_hanging = hanging.iter().filter(|h| !h.is_finished()).count();
    assert!(
        still_hanging >= 40,
        "the probes ran while the upstream requests hung ({still_hanging} still did)"
    );

    let (mut longest, mut mail_wait) = (Duration::ZERO, Duration::ZERO);
    for handle in hanging {
        let (what, status, page, took) = tokio::time::timeout(Duration::from_secs(40), handle)
            .await
            .expect("no request hangs for good")
            .expect("the request task");
        let (expected_status, says, bound) = match what.split(' ').next().unwrap() {
            "acme" | "facebook" => (502, "could not sign you in", USER_WAIT),
            "sms" => (502, "could not send the text message", USER_WAIT),
            "sign-up" => (303, "", PROMPT),
            // Bounded by `smtp.timeout_secs` (default 8).
            _ => (503, "could not send the e-mail", USER_WAIT),
        };
        assert_eq!(status, expected_status, "{what}: {page}");
        assert!(page.contains(says), "{what}: {page}");
        assert!(took < bound, "{what}: the person waited {took:?}");
        if what == "address change" {
            mail_wait = took;
        } else {
            longest = longest.max(took);
        }
    }
    eprintln!(
        "hanging upstreams: the longest wait for a page was {longest:?} (the address change \
         on SMTP {mail_wait:?}); {probes} probes of other requests meanwhile, the slowest \
         {slowest:?}"
    );

    // Nothing half-made: no account or session from a sign-in, no text counted, no address
    // change pending; the sign-up is a complete account whose verification is still pending.
    assert_eq!(
        user_count(app).await,
        before + 1,
        "only the sign-up's account"
    );
    let eve = account(app, "eve@example.com").await.expect("the sign-up");
    assert!(pending(app, &eve.id, "signup").await);
    assert!(!pending(app, &bob_id, "change").await);
    assert_eq!(texts_sent_today(app).await, 0);
    for (what, browser) in browsers {
        if what.starts_with("acme") || what.starts_with("facebook") || what.starts_with("sms") {
            assert_eq!(app.get_page(&browser, "/account").await.0, 303, "{what}");
        }
    }
    for n in 0..20 {
        let number = mobile(500 + n);
        assert_eq!(
            app.app.store.last_phone_code_at(&number).await.unwrap(),
            None
        );
    }
}
