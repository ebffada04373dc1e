//! The provider protocol: OAuth 2.0 and OpenID Connect rules, free of HTTP framework types.

pub mod access_token;
pub mod authorize;
pub mod claims;
pub mod client_auth;
pub mod discovery;
pub mod error;
pub mod introspect;
pub mod logout;
pub mod pkce;
pub mod revoke;
pub mod token;
pub mod userinfo;

pub use error::{ErrorCode, OAuthError};
