//! A bounded pool for CPU-heavy work (argon2, RSA signing). Work runs on tokio's blocking
//! threads so it never stalls the async executor, and a semaphore caps how many run at once so a
//! burst of sign-ins queues instead of spawning hundreds of threads that each hold 19 MiB.

use std::sync::Arc;

use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct CpuPool {
    permits: Arc<Semaphore>,
    /// Held by work that may wait (sign-ups), so it never takes more than half the workers:
    /// a flood of registrations cannot starve sign-ins of the CPU.
    bulk: Arc<Semaphore>,
}

impl CpuPool {
    pub fn new(max_parallel: usize) -> Self {
        let workers = max_parallel.max(1);
        Self {
            permits: Arc::new(Semaphore::new(workers)),
            bulk: Arc::new(Semaphore::new((workers / 2).max(1))),
        }
    }

    /// A place in the bulk lane, to hold across all the CPU work of one low-priority request.
    pub async fn bulk_lane(&self) -> tokio::sync::OwnedSemaphorePermit {
        // The semaphore is never closed, so acquire cannot fail.
        self.bulk
            .clone()
            .acquire_owned()
            .await
            .expect("cpu pool semaphore closed")
    }

    /// One worker per core.
    pub fn sized_to_machine() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    pub async fn run<F, R>(&self, work: F) -> R
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        // The semaphore is never closed, so acquire cannot fail.
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("cpu pool semaphore closed");
        match tokio::task::spawn_blocking(work).await {
            Ok(result) => result,
            Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
        }
    }
}
