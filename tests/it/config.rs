//! The documented example configuration stays complete and truthful.

use gatehouse::config::Settings;

fn keys(value: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
    if let Some(map) = value.as_object() {
        for (k, v) in map {
            out.push(k.clone());
            keys(v, &format!("{prefix}{k}."), out);
        }
    }
}

#[test]
fn example_file_documents_every_setting_with_its_default() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/gatehouse.example.toml");
    let loaded = Settings::load(Some(std::path::Path::new(path))).expect("the example loads");
    let defaults = Settings::default().validated().unwrap();
    assert_eq!(
        serde_json::to_value(&loaded).unwrap(),
        serde_json::to_value(&defaults).unwrap(),
        "the example's values are the defaults"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut all = vec!["kek".to_string()];
    let mut value = serde_json::to_value(Settings::default()).unwrap();
    // Options that default to None do not serialise; they are documented all the same.
    value["tls"]["cert_path"] = serde_json::json!("");
    value["tls"]["key_path"] = serde_json::json!("");
    value["kek_file"] = serde_json::json!("");
    keys(&value, "", &mut all);
    for key in all {
        assert!(
            text.contains(&format!("{key} ="))
                || text.contains(&format!("[{key}]"))
                || text.contains(&format!(".{key}]")),
            "{key} is not documented"
        );
    }
}

/// `[sms]` and `[phone]`: Twilio needs its account, credentials and a sender; its URLs are
/// https except for loopback addresses; regions must be real; every error names its key.
#[test]
fn sms_and_phone_settings_are_checked_and_name_the_key() {
    use gatehouse::config::SmsTransport;
    let twilio = || {
        let mut s = Settings::default();
        s.sms.transport = SmsTransport::Twilio;
        s.sms.twilio.account_sid = "AC123".into();
        s.sms.twilio.auth_token = Some("token".to_string().into());
        s.sms.twilio.from = "+15005550006".into();
        s
    };
    assert!(twilio().validated().is_ok());
    type Change = Box<dyn Fn(&mut Settings)>;
    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|s| s.sms.twilio.account_sid = String::new()),
            "sms.twilio.account_sid",
        ),
        (
            Box::new(|s| s.sms.twilio.auth_token = None),
            "sms.twilio.auth_token",
        ),
        (
            Box::new(|s| s.sms.twilio.from = String::new()),
            "sms.twilio.from",
        ),
        (
            Box::new(|s| s.sms.twilio.base_url = "http://api.example.com".into()),
            "sms.twilio.base_url",
        ),
        (
            Box::new(|s| s.sms.twilio.verify_base_url = "ftp://127.0.0.1".into()),
            "sms.twilio.verify_base_url",
        ),
        (
            Box::new(|s| s.phone.default_region = "Atlantis".into()),
            "phone.default_region",
        ),
        (
            Box::new(|s| s.phone.allowed_countries = vec!["DE".into(), "XX1".into()]),
            "phone.allowed_countries",
        ),
        (
            Box::new(|s| s.phone.code_ttl_secs = 0),
            "phone.code_ttl_secs",
        ),
        (
            Box::new(|s| s.phone.global_per_day = -1),
            "phone.global_per_day",
        ),
        (
            Box::new(|s| s.sms.transport = SmsTransport::TwilioVerify),
            "sms.twilio.verify_service_sid",
        ),
    ];
    for (change, key) in cases {
        let mut settings = twilio();
        change(&mut settings);
        let error = settings.validated().unwrap_err().to_string();
        assert!(error.contains(key), "{key}: {error}");
    }
    // Loopback http is fine (tests, local stand-ins); short test timings are fine.
    let mut local = twilio();
    local.sms.twilio.base_url = "http://127.0.0.1:9999".into();
    local.phone.code_ttl_secs = 1;
    local.phone.resend_interval_secs = 1;
    assert!(local.validated().is_ok());
}
