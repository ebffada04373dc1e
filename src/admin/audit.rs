//! Reading the audit log.

use super::{Actor, AdminError};
use crate::App;
use crate::domain::{AuditKind, Capability};
use crate::store::{AuditEntry, AuditFilter};

pub async fn search(
    app: &App,
    actor: &Actor,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, AdminError> {
    actor.require(Capability::ViewAuditLog)?;
    // A kind that does not exist would silently find nothing: say so instead.
    if let Some(kind) = filter.kind.as_deref().filter(|k| !k.is_empty())
        && AuditKind::parse(kind).is_none()
    {
        return Err(super::invalid(
            "kind",
            format!("unknown event kind “{kind}”"),
        ));
    }
    Ok(app.store.audit_page(filter).await?)
}
