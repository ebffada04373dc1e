//! Acting for another user: Lino's authorities ("let other users work in your name").
//!
//! A user (the granter) lets another (the holder) act in their name. Tokens issued while
//! acting carry `sub` = the granter and an RFC 8693 `act` claim naming the holder, and the
//! granter's privileges cut down to what the authority allows. Whether an authority may be
//! used is decided here, every time: when a code is issued, redeemed or refreshed, when a
//! token is introspected or shown to userinfo, and at token exchange. Revoked, expired, or
//! with either user no longer usable, it stops working at once.
//!
//! Granting and revoking are in `accounts::authorities` (people, for themselves) and
//! `admin::authorities` (administrators with `manage_authorities`); both go through
//! [`validate_new`] here.

use crate::App;
use crate::domain::{Authority, User};
use crate::i18n::{self, tr};
use crate::store::{ActingIds, AuditEvent, StoreResult};

/// An authority found usable now, with both of its users loaded.
#[derive(Debug, Clone)]
pub struct Acting {
    pub authority: Authority,
    /// The holder: who acts (`act.sub`).
    pub actor: User,
    /// The granter: in whose name (`sub`).
    pub subject: User,
}

impl Acting {
    /// The privileges tokens carry: the granter's, limited by the authority.
    pub fn privileges(&self) -> Vec<String> {
        self.authority.carried_privileges(&self.subject.privileges)
    }

    pub fn ids(&self) -> ActingIds {
        ActingIds {
            actor_id: self.actor.id.clone(),
            authority_id: self.authority.id.clone(),
        }
    }
}

/// The most authorities one person may have given and not revoked.
pub const MAX_GIVEN: i64 = 100;

/// `authority_id` as `actor_id` may use it now with `client_id` (`None`: any client, for the
/// account page's choice): in force, covering the client, held by the actor, and both users
/// usable (active, within their dates, not service accounts). `None` when any of that fails.
pub async fn usable(
    app: &App,
    authority_id: &str,
    actor_id: &str,
    client_id: Option<&str>,
) -> StoreResult<Option<Acting>> {
    let now = app.clock.now();
    let Some(authority) = app.store.authority_by_id(authority_id).await? else {
        return Ok(None);
    };
    if authority.holder_id != actor_id
        || !authority.in_force(now)
        || client_id.is_some_and(|c| !authority.covers_client(c))
    {
        return Ok(None);
    }
    let person = |u: &User| u.usable(now) && !u.is_service_account();
    let Some(actor) = app.store.user_by_id(actor_id).await?.filter(person) else {
        return Ok(None);
    };
    let Some(subject) = app
        .store
        .user_by_id(&authority.granter_id)
        .await?
        .filter(person)
    else {
        return Ok(None);
    };
    Ok(Some(Acting {
        authority,
        actor,
        subject,
    }))
}

/// The authorities `holder` may use now with `client_id`, for the "Act as …" chooser.
pub async fn usable_by(
    app: &App,
    holder: &User,
    client_id: Option<&str>,
) -> StoreResult<Vec<Acting>> {
    let mut found = Vec::new();
    for authority in app
        .store
        .authorities_of_user(&holder.id, MAX_GIVEN * 2)
        .await?
    {
        if authority.holder_id != holder.id {
            continue;
        }
        if let Some(acting) = usable(app, &authority.id, &holder.id, client_id).await? {
            found.push(acting);
        }
    }
    Ok(found)
}

/// Records a use "actor for subject" in the audit trail (under the subject, whose account
/// was used), and on the first use of the authority tells the granter by e-mail.
pub async fn record_use(
    app: &App,
    acting: &Acting,
    client_id: &str,
    what: &str,
    ip: &str,
) -> StoreResult<()> {
    let now = app.clock.now();
    app.store
        .record_audit(
            &AuditEvent {
                kind: crate::domain::AuditKind::AuthorityUsed,
                user_id: Some(acting.subject.id.clone()),
                client_id: Some(client_id.to_string()),
                ip: ip.to_string(),
                user_agent: String::new(),
                detail: format!(
                    "{} ({}) for {} ({}): {what} (authority {})",
                    acting.actor.label(),
                    acting.actor.id,
                    acting.subject.label(),
                    acting.subject.id,
                    acting.authority.id
                ),
            },
            now,
        )
        .await?;
    if app
        .store
        .mark_authority_used(&acting.authority.id, now)
        .await?
        && let Some(to) = acting.subject.mail_address(false)
    {
        let message = crate::accounts::messages::notice(
            app,
            crate::accounts::messages::language_for(&acting.subject.details.language),
            to.as_str(),
            &acting.subject.display_name(),
            &crate::accounts::messages::Notice::new(
                crate::accounts::messages::NoticeKind::ActedInYourName,
            )
            .with("name", acting.actor.display_name())
            .with("client", client_id),
        );
        let mailer = app.mailer.clone();
        tokio::spawn(async move {
            if let Err(e) = mailer.send(&message).await {
                tracing::warn!(error = %e, "telling a granter of the first use of an authority failed");
            }
        });
    }
    Ok(())
}

/// What someone asks for when granting an authority, already resolved to ids.
pub struct NewAuthority {
    pub granter: User,
    pub holder: User,
    pub client_ids: Vec<String>,
    pub privileges: Option<Vec<String>>,
    pub valid_from: Option<i64>,
    pub valid_until: Option<i64>,
    pub created_by: String,
}

/// The rules every new authority meets, whoever creates it; on a problem, the field and the
/// reason for the person who filled it in.
pub async fn validate_new(app: &App, new: NewAuthority) -> Result<Authority, ValidationProblem> {
    let now = app.clock.now();
    let problem = |field: &'static str, id: &str| ValidationProblem {
        field,
        message: tr(id),
    };
    if new.granter.id == new.holder.id {
        return Err(problem("holder", "admin-err-authority-self"));
    }
    if new.granter.is_service_account() || new.holder.is_service_account() {
        return Err(problem("holder", "admin-err-authority-service-account"));
    }
    if app
        .store
        .count_unrevoked_authorities_given(&new.granter.id)
        .await
        .unwrap_or(MAX_GIVEN)
        >= MAX_GIVEN
    {
        return Err(problem("holder", "admin-err-authority-limit"));
    }
    if !new.holder.usable(now) {
        return Err(problem("holder", "admin-err-authority-holder-inactive"));
    }
    let mut client_ids = new.client_ids;
    client_ids.sort();
    client_ids.dedup();
    if client_ids.len() > 50 {
        return Err(problem("clients", "admin-err-authority-too-many-clients"));
    }
    for id in &client_ids {
        if app.store.client_by_id(id).await.ok().flatten().is_none() {
            return Err(problem("clients", "admin-err-authority-unknown-client"));
        }
    }
    let privileges = match new.privileges {
        None => None,
        Some(mut list) => {
            list.sort();
            list.dedup();
            if let Some(p) = list.iter().find(|p| !new.granter.has_privilege(p)) {
                return Err(ValidationProblem {
                    field: "privileges",
                    message: i18n::current().t1(
                        "admin-err-authority-privilege-not-granters",
                        "privilege",
                        p,
                    ),
                });
            }
            Some(list)
        }
    };
    if let (Some(from), Some(until)) = (new.valid_from, new.valid_until)
        && from >= until
    {
        return Err(problem(
            "valid_until",
            "admin-err-authority-end-before-start",
        ));
    }
    if new.valid_until.is_some_and(|until| until <= now) {
        return Err(problem("valid_until", "admin-err-authority-end-past"));
    }
    Ok(Authority {
        id: uuid::Uuid::new_v4().to_string(),
        granter_id: new.granter.id,
        holder_id: new.holder.id,
        client_ids,
        privileges,
        valid_from: new.valid_from,
        valid_until: new.valid_until,
        created_at: now,
        created_by: Some(new.created_by),
        first_used_at: None,
        revoked_at: None,
    })
}

#[derive(Debug)]
pub struct ValidationProblem {
    pub field: &'static str,
    pub message: String,
}
