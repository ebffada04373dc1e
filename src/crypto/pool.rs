//! A fixed set of worker threads for CPU-heavy work (argon2, signing), one per core, so it
//! never stalls the async executor. Why not tokio's blocking pool: it grows a thread whenever
//! none is idle at the instant of a call, and every thread that ever ran an argon2 hash keeps
//! its 19 MiB in its own malloc arena; under a burst of sign-ins that was 400 MB of resident
//! memory on two cores. A fixed set bounds both threads and memory, and lets short jobs
//! (a signature, ~0.2 ms) go ahead of long ones (a password hash, ~30 ms): a burst of sign-ins
//! delays token signing by at most one hash, not by the whole queue.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Condvar, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct Queue {
    short: VecDeque<Job>,
    long: VecDeque<Job>,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    ready: Condvar,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        // A job never runs under the lock, so a poisoned lock holds consistent data.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Closes the queue when the last handle to the pool goes (tests build many apps): the
/// workers finish what is queued and exit.
struct Workers(Arc<Shared>);

impl Drop for Workers {
    fn drop(&mut self) {
        self.0.lock().closed = true;
        self.0.ready.notify_all();
    }
}

#[derive(Clone)]
pub struct CpuPool {
    shared: Arc<Shared>,
    _workers: Arc<Workers>,
    /// Held by work that may wait (sign-ups), so it never takes more than half the workers:
    /// a flood of registrations cannot starve sign-ins of the CPU.
    bulk: Arc<Semaphore>,
}

#[derive(Clone, Copy)]
enum Lane {
    Short,
    Long,
}

impl CpuPool {
    pub fn new(workers: usize) -> Self {
        let workers = workers.max(1);
        let shared = Arc::new(Shared::default());
        for i in 0..workers {
            let shared = shared.clone();
            // Without a thread the pool cannot work at all; start-up is the place to fail.
            std::thread::Builder::new()
                .name(format!("gatehouse-cpu-{i}"))
                .spawn(move || work(&shared))
                .expect("cannot start a CPU worker thread");
        }
        Self {
            _workers: Arc::new(Workers(shared.clone())),
            shared,
            bulk: Arc::new(Semaphore::new((workers / 2).max(1))),
        }
    }

    /// One worker per core (of those this process may run on).
    pub fn sized_to_machine() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    /// A place in the bulk lane, to hold across all the CPU work of one low-priority request.
    pub async fn bulk_lane(&self) -> OwnedSemaphorePermit {
        // The semaphore is never closed, so acquire cannot fail.
        self.bulk
            .clone()
            .acquire_owned()
            .await
            .expect("cpu pool semaphore closed")
    }

    /// Runs long work (a password hash, a key generation) on a worker.
    pub async fn run<F, R>(&self, work: F) -> R
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.submit(Lane::Long, work).await
    }

    /// Runs short work (a signature) on a worker, ahead of any long work waiting.
    pub async fn run_short<F, R>(&self, work: F) -> R
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        self.submit(Lane::Short, work).await
    }

    async fn submit<F, R>(&self, lane: Lane, work: F) -> R
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            // The caller may have gone (a dropped request): then nobody wants the result.
            let _ = done.send(catch_unwind(AssertUnwindSafe(work)));
        });
        {
            let mut queue = self.shared.lock();
            match lane {
                Lane::Short => queue.short.push_back(job),
                Lane::Long => queue.long.push_back(job),
            }
        }
        self.shared.ready.notify_one();
        match result.await {
            Ok(Ok(value)) => value,
            // The work panicked: the panic continues in the caller, as if run there.
            Ok(Err(panic)) => resume_unwind(panic),
            // Workers only drop a job by running it, and live as long as this handle.
            Err(_) => unreachable!("a CPU worker dropped a job"),
        }
    }
}

fn work(shared: &Shared) {
    loop {
        let job = {
            let mut queue = shared.lock();
            loop {
                if let Some(job) = queue.short.pop_front().or_else(|| queue.long.pop_front()) {
                    break job;
                }
                if queue.closed {
                    return;
                }
                queue = shared.ready.wait(queue).unwrap_or_else(|p| p.into_inner());
            }
        };
        job();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn short_work_overtakes_long_work_and_panics_reach_the_caller() {
        let pool = CpuPool::new(1);
        let (started, blocked) = std::sync::mpsc::channel::<()>();
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let order = Arc::new(Mutex::new(Vec::new()));
        // The only worker is held until both lanes have a job waiting.
        let first = tokio::spawn({
            let pool = pool.clone();
            async move {
                pool.run(move || {
                    started.send(()).unwrap();
                    gate.recv().unwrap();
                })
                .await
            }
        });
        blocked.recv().unwrap();
        let long = tokio::spawn({
            let (pool, order) = (pool.clone(), order.clone());
            async move { pool.run(move || order.lock().unwrap().push("long")).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let short = tokio::spawn({
            let (pool, order) = (pool.clone(), order.clone());
            async move {
                pool.run_short(move || order.lock().unwrap().push("short"))
                    .await
            }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        release.send(()).unwrap();
        first.await.unwrap();
        long.await.unwrap();
        short.await.unwrap();
        assert_eq!(*order.lock().unwrap(), ["short", "long"]);

        let panicked = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run(|| panic!("boom")).await }
        })
        .await;
        assert!(panicked.unwrap_err().is_panic());
        // The worker survived the panic.
        assert_eq!(pool.run(|| 7).await, 7);
    }
}
