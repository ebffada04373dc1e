//! Administrators' side of authorities (capability `manage_authorities`): list, create and
//! revoke anyone's. Creating one for a granter is acting on the granter (the holder would
//! carry their privileges), so it needs what acting on them needs.

use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::delegation::{self, NewAuthority};
use crate::domain::{AuditKind, Authority, Capability};
use crate::i18n::tr;

/// The newest authorities, or those of one user (given or held), at most `limit`.
pub async fn list(
    app: &App,
    actor: &Actor,
    user_id: Option<&str>,
    limit: i64,
) -> Result<Vec<Authority>, AdminError> {
    actor.require(Capability::ManageAuthorities)?;
    Ok(match user_id {
        Some(id) => app.store.authorities_of_user(id, limit).await?,
        None => app.store.list_authorities(limit).await?,
    })
}

pub struct AdminNewAuthority {
    pub granter_id: String,
    pub holder_id: String,
    pub client_ids: Vec<String>,
    pub privileges: Option<Vec<String>>,
    pub valid_from: Option<i64>,
    pub valid_until: Option<i64>,
}

pub async fn create(
    app: &App,
    actor: &Actor,
    input: AdminNewAuthority,
) -> Result<Authority, AdminError> {
    actor.require(Capability::ManageAuthorities)?;
    let granter = actor
        .target(app, &input.granter_id)
        .await
        .map_err(|e| match e {
            AdminError::NotFound => invalid("granter_id", tr("admin-err-no-such-user")),
            other => other,
        })?;
    let holder = app
        .store
        .user_by_id(&input.holder_id)
        .await?
        .ok_or_else(|| invalid("holder_id", tr("admin-err-no-such-user")))?;
    let authority = delegation::validate_new(
        app,
        NewAuthority {
            granter,
            holder,
            client_ids: input.client_ids,
            privileges: input.privileges,
            valid_from: input.valid_from,
            valid_until: input.valid_until,
            created_by: actor.id(),
        },
    )
    .await
    .map_err(|p| invalid(p.field, p.message))?;
    app.store.insert_authority(&authority).await?;
    audit(
        app,
        actor,
        AuditKind::AuthorityGranted,
        Some(&authority.granter_id),
        format!("to {}, authority {}", authority.holder_id, authority.id),
    )
    .await?;
    Ok(authority)
}

pub async fn revoke(app: &App, actor: &Actor, id: &str) -> Result<Authority, AdminError> {
    actor.require(Capability::ManageAuthorities)?;
    let authority = app
        .store
        .authority_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)?;
    if app.store.revoke_authority(id, app.clock.now()).await? {
        audit(
            app,
            actor,
            AuditKind::AuthorityRevoked,
            Some(&authority.granter_id),
            format!("authority {id}"),
        )
        .await?;
    }
    app.store
        .authority_by_id(id)
        .await?
        .ok_or(AdminError::NotFound)
}
