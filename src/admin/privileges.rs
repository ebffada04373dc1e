//! The privilege catalogue: the seven built-ins, which cannot be deleted, and those
//! administrators add ("Edit Privileges").

use super::{Actor, AdminError, audit, invalid};
use crate::App;
use crate::domain::AuditKind;
use crate::domain::{Capability, Privilege};
use crate::i18n;

pub async fn list(app: &App, actor: &Actor) -> Result<Vec<(String, bool, i64)>, AdminError> {
    // Anyone who may see users may see what privileges exist.
    if actor.require(Capability::EditPrivileges).is_err() {
        actor.require(Capability::AccessUserInfo)?;
    }
    Ok(app.store.privileges_with_usage().await?)
}

pub async fn add(app: &App, actor: &Actor, name: &str) -> Result<String, AdminError> {
    actor.require(Capability::EditPrivileges)?;
    let privilege = Privilege::parse(name).map_err(|e| invalid("name", e.0))?;
    if app
        .store
        .privilege_names()
        .await?
        .iter()
        .any(|p| p == privilege.as_str())
    {
        return Err(AdminError::Conflict(i18n::current().t1(
            "admin-err-privilege-exists",
            "privilege",
            privilege.as_str(),
        )));
    }
    app.store
        .ensure_privileges(&[privilege.as_str()], false, app.clock.now())
        .await?;
    audit(
        app,
        actor,
        AuditKind::PrivilegeAdded,
        None,
        privilege.as_str(),
    )
    .await?;
    Ok(privilege.as_str().to_string())
}

/// Deletes a privilege. One still held by users is only removed from them when `confirm` is
/// true; otherwise the answer says how many hold it.
pub async fn delete(
    app: &App,
    actor: &Actor,
    name: &str,
    confirm: bool,
) -> Result<i64, AdminError> {
    actor.require(Capability::EditPrivileges)?;
    let privilege = Privilege::parse(name).map_err(|_| AdminError::NotFound)?;
    if privilege.is_builtin() {
        return Err(AdminError::Forbidden(i18n::current().t1(
            "admin-err-privilege-builtin",
            "privilege",
            privilege.as_str(),
        )));
    }
    if !app
        .store
        .privilege_names()
        .await?
        .iter()
        .any(|p| p == privilege.as_str())
    {
        return Err(AdminError::NotFound);
    }
    let holders = app
        .store
        .count_users_with_privilege(privilege.as_str())
        .await?;
    if holders > 0 && !confirm {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("count", holders);
        args.set("privilege", privilege.as_str());
        return Err(AdminError::Conflict(
            i18n::current().t_args("admin-err-privilege-held", &args),
        ));
    }
    app.store.delete_privilege(privilege.as_str()).await?;
    audit(
        app,
        actor,
        AuditKind::PrivilegeDeleted,
        None,
        format!("{privilege} (held by {holders})"),
    )
    .await?;
    Ok(holders)
}
