//! People giving, revoking and using authorities for themselves (Lino's "let other users
//! work in your name"). The rules an authority meets are `delegation::validate_new`'s; here
//! are the person's side: finding the holder by address or username (rate-limited, since it
//! tells whether an account exists), telling the holder, and acting from the account page.

use super::{AccountError, audit};
use crate::App;
use crate::auth::RequestOrigin;
use crate::auth::limits::{LimitError, Quota};
use crate::delegation::{self, NewAuthority};
use crate::domain::{AuditKind, Authority, Email, User, Username};

/// What the granter filled in.
pub struct GrantInput {
    /// The holder's e-mail address or username.
    pub holder: String,
    pub client_ids: Vec<String>,
    /// `None`: every privilege the granter holds when it is used.
    pub privileges: Option<Vec<String>>,
    pub valid_from: Option<i64>,
    pub valid_until: Option<i64>,
}

/// Lookups of a holder per granter and hour: enough for real use, too few to probe which
/// addresses have accounts.
const GRANTS_PER_HOUR: i64 = 20;

pub async fn grant(
    app: &App,
    granter: &User,
    input: GrantInput,
    origin: &RequestOrigin,
) -> Result<Authority, AccountError> {
    // Charged before the lookup, in one statement per window: a burst cannot probe more.
    match Quota::new("authority-grant", vec![(GRANTS_PER_HOUR, 3600)])
        .charge(app, &granter.id)
        .await
    {
        Ok(()) => {}
        Err(LimitError::Refused(r)) => {
            return Err(AccountError::RateLimited {
                retry_after: r.retry_after,
            });
        }
        Err(LimitError::Store(e)) => return Err(e.into()),
    }
    let holder = find_holder(app, &input.holder)
        .await?
        .ok_or_else(|| AccountError::Invalid(crate::i18n::tr("err-no-such-holder")))?;
    let authority = delegation::validate_new(
        app,
        NewAuthority {
            granter: granter.clone(),
            holder: holder.clone(),
            client_ids: input.client_ids,
            privileges: input.privileges,
            valid_from: input.valid_from,
            valid_until: input.valid_until,
            created_by: granter.id.clone(),
        },
    )
    .await
    .map_err(|p| AccountError::Invalid(p.message))?;
    app.store.insert_authority(&authority).await?;
    audit(
        app,
        AuditKind::AuthorityGranted,
        Some(&granter.id),
        origin,
        format!(
            "to {} ({}), authority {}",
            holder.label(),
            holder.id,
            authority.id
        ),
    )
    .await?;
    tell_holder(app, granter, &holder);
    Ok(authority)
}

async fn find_holder(app: &App, raw: &str) -> Result<Option<User>, AccountError> {
    let raw = raw.trim();
    if raw.contains('@') {
        return match Email::parse(raw) {
            Ok(email) => Ok(app.store.user_by_email(&email).await?),
            Err(_) => Ok(None),
        };
    }
    match Username::parse(raw) {
        Ok(name) => Ok(app.store.user_by_username(name.as_str()).await?),
        Err(_) => Ok(None),
    }
}

/// The holder hears of it by e-mail, in the background (the granter does not wait on SMTP).
pub(crate) fn tell_holder(app: &App, granter: &User, holder: &User) {
    let Some(to) = holder.mail_address(false) else {
        return;
    };
    let message = super::messages::notice(
        app,
        super::messages::language_for(&holder.details.language),
        to.as_str(),
        &holder.display_name(),
        &super::messages::Notice::new(super::messages::NoticeKind::AuthorityGiven)
            .with("name", granter.display_name()),
    );
    let mailer = app.mailer.clone();
    super::in_background("telling a holder of a new authority", async move {
        mailer.send(&message).await?;
        Ok(())
    });
}

/// Either side revokes; for anyone else the authority does not exist.
pub async fn revoke(
    app: &App,
    user: &User,
    id: &str,
    origin: &RequestOrigin,
) -> Result<(), AccountError> {
    let authority = app
        .store
        .authority_by_id(id)
        .await?
        .filter(|a| a.granter_id == user.id || a.holder_id == user.id)
        .ok_or_else(|| AccountError::Invalid(crate::i18n::tr("err-no-such-authority")))?;
    if app
        .store
        .revoke_authority(&authority.id, app.clock.now())
        .await?
    {
        audit(
            app,
            AuditKind::AuthorityRevoked,
            Some(&authority.granter_id),
            origin,
            format!(
                "by {} ({}), authority {}",
                user.label(),
                user.id,
                authority.id
            ),
        )
        .await?;
    }
    Ok(())
}

/// From the account page: this session acts for the authority's granter with every client
/// the authority covers, until stopped.
pub async fn start_acting(
    app: &App,
    session_id: &str,
    user: &User,
    authority_id: &str,
    origin: &RequestOrigin,
) -> Result<User, AccountError> {
    let acting = delegation::usable(app, authority_id, &user.id, None)
        .await?
        .ok_or_else(|| AccountError::Invalid(crate::i18n::tr("err-authority-unusable")))?;
    app.store
        .set_session_acting(session_id, Some(&acting.authority.id))
        .await?;
    audit(
        app,
        AuditKind::ActingStarted,
        Some(&acting.subject.id),
        origin,
        format!(
            "{} ({}) for {} ({}), authority {}",
            user.label(),
            user.id,
            acting.subject.label(),
            acting.subject.id,
            acting.authority.id
        ),
    )
    .await?;
    Ok(acting.subject)
}

pub async fn stop_acting(
    app: &App,
    session_id: &str,
    user: &User,
    origin: &RequestOrigin,
) -> Result<(), AccountError> {
    if app.store.session_acting(session_id).await?.is_some() {
        app.store.set_session_acting(session_id, None).await?;
        audit(app, AuditKind::ActingStopped, Some(&user.id), origin, "").await?;
    }
    Ok(())
}
