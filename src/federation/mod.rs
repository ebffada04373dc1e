//! Signing in through upstream identity providers (Google, Microsoft Entra ID, Facebook, X,
//! any OpenID Connect provider). This room grows with issue 9; today it holds the one HTTP
//! client every provider is reached through.

pub mod http;
