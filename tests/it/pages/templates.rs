//! Operators' templates: files in `[theme] templates_dir` replace the built-in ones of the
//! same name at start, for pages and e-mails, with escaping and translations intact; a file
//! that does not compile stops the start with its name.

use crate::helpers::*;

#[tokio::test]
async fn templates_from_a_directory_replace_the_built_in_ones_without_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    // The frame every page extends, copied and changed the way an operator would.
    let base = include_str!("../../../templates/base.html").replace(
        "{{ t(\"frame-secured\") }}",
        "ACME identity · {{ t(\"language\") }}",
    );
    std::fs::write(dir.path().join("base.html"), base).unwrap();
    std::fs::create_dir(dir.path().join("email")).unwrap();
    std::fs::write(
        dir.path().join("email/reset.txt"),
        "ACME: reset your password for {{ appname }} at {{ link }}\n",
    )
    .unwrap();
    // A partial of the operator's own, included by an overridden page.
    std::fs::write(
        dir.path().join("acme_help.html"),
        "<p class=\"hint\">Help: {{ helpdesk }}</p>",
    )
    .unwrap();
    let forgot = include_str!("../../../templates/forgot.html").replace(
        "{% endblock %}",
        "{% set helpdesk = '<b>x</b>' %}{% include \"acme_help.html\" %}{% endblock %}",
    );
    std::fs::write(dir.path().join("forgot.html"), forgot).unwrap();
    let templates = dir.path().display().to_string();
    let (app, sink) =
        crate::accounts::spawn_with_mail(move |s| s.theme.templates_dir = templates).await;
    app.add_user("ada@example.com", &["user"]).await;

    let browser = browser();
    let page = browser
        .get(app.url("/login"))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("ACME identity · Sprache"), "{page}");
    assert!(!page.contains("Secured by Gatehouse"));
    assert!(
        page.contains("<h1>Anmelden</h1>"),
        "pages keep their own content"
    );

    let (_, forgot) = app.get_page(&browser, "/password/forgot").await;
    assert!(
        forgot.contains("Help: &lt;b&gt;x&lt;/b&gt;"),
        "overrides are escaped like the built-in templates: {forgot}"
    );
    let sent = app
        .post_form(
            &browser,
            "/password/forgot",
            &[("email", "ada@example.com")],
        )
        .await;
    assert_eq!(sent.status(), 200);
    let mail = sink
        .wait_for("ada@example.com", std::time::Duration::from_secs(5))
        .await;
    assert!(
        mail.data
            .contains("ACME: reset your password for Gatehouse at http"),
        "{}",
        mail.data
    );
}

#[tokio::test]
async fn a_template_that_does_not_compile_stops_the_start_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("admin")).unwrap();
    std::fs::write(
        dir.path().join("admin/users.html"),
        "{% extends \"admin/base.html\" %}\n{% block content %}{% if %}{% endblock %}",
    )
    .unwrap();
    let mut settings = gatehouse::config::Settings::default();
    settings.theme.templates_dir = dir.path().display().to_string();
    let error = settings.validated().unwrap_err().to_string();
    assert!(
        error.contains("theme.templates_dir") && error.contains("admin/users.html"),
        "{error}"
    );
    let mut settings = gatehouse::config::Settings::default();
    settings.theme.templates_dir = "/no/such/directory".into();
    let error = settings.validated().unwrap_err().to_string();
    assert!(error.contains("/no/such/directory"), "{error}");
}
