//! A bounded pool for CPU-heavy work (argon2, RSA signing). Work runs on tokio's blocking
//! threads so it never stalls the async executor, and a semaphore caps how many run at once so a
//! burst of sign-ins queues instead of spawning hundreds of threads that each hold 19 MiB.

use std::sync::Arc;

use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct CpuPool {
    permits: Arc<Semaphore>,
}

impl CpuPool {
    pub fn new(max_parallel: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(max_parallel.max(1))),
        }
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
