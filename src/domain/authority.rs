//! Lino's authorities: "let other users work in your name". The granter lets the holder act
//! for them, optionally only with some relying parties, only with some of the granter's
//! privileges, and only between two moments. Either side may revoke it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    pub id: String,
    /// The user in whose name the holder acts: the tokens' `sub`.
    pub granter_id: String,
    /// The user who acts: the tokens' `act.sub`.
    pub holder_id: String,
    /// The clients it may be used with; empty means any.
    pub client_ids: Vec<String>,
    /// The granter's privileges it carries; `None` means all they hold at the time of use.
    pub privileges: Option<Vec<String>>,
    pub valid_from: Option<i64>,
    pub valid_until: Option<i64>,
    pub created_at: i64,
    /// Who created it: the granter, or an administrator.
    pub created_by: Option<String>,
    pub first_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl Authority {
    /// Not revoked and within its dates. Whether its two users may still be used is the
    /// caller's to check: that needs the database.
    pub fn in_force(&self, now: i64) -> bool {
        self.revoked_at.is_none()
            && self.valid_from.is_none_or(|from| from <= now)
            && self.valid_until.is_none_or(|until| now < until)
    }

    pub fn covers_client(&self, client_id: &str) -> bool {
        self.client_ids.is_empty() || self.client_ids.iter().any(|c| c == client_id)
    }

    /// What the holder carries while acting: the granter's current privileges, cut down to
    /// the authority's list when it has one. Never more than the granter holds now.
    pub fn carried_privileges(&self, granter_privileges: &[String]) -> Vec<String> {
        granter_privileges
            .iter()
            .filter(|p| self.privileges.as_ref().is_none_or(|only| only.contains(p)))
            .cloned()
            .collect()
    }

    /// For people: "active", "revoked", "not yet valid", "expired".
    pub fn status(&self, now: i64) -> &'static str {
        if self.revoked_at.is_some() {
            "revoked"
        } else if self.valid_from.is_some_and(|from| now < from) {
            "not yet valid"
        } else if self.valid_until.is_some_and(|until| now >= until) {
            "expired"
        } else {
            "active"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authority() -> Authority {
        Authority {
            id: "a".into(),
            granter_id: "g".into(),
            holder_id: "h".into(),
            client_ids: vec![],
            privileges: None,
            valid_from: Some(100),
            valid_until: Some(200),
            created_at: 0,
            created_by: None,
            first_used_at: None,
            revoked_at: None,
        }
    }

    #[test]
    fn dates_clients_and_privileges_limit_it() {
        let mut a = authority();
        assert!(!a.in_force(99));
        assert!(a.in_force(100));
        assert!(!a.in_force(200));
        assert_eq!(a.status(250), "expired");
        assert!(a.covers_client("any"));
        a.client_ids = vec!["crm".into()];
        assert!(a.covers_client("crm") && !a.covers_client("mail"));
        let held = vec!["admin".to_string(), "user".to_string()];
        assert_eq!(a.carried_privileges(&held), held);
        a.privileges = Some(vec!["user".into(), "developer".into()]);
        // `developer` is listed but not held: never more than the granter has.
        assert_eq!(a.carried_privileges(&held), vec!["user".to_string()]);
        a.revoked_at = Some(150);
        assert!(!a.in_force(150));
        assert_eq!(a.status(150), "revoked");
    }
}
