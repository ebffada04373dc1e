//! Clients kept in memory, because every token, introspection and revocation request reads
//! its client and clients change rarely. Correct across nodes and processes (the CLI writes
//! to the same database): a change made through a [`Store`] bumps the `clients` counter in
//! `cache_versions` and drops this node's copy at once; every node compares the counter at
//! most once per [`CHECK_EVERY`] and drops its copy when it moved. A client deleted or its
//! secret replaced is therefore refused at once by the node that made the change and within
//! a second by every other. A load that raced a change is not kept: entries carry the counter
//! read before the row, and only go in while that is still the current one.
//! Unknown ids are never cached (a flood of made-up ids cannot fill memory).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::domain::Client;

pub const CHECK_EVERY: Duration = Duration::from_secs(1);
/// More clients than this are served from the database beyond the first ones.
const MAX_ENTRIES: usize = 10_000;

#[derive(Clone)]
pub struct CachedClient {
    pub client: Client,
    /// Whether a service account speaks through this client. Both rows are written in one
    /// transaction, so a load sees both or neither and the flag cannot go stale towards false.
    pub has_service_account: bool,
}

pub struct ClientCache {
    state: RwLock<State>,
    checked: Mutex<Instant>,
    checking: AtomicBool,
}

struct State {
    version: i64,
    entries: HashMap<String, CachedClient>,
}

impl Default for ClientCache {
    fn default() -> Self {
        Self {
            // -1: no counter read yet, so nothing is kept until the first check.
            state: RwLock::new(State {
                version: -1,
                entries: HashMap::new(),
            }),
            checked: Mutex::new(Instant::now() - CHECK_EVERY * 2),
            checking: AtomicBool::new(false),
        }
    }
}

impl ClientCache {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, id: &str) -> Option<CachedClient> {
        self.read().entries.get(id).cloned()
    }

    /// The counter this node last saw, to tag a load with before it reads the row.
    pub fn version(&self) -> i64 {
        self.read().version
    }

    /// Keeps a loaded client if no change was seen since `tag` was read.
    pub fn insert(&self, tag: i64, entry: CachedClient) {
        let mut state = self.write();
        if tag >= 0 && state.version == tag && state.entries.len() < MAX_ENTRIES {
            state.entries.insert(entry.client.id.clone(), entry);
        }
    }

    /// Whether it is time to compare the counter; true for one caller at a time.
    pub fn check_due(&self) -> bool {
        let due = self
            .checked
            .lock()
            .map(|at| at.elapsed() >= CHECK_EVERY)
            .unwrap_or(true);
        due && self
            .checking
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// The counter as the database has it now (from a check or this node's own bump): a
    /// different one drops every entry.
    pub fn saw(&self, version: i64) {
        let mut state = self.write();
        if state.version != version {
            state.entries.clear();
            state.version = version;
        }
    }

    /// Ends a check begun with [`Self::check_due`] (whether it succeeded or not).
    pub fn checked(&self, succeeded: bool) {
        if succeeded && let Ok(mut at) = self.checked.lock() {
            *at = Instant::now();
        }
        self.checking.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ClientLinks, ScopeSet};

    fn entry(id: &str) -> CachedClient {
        CachedClient {
            client: Client {
                id: id.into(),
                name: id.into(),
                secret_hash: None,
                first_party: false,
                redirect_uris: vec![],
                post_logout_redirect_uris: vec![],
                grant_types: vec![],
                scopes: ScopeSet::all(),
                links: ClientLinks::default(),
                created_at: 0,
            },
            has_service_account: false,
        }
    }

    #[test]
    fn a_load_that_raced_a_change_is_not_kept() {
        let cache = ClientCache::default();
        // Before the first check nothing is kept.
        cache.insert(cache.version(), entry("a"));
        assert!(cache.get("a").is_none());
        cache.saw(3);
        let tag = cache.version();
        cache.insert(tag, entry("a"));
        assert!(cache.get("a").is_some());
        // A load tagged 3 finishes after the counter moved to 4: dropped, and the old
        // entries with it.
        let stale = cache.version();
        cache.saw(4);
        cache.insert(stale, entry("b"));
        assert!(cache.get("a").is_none() && cache.get("b").is_none());
        assert!(cache.check_due());
        assert!(!cache.check_due(), "one checker at a time");
        cache.checked(true);
        assert!(!cache.check_due(), "not again within the interval");
    }
}
