//! A pool of query worker processes, so that a query timeout really stops the work.
//!
//! # Design rationale
//!
//! Oxigraph evaluates SPARQL on the calling thread and its cancellation is cooperative: it is
//! checked between solutions, so in-memory sorts, hash joins and property-path closures run on
//! past a cancelled token (oxigraph issue #1871: an `ORDER BY` over a cross product ran until
//! the OOM killer came). A thread cannot be stopped from outside, so a runaway query would keep
//! a core busy, hold memory, and even block shutdown.
//!
//! Queries are therefore evaluated in **worker processes**: the same binary started as
//! `kyoto-kg __worker` with the server's `--data`/`--store`/`--load` arguments, each holding
//! its own copy of the store (the Kyoto graph is small; a persistent store is opened
//! read-only). The server sends a [`Job`] down the worker's stdin; the worker evaluates it,
//! serializes the *whole* response (at most `--max-results` results) into a buffer and sends
//! it back (see [`super::wire`]). So the server decides the status line only once it holds the
//! complete body: it never sends `200 OK` and then fails mid-stream.
//!
//! Limits, from cheapest to strongest:
//! - the worker fires a [`oxigraph::sparql::CancellationToken`] at the deadline: most queries
//!   stop there and the worker answers "timeout" and is reused;
//! - the server waits until the deadline plus [`KILL_GRACE`]; a worker still busy then is
//!   killed with `SIGKILL` and replaced in the background, so CPU returns to idle at once;
//! - a client that disconnects drops the request future, which drops the checked-out worker:
//!   it is killed the same way (`kill_on_drop`) and replaced;
//! - each worker limits its own address space (`RLIMIT_AS`, `--worker-memory`), so a query that
//!   allocates too fast dies on allocation failure instead of exhausting the machine;
//! - a semaphore with one permit per worker bounds concurrent evaluations; at most `--queue`
//!   requests wait for a permit, and no longer than their own timeout; the rest get
//!   `503 Service Unavailable` with `Retry-After`.

use super::wire::{self, Job, Reply};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::Semaphore;

/// How long the server waits past the deadline for the worker's own cancellation before
/// killing it.
pub const KILL_GRACE: Duration = Duration::from_millis(300);

/// How long a new worker may take to load its store.
pub const STARTUP_LIMIT: Duration = Duration::from_secs(120);

/// How to start a worker: the program and its arguments.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    /// The executable (the running `kyoto-kg`).
    pub program: PathBuf,
    /// Its arguments (`--data DIR __worker ...`).
    pub args: Vec<String>,
}

/// Why a query could not be evaluated by a worker.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PoolError {
    /// Every worker is busy and the waiting line is full, or no worker freed up in time.
    #[error(
        "the server is busy: all {workers} query workers are in use and {waiting} queries are waiting; retry shortly"
    )]
    Busy {
        /// Workers in the pool.
        workers: usize,
        /// Requests waiting.
        waiting: usize,
    },
    /// The deadline passed; the worker was killed.
    #[error(
        "the query did not finish within the {} s timeout and was stopped; narrow it down (add a LIMIT, restrict the patterns) or ask the operator for a longer --timeout",
        .0.as_secs_f64()
    )]
    Timeout(Duration),
    /// A worker died or sent garbage (for example it exceeded its memory limit).
    #[error(
        "the query was stopped: its worker process died, most likely because the query needed more memory than the server allows (--worker-memory); narrow it down (add a LIMIT, restrict the patterns) [{0}]"
    )]
    WorkerDied(String),
    /// A worker could not be started.
    #[error("cannot start a query worker: {0}")]
    Spawn(String),
}

/// One worker process and its pipes.
#[derive(Debug)]
struct Worker {
    _child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
}

impl Worker {
    async fn start(command: &WorkerCommand) -> Result<Self, PoolError> {
        let mut command_line = Command::new(&command.program);
        // A process group of its own: Ctrl-C in the terminal reaches the server, which lets
        // in-flight queries finish, and not the workers evaluating them.
        #[cfg(unix)]
        command_line.process_group(0);
        let mut child = command_line
            .args(&command.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| PoolError::Spawn(format!("{}: {e}", command.program.display())))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(PoolError::Spawn("the worker's pipes are missing".into()));
        };
        let mut worker = Self {
            _child: child,
            stdin,
            stdout,
        };
        let ready = tokio::time::timeout(STARTUP_LIMIT, wire::read_frame_async(&mut worker.stdout))
            .await
            .map_err(|_| PoolError::Spawn("the worker did not become ready in time".into()))?
            .map_err(|e| PoolError::Spawn(format!("the worker exited while starting: {e}")))?;
        match wire::decode::<Reply>(&ready) {
            Ok(Reply::Ready) => Ok(worker),
            other => Err(PoolError::Spawn(format!(
                "unexpected first message: {other:?}"
            ))),
        }
    }

    /// Sends `job` and reads the reply and, for a success, the body.
    async fn ask(&mut self, job: &Job) -> std::io::Result<(Reply, Vec<u8>)> {
        wire::write_frame_async(&mut self.stdin, &wire::encode(job)?).await?;
        let reply: Reply = wire::decode(&wire::read_frame_async(&mut self.stdout).await?)?;
        let body = match reply {
            Reply::Done { .. } => wire::read_frame_async(&mut self.stdout).await?,
            _ => Vec::new(),
        };
        Ok((reply, body))
    }
}

/// The worker pool.
#[derive(Debug)]
pub struct Pool {
    command: WorkerCommand,
    size: usize,
    max_waiting: usize,
    idle: Mutex<Vec<Worker>>,
    permits: Semaphore,
    waiting: AtomicUsize,
}

/// Decrements the waiting count when a request stops waiting, however it stops.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A worker checked out for one job; if dropped without being returned (timeout, client gone),
/// the worker process is killed and a replacement started.
struct CheckedOut {
    worker: Option<Worker>,
    pool: Arc<Pool>,
}

impl Drop for CheckedOut {
    fn drop(&mut self) {
        if let Some(worker) = self.worker.take() {
            drop(worker); // kill_on_drop: SIGKILL
            #[expect(clippy::print_stderr, reason = "server log")]
            {
                eprintln!(
                    "note: a query worker was stopped (timeout or client gone); starting a replacement"
                );
            }
            let pool = Arc::clone(&self.pool);
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move { pool.replenish().await });
            }
        }
    }
}

impl Pool {
    /// Starts `size` workers and waits until each has loaded its store.
    pub async fn start(
        command: WorkerCommand,
        size: usize,
        max_waiting: usize,
    ) -> Result<Arc<Self>, PoolError> {
        let size = size.max(1);
        let mut workers = Vec::with_capacity(size);
        for _ in 0..size {
            workers.push(Worker::start(&command).await?);
        }
        Ok(Arc::new(Self {
            command,
            size,
            max_waiting,
            idle: Mutex::new(workers),
            permits: Semaphore::new(size),
            waiting: AtomicUsize::new(0),
        }))
    }

    /// How many workers the pool keeps.
    pub fn size(&self) -> usize {
        self.size
    }

    fn take_idle(&self) -> Option<Worker> {
        self.idle.lock().ok()?.pop()
    }

    fn put_idle(&self, worker: Worker) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < self.size
        {
            idle.push(worker);
        }
    }

    /// Starts a worker to replace a killed one.
    async fn replenish(&self) {
        match Worker::start(&self.command).await {
            Ok(worker) => self.put_idle(worker),
            Err(e) => {
                #[expect(clippy::print_stderr, reason = "server log")]
                {
                    eprintln!("warning: {e}; will retry on the next query");
                }
            }
        }
    }

    /// Evaluates `job`, giving up at `deadline` (waiting for a worker counts too).
    pub async fn run(
        self: &Arc<Self>,
        mut job: Job,
        deadline: Instant,
    ) -> Result<(Reply, Vec<u8>), PoolError> {
        let timeout = Duration::from_millis(job.timeout_ms);
        let busy = || PoolError::Busy {
            workers: self.size,
            waiting: self.waiting.load(Ordering::SeqCst),
        };
        let permit = match self.permits.try_acquire() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    return Err(busy());
                }
                let _waiting = Waiting(&self.waiting);
                tokio::time::timeout_at(deadline.into(), self.permits.acquire())
                    .await
                    .map_err(|_| busy())?
                    .map_err(|_| busy())?
            }
        };
        let worker = match self.take_idle() {
            Some(worker) => worker,
            None => Worker::start(&self.command).await?,
        };
        let mut checked_out = CheckedOut {
            worker: Some(worker),
            pool: Arc::clone(self),
        };
        let left = deadline.saturating_duration_since(Instant::now());
        job.timeout_ms = u64::try_from(left.as_millis()).unwrap_or(u64::MAX);
        let answer = match checked_out.worker.as_mut() {
            Some(worker) => tokio::time::timeout(left + KILL_GRACE, worker.ask(&job)).await,
            None => return Err(PoolError::Spawn("no worker".into())),
        };
        let outcome = match answer {
            Err(_) => Err(PoolError::Timeout(timeout)),
            Ok(Err(e)) => Err(PoolError::WorkerDied(e.to_string())),
            Ok(Ok(answer)) => {
                if let Some(worker) = checked_out.worker.take() {
                    self.put_idle(worker);
                }
                Ok(answer)
            }
        };
        drop(checked_out); // kills and replaces the worker unless it was returned
        drop(permit);
        outcome
    }
}
