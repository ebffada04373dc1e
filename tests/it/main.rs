//! The one integration-test binary (each file under tests/ would be a separate link).

mod accessibility;
mod accounts;
mod admin;
mod admin_sessions;
mod attacks;
mod audit_bounds;
mod browser;
mod cli;
mod config;
mod delegation;
mod edge;
mod federation;
mod helpers;
mod login;
mod mail;
mod mfa;
mod multinode;
mod oidc_flow;
mod optional_email;
mod pages;
mod phone;
mod reliability;
mod schema;
mod smtp_sink;
mod storage;
mod welcome_mail;
