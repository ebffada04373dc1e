//! Every page a person meets speaks their language: account pages and the console follow the
//! browser (and, once signed in, the profile's language), error pages too, and e-mails go out
//! in the recipient's language. English words of the frame never leak into the others.

use crate::helpers::*;

/// A browser whose every request says `Accept-Language: {lang}`.
fn browser_in(lang: &'static str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_static(lang),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// English that only the frame and the navigation print: none of it may show in German or
/// French.
const ENGLISH_FRAME: [&str; 6] = [
    "Skip to content",
    "Secured by Gatehouse",
    ">Sign out<",
    ">Overview<",
    ">Users<",
    ">Two-step sign-in<",
];

#[tokio::test]
async fn account_and_console_pages_are_shown_in_german_and_french() {
    let app = spawn_app().await;
    app.add_user("root@example.com", &["admin", "user"]).await;
    let account_pages = [
        ("/account", ["Übersicht", "ensemble"]),
        (
            "/account/profile",
            [">Deutschland</option>", ">Allemagne</option>"],
        ),
        ("/account/email", ["E-Mail", "E-mail"]),
        ("/account/password", ["Passwort", "Mot de passe"]),
        (
            "/account/security",
            ["Zwei-Schritt-Anmeldung", "deux étapes"],
        ),
        ("/account/sessions", ["Sitzungen", "Sessions"]),
        ("/account/apps", ["Apps", "Applications"]),
        ("/account/authorities", ["Vollmachten", "Procurations"]),
        ("/account/delete", ["löschen", "Supprimer"]),
        ("/no/such/page", ["Konto", "compte"]),
    ];
    let console_pages = [
        "/admin",
        "/admin/users",
        "/admin/clients",
        "/admin/privileges",
        "/admin/audit",
        "/admin/sessions",
        "/admin/invitations",
        "/admin/api-keys",
        "/admin/users/new",
        "/admin/mfa",
        "/admin/providers",
        "/admin/authorities",
    ];
    for (index, lang) in ["de", "fr"].into_iter().enumerate() {
        let browser = browser_in(lang);
        let signed = submit_login(
            &app,
            &browser,
            &app.url("/login"),
            "root@example.com",
            PASSWORD,
        )
        .await;
        assert_eq!(signed.status(), 303);
        for (path, words) in account_pages {
            let (_, page) = app.get_page(&browser, path).await;
            assert!(
                page.contains(&format!("<html lang=\"{lang}\">")),
                "{path} in {lang}"
            );
            assert!(page.contains(words[index]), "{path} in {lang}: {page}");
            for english in ENGLISH_FRAME {
                assert!(!page.contains(english), "{path} in {lang} says {english:?}");
            }
            assert!(!page.contains("Something went wrong"), "{path}");
        }
        // The words Rust chooses on console pages: audit kinds, the dashboard's legend.
        let (_, audit) = app.get_page(&browser, "/admin/audit").await;
        assert!(
            audit.contains([">Anmeldung</a>", ">Connexion</a>"][index]),
            "{audit}"
        );
        let (_, dashboard) = app.get_page(&browser, "/admin").await;
        assert!(!dashboard.contains("sign-ins by"), "{dashboard}");
        for path in console_pages {
            let (status, page) = app.get_page(&browser, path).await;
            assert_eq!(status, 200, "{path}");
            assert!(
                page.contains(&format!("<html lang=\"{lang}\">")),
                "{path} in {lang}"
            );
            for english in ENGLISH_FRAME {
                assert!(
                    !page.contains(english),
                    "{path} in {lang} says {english:?}: {page}"
                );
            }
        }
    }
}

#[tokio::test]
async fn refusals_and_mails_speak_the_persons_language() {
    let (app, sink) = crate::accounts::spawn_with_mail(|_| {}).await;
    app.add_user("ada@example.com", &["user"]).await;
    // A wrong password, in French: the refusal is the French message, the same for a known
    // and an unknown address (no enumeration in any language).
    let browser = browser_in("fr-FR");
    let mut answers = Vec::new();
    for email in ["ada@example.com", "nobody@example.com"] {
        let response =
            submit_login(&app, &browser, &app.url("/login"), email, "wrong password").await;
        let page = response.text().await.unwrap();
        assert!(
            page.contains("L’adresse e-mail ou le mot de passe est incorrect."),
            "{page}"
        );
        answers.push(page.split("name=\"csrf\"").next().unwrap().to_string());
    }
    assert_eq!(answers[0], answers[1]);
    // A reset asked for from a German page arrives in German.
    let german = browser_in("de");
    let sent = app
        .post_form(&german, "/password/forgot", &[("email", "ada@example.com")])
        .await;
    assert_eq!(sent.status(), 200);
    let mail = sink
        .wait_for("ada@example.com", std::time::Duration::from_secs(5))
        .await;
    assert!(mail.subject().contains("Passwort"), "{}", mail.subject());
    assert!(
        mail.html_body().contains("<html lang=\"de\">"),
        "{}",
        mail.html_body()
    );
    assert!(!mail.text_body().contains("Hello"), "{}", mail.text_body());
}
