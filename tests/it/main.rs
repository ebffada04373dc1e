//! The one integration-test binary (each file under tests/ would be a separate link).

mod accounts;
mod admin;
mod audit_bounds;
mod browser;
mod cli;
mod config;
mod helpers;
mod login;
mod mail;
mod mfa;
mod multinode;
mod oidc_flow;
mod smtp_sink;
mod storage;
