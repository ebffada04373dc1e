//! The administrators' surfaces, the admin JSON API (`/api/admin/v1`) with personal API keys
//! and the console (`/admin`), by area; this module holds the setup their tests share: an
//! administrator, a delegate with a read-only privilege (advocate), a plain user and a delegate
//! who may create, invite and set privileges (trainer), each with an API key.

mod api_clients;
mod api_keys;
mod api_permissions;
mod api_users;
mod audit;
mod console;
mod invitations;
mod openapi;
mod phones;
mod sms;

use gatehouse::domain::Capability;

use crate::helpers::*;

pub(crate) struct Admin {
    pub(crate) app: TestApp,
    pub(crate) admin_key: String,
    pub(crate) advocate_key: String,
    pub(crate) plain_key: String,
    pub(crate) trainer_key: String,
    pub(crate) admin_id: String,
}

/// advocate may read users; trainer may read, create, invite and set privileges (a delegate).
async fn setup() -> Admin {
    setup_with(spawn_app_with(Db::Sqlite, permissions).await).await
}

pub(crate) fn permissions(s: &mut gatehouse::config::Settings) {
    s.permissions
        .insert("advocate".into(), vec!["access_user_info".into()]);
    s.permissions.insert(
        "trainer".into(),
        vec![
            "access_user_info".into(),
            "create_user".into(),
            "edit_user_privileges".into(),
            "invite_user".into(),
        ],
    );
    s.permissions.insert(
        "cron".into(),
        vec!["manage_clients".into(), "edit_user_info".into()],
    );
}

pub(crate) async fn setup_with(app: TestApp) -> Admin {
    let admin_id = app.add_user("root@example.com", &["admin", "user"]).await;
    let advocate = app
        .add_user("advocate@example.com", &["advocate", "user"])
        .await;
    let plain = app.add_user("plain@example.com", &["user"]).await;
    let trainer = app
        .add_user("trainer@example.com", &["trainer", "user"])
        .await;
    let key_for = |id: String| {
        let app = app.app.clone();
        async move {
            let owner = app.store.user_by_id(&id).await.unwrap().unwrap();
            let caps: Vec<Capability> = gatehouse::admin::capabilities_of_user(&app, &owner)
                .into_iter()
                .collect();
            let caps = if caps.is_empty() {
                vec![Capability::AccessUserInfo]
            } else {
                caps
            };
            // A plain user holds no capability, so their key is made directly in the store.
            match gatehouse::admin::api_keys::create(&app, &owner, "test", &caps, None).await {
                Ok(created) => created.key,
                Err(_) => {
                    let key = format!(
                        "{}{}",
                        gatehouse::admin::api_keys::KEY_PREFIX,
                        gatehouse::crypto::token::random_token()
                    );
                    app.store
                        .insert_api_key(&gatehouse::store::NewApiKey {
                            id: &gatehouse::crypto::token::random_id(),
                            user_id: &owner.id,
                            name: "plain",
                            key_hash: &gatehouse::crypto::token::hash_token(&key),
                            capabilities: "access_user_info",
                            now: 0,
                            expires_at: None,
                        })
                        .await
                        .unwrap();
                    key
                }
            }
        }
    };
    Admin {
        admin_key: key_for(admin_id.clone()).await,
        advocate_key: key_for(advocate).await,
        plain_key: key_for(plain).await,
        trainer_key: key_for(trainer).await,
        admin_id,
        app,
    }
}

pub(crate) async fn target(app: &TestApp, email: &str) -> String {
    app.add_user(email, &["user"]).await
}

/// A browser signed in as `email` with a console page's CSRF token.
pub(crate) async fn console(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let browser = app.sign_in(email, PASSWORD).await;
    let csrf = app.csrf(&browser, "/account").await;
    (browser, csrf)
}
