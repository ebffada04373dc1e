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
