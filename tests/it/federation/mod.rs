//! Signing in through upstream providers, against fake providers on 127.0.0.1
//! (`cargo test --test it federation::`).

mod admin;
mod browser;
mod failures;
pub mod fakes;
pub mod harness;
mod invitations;
mod linking;
mod nodes;
mod passwordless;
mod providers;
mod require_email;
pub mod sign_in;
