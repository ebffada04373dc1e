//! Types with invariants and no I/O: what a valid e-mail, redirect URI, scope set, client or
//! user is. Nothing here imports the rest of the crate.

mod audit_kind;
mod authority;
mod capability;
mod client;
mod email;
mod mfa;
mod phone;
mod privilege;
mod profile;
mod scope;
mod sign_in;
mod user;
mod username;

pub use audit_kind::AuditKind;
pub use authority::Authority;
pub use capability::{Capabilities, Capability, capabilities_of};
pub use client::{Client, ClientLinks, GrantType, RedirectUri};

pub use email::Email;
pub use mfa::{
    ACR_MULTI_FACTOR, ACR_SINGLE_FACTOR, ACR_VALUES, MfaMethod, MfaPolicy, acr_for,
    acr_values_demand_mfa,
};

pub use phone::{PhoneNumber, region_id as phone_region};
pub use privilege::{BUILTIN_PRIVILEGES, CRON, Privilege};
pub use profile::{
    DATE_FORMATS, ProfileDetails, label as profile_label, spoken_label as spoken_profile_label,
    validate_field as validate_profile_field,
};
pub use scope::{ADMIN_SCOPES, KNOWN_SCOPES, Scope, ScopeSet};
pub use sign_in::{FirstFactor, FirstStep, SecondFactor, amr_of, sign_in_method, stepped_up};
pub use user::User;
pub use username::Username;

/// A value that failed its invariant; the message is safe to show to the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);
