//! Reliability under faults (issue 14): what a node does when what it depends on fails, and
//! that it comes back by itself. `cargo test --test it reliability::`.

mod crash;
mod database_outage;
mod disk_full;
mod hostile_pages;
mod injection;
mod outbound_faults;
mod properties;
mod proxy;
mod races;
mod request_limits;
mod single_use;
