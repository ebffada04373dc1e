//! Editing one's profile. First and last name and the initials are always editable, the
//! nickname when `accounts.with_nickname` is on; the other fields only when
//! `accounts.user_profile_fields` names them, or for holders of the `edit_own_profile`
//! capability (`admin`, and `developer` by default, as in docassemble).

use std::collections::HashMap;

use super::{AccountError, audit};
use crate::App;
use crate::auth::RequestOrigin;
use crate::config::PROFILE_FIELDS;
use crate::domain::{AuditKind, Capability};
use crate::domain::{User, validate_profile_field};

/// The fields this user may change, in display order.
pub fn editable_fields(app: &App, user: &User) -> Vec<&'static str> {
    let all = crate::admin::capabilities_of_user(app, user).contains(&Capability::EditOwnProfile);
    let allowed = &app.settings.accounts.user_profile_fields;
    let mut fields = vec!["first_name", "last_name"];
    if app.settings.accounts.with_nickname {
        fields.push("nickname");
    }
    fields.push("initials");
    fields.extend(
        PROFILE_FIELDS
            .iter()
            .copied()
            .filter(|f| all || allowed.iter().any(|a| a == f)),
    );
    fields
}

/// Applies the submitted values of the editable fields; other fields in `form` are ignored.
/// On bad input returns every problem, by field.
pub async fn update(
    app: &App,
    user: &User,
    form: &HashMap<String, String>,
    origin: &RequestOrigin,
) -> Result<(), Vec<(&'static str, String)>> {
    let mut problems = Vec::new();
    let mut first = user.first_name.clone();
    let mut last = user.last_name.clone();
    let mut nickname = user.nickname.clone();
    let mut initials = user.initials.clone();
    let mut details = user.details.clone();
    for field in editable_fields(app, user) {
        let Some(raw) = form.get(field) else { continue };
        match validate_profile_field(field, raw) {
            Ok(value) => match field {
                "first_name" => first = value,
                "last_name" => last = value,
                "nickname" => nickname = value,
                "initials" => initials = value,
                _ => details.set(field, value),
            },
            Err(e) => problems.push((
                field,
                crate::i18n::current().t2(
                    "err-profile-field",
                    "field",
                    &crate::domain::spoken_profile_label(field),
                    "problem",
                    &e.0,
                ),
            )),
        }
    }
    if first.is_empty() || last.is_empty() {
        problems.push((
            "first_name",
            "First and last name cannot be empty.".to_string(),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let internal = |e: String| vec![("", e)];
    app.store
        .update_profile(
            &user.id,
            &crate::store::Names {
                first: &first,
                last: &last,
                nickname: &nickname,
                initials: &initials,
            },
            &details,
            app.clock.now(),
        )
        .await
        .map_err(|e| internal(e.to_string()))?;
    audit(app, AuditKind::ProfileUpdated, Some(&user.id), origin, "")
        .await
        .map_err(|e: AccountError| internal(e.to_string()))?;
    Ok(())
}
