//! What a node keeps in memory of rows that every hot request reads and that change rarely:
//! the clients (every token, introspection and revocation request reads its client) and,
//! on SQLite, the standing of access tokens (every introspection and userinfo call).
//!
//! Correct across processes: a change is counted in a row of `cache_versions` (bumped in the
//! changing transaction, or by a trigger), and every node compares that counter at most once
//! per [`CHECK_EVERY`], dropping its copy when it moved. A change made through this process's
//! [`Store`](super::Store) drops its copy at once, before the change is acknowledged.
//!
//! A load that raced a change is never kept: it is tagged with the cache's generation before
//! it reads the row, and only goes in while that generation is still current; every drop
//! starts a new generation. Nothing is kept until the counter has been read once. Callers
//! keep only what a flood cannot make up (clients that exist, the standing of tokens whose
//! signature verified), and past [`MAX_ENTRIES`] further rows are served from the database.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

pub const CHECK_EVERY: Duration = Duration::from_secs(1);
pub const MAX_ENTRIES: usize = 10_000;

pub struct NodeCache<V> {
    state: RwLock<State<V>>,
    checked: Mutex<Instant>,
    checking: AtomicBool,
}

struct State<V> {
    /// The database's counter as last seen; `None` before the first check.
    counter: Option<i64>,
    generation: u64,
    entries: HashMap<String, V>,
}

/// What a request may do with the entries (see [`NodeCache::check`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Check {
    /// The counter was compared less than [`CHECK_EVERY`] ago: the entries stand.
    Fresh,
    /// It is time to compare it, and this caller does.
    Mine,
    /// It is time, and another caller is comparing it: until it has, an entry may be older
    /// than the interval allows, so the database is read and nothing kept.
    Elsewhere,
}

/// The generation a load started in (see [`NodeCache::tag`]).
#[derive(Clone, Copy)]
pub struct Tag(Option<u64>);

impl<V> Default for NodeCache<V> {
    fn default() -> Self {
        Self {
            state: RwLock::new(State {
                counter: None,
                generation: 0,
                entries: HashMap::new(),
            }),
            checked: Mutex::new(Instant::now() - CHECK_EVERY * 2),
            checking: AtomicBool::new(false),
        }
    }
}

impl<V: Clone> NodeCache<V> {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, State<V>> {
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State<V>> {
        self.state.write().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, key: &str) -> Option<V> {
        self.read().entries.get(key).cloned()
    }

    /// Taken before a load reads its row, and handed back to [`Self::insert`].
    pub fn tag(&self) -> Tag {
        let state = self.read();
        Tag(state.counter.map(|_| state.generation))
    }

    /// Keeps a loaded row if nothing was dropped since `tag` was taken.
    pub fn insert(&self, tag: Tag, key: &str, value: V) {
        let mut state = self.write();
        if tag.0 == Some(state.generation) && state.entries.len() < MAX_ENTRIES {
            state.entries.insert(key.to_string(), value);
        }
    }

    /// Drops every entry: this process changed what they were read from.
    pub fn invalidate(&self) {
        let mut state = self.write();
        state.entries.clear();
        state.generation += 1;
    }

    /// Whether the entries may be used as they are, or the counter must be compared first
    /// (by one caller at a time; the others read the database meanwhile).
    pub fn check(&self) -> Check {
        let due = self
            .checked
            .lock()
            .map(|at| at.elapsed() >= CHECK_EVERY)
            .unwrap_or(true);
        if !due {
            Check::Fresh
        } else if self
            .checking
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            Check::Mine
        } else {
            Check::Elsewhere
        }
    }

    /// The counter as the database has it now (from a check, or from this process's own
    /// bump): a different one drops every entry.
    pub fn saw(&self, counter: i64) {
        let mut state = self.write();
        if state.counter != Some(counter) {
            state.entries.clear();
            state.generation += 1;
            state.counter = Some(counter);
        }
    }

    /// Ends a check [`Self::check`] gave this caller (whether it succeeded or not).
    pub fn checked(&self, succeeded: bool) {
        if succeeded && let Ok(mut at) = self.checked.lock() {
            *at = Instant::now();
        }
        self.checking.store(false, Ordering::Release);
    }
}

impl super::Store {
    /// Compares the counter `name` of `cache_versions` with what `cache` last saw, at most
    /// once per [`CHECK_EVERY`] per process. `false` while another request is comparing it
    /// after the interval ran out: then the caller reads the database and keeps nothing, so
    /// no entry is ever served more than the interval after the change that made it stale.
    pub(super) async fn compare_counter<V: Clone>(
        &self,
        cache: &NodeCache<V>,
        name: &str,
    ) -> super::StoreResult<bool> {
        match cache.check() {
            Check::Fresh => Ok(true),
            Check::Elsewhere => Ok(false),
            Check::Mine => {
                let counter: Result<i64, sqlx::Error> =
                    sqlx::query_scalar("SELECT version FROM cache_versions WHERE name = $1")
                        .bind(name)
                        .fetch_one(&self.pool)
                        .await;
                cache.checked(counter.is_ok());
                cache.saw(counter?);
                Ok(true)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_that_raced_a_change_is_not_kept() {
        let cache = NodeCache::<u32>::default();
        // Before the first check nothing is kept.
        cache.insert(cache.tag(), "a", 1);
        assert!(cache.get("a").is_none());
        cache.saw(3);
        cache.insert(cache.tag(), "a", 1);
        assert_eq!(cache.get("a"), Some(1));
        // A load tagged before the counter moved finishes after: dropped, and the old
        // entries with it.
        let stale = cache.tag();
        cache.saw(4);
        cache.insert(stale, "b", 2);
        assert!(cache.get("a").is_none() && cache.get("b").is_none());
        // The same for a change of this process's own.
        cache.insert(cache.tag(), "a", 1);
        let stale = cache.tag();
        cache.invalidate();
        cache.insert(stale, "b", 2);
        assert!(cache.get("a").is_none() && cache.get("b").is_none());
        // The same counter seen again keeps what is there.
        cache.insert(cache.tag(), "a", 1);
        cache.saw(4);
        assert_eq!(cache.get("a"), Some(1));
        assert_eq!(cache.check(), Check::Mine);
        assert_eq!(cache.check(), Check::Elsewhere, "one checker at a time");
        cache.checked(true);
        assert_eq!(cache.check(), Check::Fresh, "not again within the interval");
    }
}
