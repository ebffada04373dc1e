//! The signed-in administrator's own API keys: creating (shown once) and revoking.

use super::*;

/// This area's pages, relative to `/admin`.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/api-keys", get(api_keys_page).post(api_key_create))
        .route("/api-keys/{id}/revoke", post(api_key_revoke))
}

#[derive(serde::Serialize)]
struct KeyRow {
    id: String,
    name: String,
    capabilities: String,
    created: String,
    expires: String,
    last_used: String,
    live: bool,
}

#[derive(Serialize)]
struct ApiKeysPage {
    nav: Nav,
    csrf: String,
    keys: Vec<KeyRow>,
    capabilities: Vec<&'static str>,
}
crate::view!(ApiKeysPage => "admin/api_keys.html");

pub(super) async fn api_keys_page(
    State(app): State<App>,
    jar: CookieJar,
    actor: ConsoleActor,
    PageQuery(q): PageQuery<Done>,
) -> Result<Response, WebError> {
    let now = app.clock.now();
    let keys = match admin::api_keys::list(&app, actor.user()).await {
        Ok(keys) => keys,
        Err(e) => return Ok(failure(&actor, e)),
    };
    let (jar, csrf) = csrf_token(&app, jar);
    let never = tr("admin-api-keys-never");
    let page = ApiKeysPage {
        nav: nav(&actor, "api-keys", q.done.as_deref()),
        csrf,
        keys: keys
            .into_iter()
            .map(|k| KeyRow {
                live: k.revoked_at.is_none() && k.expires_at.is_none_or(|t| t > now),
                capabilities: k.capabilities.replace(' ', ", "),
                created: when(k.created_at),
                expires: k.expires_at.map(when).unwrap_or_else(|| never.clone()),
                last_used: k.last_used_at.map(when).unwrap_or_else(|| never.clone()),
                id: k.id,
                name: k.name,
            })
            .collect(),
        capabilities: actor.0.capabilities.iter().map(|c| c.as_str()).collect(),
    };
    Ok((jar, Html(render(&page))).into_response())
}

#[derive(Deserialize)]
pub(super) struct NewKeyForm {
    name: String,
    #[serde(default, rename = "capability")]
    capabilities: Vec<String>,
    /// Empty: the key does not expire.
    #[serde(default)]
    expires_in_days: String,
}

pub(super) async fn api_key_create(
    State(app): State<App>,
    actor: ConsoleActor,
    CsrfForm(form): CsrfForm<NewKeyForm>,
) -> Result<Response, WebError> {
    let outcome = async {
        let mut capabilities = Vec::new();
        for name in &form.capabilities {
            capabilities
                .push(Capability::parse(name).map_err(|e| admin::invalid("capabilities", e.0))?);
        }
        let expires_at = match form.expires_in_days.trim() {
            "" => None,
            days => match days.parse::<i64>() {
                Ok(d) if d > 0 => Some(app.clock.now() + d * 86400),
                _ => {
                    return Err(admin::invalid(
                        "expires_in_days",
                        tr("admin-api-keys-days-invalid"),
                    ));
                }
            },
        };
        admin::api_keys::create(&app, actor.user(), &form.name, &capabilities, expires_at).await
    }
    .await;
    match outcome {
        Ok(created) => {
            let page = SecretPage {
                nav: nav(&actor, "api-keys", Some("created")),
                title: tr("admin-api-keys-created-title"),
                explanation: tr("admin-api-keys-created-explanation"),
                secret: created.key,
                back: "/admin/api-keys".into(),
            };
            Ok(Html(render(&page)).into_response())
        }
        Err(e) => Ok(failure(&actor, e)),
    }
}

pub(super) async fn api_key_revoke(
    State(app): State<App>,
    actor: ConsoleActor,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Tokened>,
) -> Result<Response, WebError> {
    let outcome = admin::api_keys::revoke(&app, actor.user(), &id)
        .await
        .map(|_| "/admin/api-keys?done=revoked".to_string());
    Ok(finish(&actor, outcome))
}
