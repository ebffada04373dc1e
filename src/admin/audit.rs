//! Reading the audit log.

use super::{Actor, AdminError};
use crate::App;
use crate::domain::Capability;
use crate::store::{AuditEntry, AuditFilter};

pub async fn search(
    app: &App,
    actor: &Actor,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, AdminError> {
    actor.require(Capability::ViewAuditLog)?;
    Ok(app.store.audit_page(filter).await?)
}
