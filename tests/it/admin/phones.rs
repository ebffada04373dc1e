//! Phone numbers in the admin API and console: set (unverified, E.164), refused when another
//! account has the number, removed with null, found by any typed form; a key that may only
//! read users cannot change them.

use reqwest::Method;
use serde_json::json;

use super::{permissions, setup_with};
use crate::helpers::*;

#[tokio::test]
async fn admins_set_find_and_remove_numbers() {
    let app = spawn_app_with(Db::Sqlite, |s| {
        permissions(s);
        s.phone.default_region = "DE".into();
    })
    .await;
    let a = setup_with(app).await;
    let app = &a.app;
    let key = Some(a.admin_key.as_str());
    let plain = app.add_user("phoned@example.com", &["user"]).await;
    let path = format!("/users/{plain}");

    let (status, body) = app
        .api(
            key,
            Method::PATCH,
            &path,
            Some(json!({"phone": "0171 1234567"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["phone"], "+491711234567");
    assert_eq!(
        body["phone_verified"], false,
        "set by someone else: unconfirmed"
    );

    for (phone, status) in [
        (json!("+49 30 12345678"), 422),
        (json!("nonsense"), 422),
        (json!(42), 422),
    ] {
        let (got, body) = app
            .api(key, Method::PATCH, &path, Some(json!({"phone": phone})))
            .await;
        assert_eq!(got, status, "{phone}: {body}");
    }
    let other = app.add_user("other@example.com", &["user"]).await;
    let (status, body) = app
        .api(
            key,
            Method::PATCH,
            &format!("/users/{other}"),
            Some(json!({"phone": "+491711234567"})),
        )
        .await;
    assert_eq!(status, 409, "{body}");

    // Found by the number in any form.
    for q in ["0171 1234567", "+49 171 1234567", "1711234567"] {
        let (status, page) = app
            .api(
                key,
                Method::GET,
                &format!("/users?q={}", urlencode(q)),
                None,
            )
            .await;
        assert_eq!(status, 200);
        let ids: Vec<&str> = page["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [plain.as_str()], "{q}");
    }

    // A delegate who may create users and set privileges, but not edit them, cannot either;
    // nor can anyone change the administrator's number through a key narrower than theirs.
    for narrow in [a.trainer_key.as_str(), a.plain_key.as_str()] {
        for target in [path.clone(), format!("/users/{}", a.admin_id)] {
            let (status, _) = app
                .api(
                    Some(narrow),
                    Method::PATCH,
                    &target,
                    Some(json!({"phone": "+491711230000"})),
                )
                .await;
            assert_eq!(status, 403, "{target}");
        }
    }
    // A read-only key cannot change it.
    let (status, _) = app
        .api(
            Some(a.advocate_key.as_str()),
            Method::PATCH,
            &path,
            Some(json!({"phone": null})),
        )
        .await;
    assert_eq!(status, 403);

    let (status, body) = app
        .api(key, Method::PATCH, &path, Some(json!({"phone": null})))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["phone"], serde_json::Value::Null);
}

fn urlencode(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}
