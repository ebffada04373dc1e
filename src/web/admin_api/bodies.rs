//! The admin API's response bodies as types, so the OpenAPI document describes them and
//! every handler answers the same shape. Times are RFC 3339 strings (null when unset).

use serde::Serialize;
use utoipa::ToSchema;

use super::rfc3339_text;
use crate::App;
use crate::domain::{Client, User};
use crate::store::{AuditEntry, Invitation};

/// A user. `email` is null for accounts without an address.
#[derive(Serialize, ToSchema)]
pub struct UserBody {
    pub id: String,
    pub email: Option<String>,
    pub email_verified: bool,
    /// E.164, null when none.
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub nickname: String,
    pub initials: String,
    /// Null when none: the account signs in with its e-mail.
    pub username: Option<String>,
    /// The display name (nickname, else full name, else initials, else the address).
    pub display_name: String,
    /// For service accounts: the client whose client_credentials tokens carry it.
    pub service_client_id: Option<String>,
    pub active: bool,
    pub privileges: Vec<String>,
    pub details: DetailsBody,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub created_at: Option<String>,
}

/// Profile fields (empty when not set).
#[derive(Serialize, ToSchema)]
pub struct DetailsBody {
    pub country: String,
    pub subdivision_first: String,
    pub subdivision_second: String,
    pub subdivision_third: String,
    pub organization: String,
    pub timezone: String,
    pub language: String,
    pub date_format: String,
}

impl From<&User> for UserBody {
    fn from(user: &User) -> Self {
        let d = &user.details;
        Self {
            id: user.id.clone(),
            email: user.email.as_ref().map(|e| e.to_string()),
            email_verified: user.email_verified,
            phone: user.phone.as_ref().map(ToString::to_string),
            phone_verified: user.phone_verified,
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            nickname: user.nickname.clone(),
            initials: user.initials.clone(),
            username: user.username.clone(),
            display_name: user.display_name(),
            service_client_id: user.service_client_id.clone(),
            active: user.active,
            privileges: user.privileges.clone(),
            details: DetailsBody {
                country: d.country.clone(),
                subdivision_first: d.subdivision_first.clone(),
                subdivision_second: d.subdivision_second.clone(),
                subdivision_third: d.subdivision_third.clone(),
                organization: d.organization.clone(),
                timezone: d.timezone.clone(),
                language: d.language.clone(),
                date_format: d.date_format.clone(),
            },
            valid_from: rfc3339_text(user.valid_from),
            valid_until: rfc3339_text(user.valid_until),
            created_at: rfc3339_text(Some(user.created_at)),
        }
    }
}

/// One page of users; pass `next_cursor` back as `cursor` (null on the last page).
#[derive(Serialize, ToSchema)]
pub struct UserPage {
    pub users: Vec<UserBody>,
    pub next_cursor: Option<String>,
}

/// A relying party (never its secret).
#[derive(Serialize, ToSchema)]
pub struct ClientInfo {
    pub client_id: String,
    pub name: String,
    pub public: bool,
    pub first_party: bool,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub grant_types: Vec<String>,
    pub scopes: Vec<String>,
    pub logo_uri: Option<String>,
    pub policy_uri: Option<String>,
    pub tos_uri: Option<String>,
    pub created_at: Option<String>,
}

impl From<&Client> for ClientInfo {
    fn from(client: &Client) -> Self {
        Self {
            client_id: client.id.clone(),
            name: client.name.clone(),
            public: client.is_public(),
            first_party: client.first_party,
            redirect_uris: client.redirect_uris.clone(),
            post_logout_redirect_uris: client.post_logout_redirect_uris.clone(),
            grant_types: client
                .grant_types
                .iter()
                .map(|g| g.as_str().to_string())
                .collect(),
            scopes: client
                .scopes
                .names()
                .into_iter()
                .map(String::from)
                .collect(),
            logo_uri: client.links.logo_uri.clone(),
            policy_uri: client.links.policy_uri.clone(),
            tos_uri: client.links.tos_uri.clone(),
            created_at: rfc3339_text(Some(client.created_at)),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ClientList {
    pub clients: Vec<ClientInfo>,
}

/// An invitation; `status` is `open`, `accepted`, `revoked` or `expired`.
#[derive(Serialize, ToSchema)]
pub struct InvitationBody {
    pub id: String,
    pub email: String,
    pub privileges: Vec<String>,
    pub status: &'static str,
    pub invited_by: Option<String>,
    pub created_at: Option<String>,
    pub sent_at: Option<String>,
    pub expires_at: Option<String>,
}

impl InvitationBody {
    pub fn of(app: &App, inv: &Invitation) -> Self {
        let status = inv.status(app.clock.now());
        Self {
            id: inv.id.clone(),
            email: inv.email.clone(),
            privileges: inv.privilege_list(),
            status,
            invited_by: inv.invited_by.clone(),
            created_at: rfc3339_text(Some(inv.created_at)),
            sent_at: rfc3339_text(Some(inv.sent_at)),
            expires_at: rfc3339_text(Some(inv.expires_at)),
        }
    }
}

/// One event of the audit trail.
#[derive(Serialize, ToSchema)]
pub struct AuditEventBody {
    pub id: String,
    pub at: Option<String>,
    pub kind: String,
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    pub ip: String,
    pub user_agent: String,
    pub detail: String,
}

impl From<&AuditEntry> for AuditEventBody {
    fn from(e: &AuditEntry) -> Self {
        Self {
            id: e.id.clone(),
            at: rfc3339_text(Some(e.at)),
            kind: e.kind.clone(),
            user_id: e.user_id.clone(),
            client_id: e.client_id.clone(),
            ip: e.ip.clone(),
            user_agent: e.user_agent.clone(),
            detail: e.detail.clone(),
        }
    }
}

/// One page of events, newest first; `next_cursor` continues backwards in time.
#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub events: Vec<AuditEventBody>,
    pub next_cursor: Option<String>,
}

/// Every refusal: `error` is `unauthorized`, `forbidden`, `not_found`, `conflict`,
/// `invalid`, `invalid_body` or `rate_limited`; `field` names the offending input.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
    pub field: Option<String>,
}
