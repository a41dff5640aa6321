//! The pool of query worker processes: a query timeout really stops the work, a crash takes
//! down one query and not the server, and cheap queries keep flowing while runaway ones run.
//!
//! # Design rationale
//!
//! Oxigraph evaluates SPARQL on the calling thread and its cancellation is cooperative: it is
//! checked between solutions, so in-memory sorts, hash joins and property-path closures run on
//! past a cancelled token (oxigraph issue #1871). Its parser and evaluator are recursive, and a
//! stack overflow aborts the process. So queries are parsed and evaluated in **worker
//! processes** ([`super::worker_process`]): the same binary started as `kyoto-kg __worker`,
//! each holding its own copy of the store (a persistent store is opened read-only).
//!
//! **Limits**, from cheapest to strongest:
//! - the worker fires a cancellation token at the deadline: most queries stop there, the
//!   worker answers "timeout" and is reused;
//! - the server waits until the deadline plus [`KILL_GRACE`]; a worker still busy then is
//!   killed with `SIGKILL` and replaced, so CPU returns to idle at once;
//! - a client that disconnects drops the request future, which drops the checked-out worker:
//!   it is killed the same way and replaced;
//! - each worker limits its own address space (`RLIMIT_AS`, `--worker-memory`), and the pool
//!   keeps the workers' resident memory together under `--memory-budget`: it starts no worker
//!   that would not fit, and if running queries grow past the budget it kills the largest.
//!
//! **Fairness** (issue 14: with runaway queries in flight, a cheap `ASK` used to wait for them). A
//! query never waits for another query to finish while the pool may grow:
//! - every query gets a worker of its own at once: an idle one, or a new one, up to
//!   `--max-workers` and within the memory budget. The pool starts with `--workers` idle
//!   workers, and when a query takes the last idle one it starts another in the background, so
//!   that the next query finds one ready instead of waiting for a store to load. Workers are
//!   reused; idle ones beyond `--workers` are retired after [`IDLE_TRIM`]. Only when no worker
//!   can be had do queries wait, at most `--queue` of them and no longer than their deadline;
//!   the rest get 503 with `Retry-After`;
//! - a query still running after `--slow-after` is **demoted**: its worker's CPU priority drops
//!   to the lowest (nice 19, a CFS weight of 15 against 1024). The kernel then gives a new
//!   query's worker nearly a whole core however many runaway queries share the machine, and
//!   the runaway ones still use whatever CPU is left. A demoted worker is not reused (an
//!   unprivileged process cannot raise a priority again): it is retired when its query ends.
//!
//! A supervisor task ticks every [`TICK`]: it demotes, measures each worker's resident memory
//! (`/proc/PID/statm`) and enforces the budget.

use super::metrics::Metrics;
use super::wire::{Job, Reply};
use super::worker_process::{Death, WorkerCommand, WorkerProcess};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How long the server waits past the deadline for the worker's own cancellation before
/// killing it.
pub const KILL_GRACE: Duration = Duration::from_millis(300);
/// How often the supervisor demotes slow queries and checks memory.
pub const TICK: Duration = Duration::from_millis(100);
/// Idle workers beyond `--workers` are retired after being idle this long.
pub const IDLE_TRIM: Duration = Duration::from_secs(30);

/// How the pool runs.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    /// How to start a worker.
    pub command: WorkerCommand,
    /// Workers kept started and idle (`--workers`).
    pub spares: usize,
    /// The most worker processes at once (`--max-workers`).
    pub max_workers: usize,
    /// Queries that may wait when no worker can be had (`--queue`).
    pub max_waiting: usize,
    /// A query running longer than this is demoted (`--slow-after`).
    pub slow_after: Duration,
    /// The most resident memory the workers may use together, in bytes (`--memory-budget`).
    pub memory_budget: u64,
}

/// Why a query could not be evaluated by a worker.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PoolError {
    /// No worker can be had and the waiting line is full, or no worker freed up in time.
    #[error(
        "the server is busy: all {workers} query workers it may run are in use and {waiting} queries are waiting; retry shortly"
    )]
    Busy {
        /// Workers running.
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
    /// The worker's stack overflowed: the query is nested too deeply.
    #[error(
        "the query is too deeply nested: its evaluation ran out of stack; flatten the nesting of groups, sub-queries and function calls"
    )]
    TooDeep,
    /// The worker ran out of memory, or was killed to keep the workers within the budget.
    #[error(
        "the query was stopped: it needed more memory than the server allows ({0}); narrow it down (add a LIMIT, restrict the patterns)"
    )]
    OutOfMemory(String),
    /// The worker died for another reason (a bug).
    #[error("the query's worker process died: {0}")]
    WorkerDied(String),
    /// A worker could not be started.
    #[error("cannot start a query worker: {0}")]
    Spawn(String),
}

/// A worker checked out of the pool, with what the supervisor needs to know of it.
#[derive(Debug)]
struct Busy {
    started: Instant,
    demoted: bool,
}

#[derive(Debug, Default)]
struct State {
    /// Idle workers, with the time each became idle.
    idle: Vec<(WorkerProcess, Instant)>,
    /// Workers alive or starting.
    live: usize,
    /// Workers being started to refill the idle ones.
    refilling: usize,
    /// Checked-out workers by process id.
    busy: HashMap<u32, Busy>,
    /// Workers killed to keep the memory budget, by process id.
    condemned: HashMap<u32, String>,
    waiting: usize,
}

/// The worker pool.
#[derive(Debug)]
pub struct Pool {
    config: PoolConfig,
    state: Mutex<State>,
    /// Woken when a worker becomes idle or a slot frees up.
    freed: Notify,
    /// Resident memory of all workers at the last tick, in bytes.
    resident: AtomicU64,
    /// Resident memory of a worker just started.
    baseline: AtomicU64,
    metrics: Arc<Metrics>,
}

/// A step of [`Pool::acquire`].
enum Step {
    Idle(Box<WorkerProcess>),
    Start,
    Refuse(PoolError),
    Wait,
}

/// A worker's answer: the reply and, for a success, the body sent inline.
pub type Answer = (Reply, Option<Vec<u8>>);

impl Pool {
    /// Starts `config.spares` workers, waits until each has loaded its store, and starts the
    /// supervisor.
    pub async fn start(config: PoolConfig, metrics: Arc<Metrics>) -> Result<Arc<Self>, PoolError> {
        let mut config = config;
        config.spares = config.spares.max(1);
        config.max_workers = config.max_workers.max(config.spares);
        let mut idle = Vec::with_capacity(config.spares);
        for _ in 0..config.spares {
            let worker = WorkerProcess::start(&config.command)
                .await
                .map_err(PoolError::Spawn)?;
            idle.push((worker, Instant::now()));
        }
        let baseline = idle.first().map_or(0, |(w, _)| resident_bytes(w.pid()));
        let pool = Arc::new(Self {
            state: Mutex::new(State {
                live: idle.len(),
                idle,
                ..State::default()
            }),
            config,
            freed: Notify::new(),
            resident: AtomicU64::new(0),
            baseline: AtomicU64::new(baseline),
            metrics,
        });
        pool.metrics.workers.set(gauge(pool.config.spares));
        tokio::spawn(supervise(Arc::downgrade(&pool)));
        Ok(pool)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Evaluates `job`, giving up at `deadline` (waiting for a worker counts too).
    pub async fn run(
        self: &Arc<Self>,
        mut job: Job,
        deadline: Instant,
    ) -> Result<Answer, PoolError> {
        let timeout = Duration::from_millis(job.timeout_ms);
        let worker = self.acquire(deadline).await?;
        let mut checked_out = CheckedOut {
            worker: Some(worker),
            pool: Arc::clone(self),
        };
        let left = deadline.saturating_duration_since(Instant::now());
        job.timeout_ms = u64::try_from(left.as_millis()).unwrap_or(u64::MAX);
        let Some(worker) = checked_out.worker.as_mut() else {
            return Err(PoolError::Spawn("no worker".into()));
        };
        let answer = tokio::time::timeout(left + KILL_GRACE, worker.ask(&job)).await;
        match answer {
            Ok(Ok(answer)) => {
                checked_out.give_back();
                Ok(answer)
            }
            Err(_) => {
                self.metrics.timeouts.inc();
                checked_out.retire("timeout");
                Err(PoolError::Timeout(timeout))
            }
            Ok(Err(_)) => Err(checked_out.died().await),
        }
    }

    /// A worker for one query: idle, new, or the next one freed before `deadline`.
    async fn acquire(self: &Arc<Self>, deadline: Instant) -> Result<WorkerProcess, PoolError> {
        let mut waiting = false;
        let result = loop {
            let notified = self.freed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            match self.try_acquire(&mut waiting) {
                Step::Idle(worker) => {
                    self.refill(1);
                    break Ok(*worker);
                }
                Step::Start => match WorkerProcess::start(&self.config.command).await {
                    Ok(worker) => {
                        self.metrics.worker_starts.inc();
                        self.check_out(worker.pid());
                        break Ok(worker);
                    }
                    Err(e) => {
                        self.state().live -= 1;
                        self.freed.notify_waiters();
                        break Err(PoolError::Spawn(e));
                    }
                },
                Step::Refuse(error) => break Err(error),
                Step::Wait => {}
            }
            if tokio::time::timeout_at(deadline.into(), notified)
                .await
                .is_err()
            {
                break Err(self.busy(&self.state()));
            }
        };
        if waiting {
            let mut state = self.state();
            state.waiting -= 1;
            self.metrics.waiting.set(gauge(state.waiting));
        }
        self.metrics.running.set(gauge(self.state().busy.len()));
        result
    }

    /// What [`Self::acquire`] can do now, decided under the lock.
    fn try_acquire(&self, waiting: &mut bool) -> Step {
        let mut state = self.state();
        if let Some((worker, _)) = state.idle.pop() {
            drop(state);
            self.check_out(worker.pid());
            return Step::Idle(Box::new(worker));
        }
        if state.live < self.config.max_workers && self.fits_one_more() {
            state.live += 1;
            return Step::Start;
        }
        if !*waiting {
            if state.waiting >= self.config.max_waiting {
                return Step::Refuse(self.busy(&state));
            }
            state.waiting += 1;
            *waiting = true;
            self.metrics.waiting.set(gauge(state.waiting));
        }
        Step::Wait
    }

    fn check_out(&self, pid: u32) {
        self.state().busy.insert(
            pid,
            Busy {
                started: Instant::now(),
                demoted: false,
            },
        );
    }

    fn busy(&self, state: &State) -> PoolError {
        PoolError::Busy {
            workers: state.live,
            waiting: state.waiting,
        }
    }

    /// Whether one more worker fits in the memory budget.
    fn fits_one_more(&self) -> bool {
        let resident = self.resident.load(Ordering::Relaxed);
        let baseline = self.baseline.load(Ordering::Relaxed);
        resident.saturating_add(baseline) <= self.config.memory_budget
    }

    /// Starts workers in the background until `target` are idle or starting: one when a query
    /// took the last idle worker (so the next query finds one ready), `--workers` when a worker
    /// was lost.
    fn refill(self: &Arc<Self>, target: usize) {
        let mut state = self.state();
        while state.idle.len() + state.refilling < target
            && state.live < self.config.max_workers
            && self.fits_one_more()
        {
            state.live += 1;
            state.refilling += 1;
            let pool = Arc::clone(self);
            tokio::spawn(async move {
                let started = WorkerProcess::start(&pool.config.command).await;
                let mut state = pool.state();
                state.refilling -= 1;
                match started {
                    Ok(worker) => {
                        pool.metrics.worker_starts.inc();
                        state.idle.push((worker, Instant::now()));
                    }
                    Err(e) => {
                        state.live -= 1;
                        tracing::warn!(target: "kyoto_kg::worker", "cannot start a query worker: {e}; will retry on the next query");
                    }
                }
                pool.metrics.workers.set(gauge(state.live));
                drop(state);
                pool.freed.notify_waiters();
            });
        }
        self.metrics.workers.set(gauge(state.live));
    }

    /// Returns a worker after its query: kept idle if the pool wants it, else retired.
    fn give_back(self: &Arc<Self>, mut worker: WorkerProcess) {
        let mut state = self.state();
        let demoted = state
            .busy
            .remove(&worker.pid())
            .is_some_and(|busy| busy.demoted);
        self.metrics.running.set(gauge(state.busy.len()));
        if demoted {
            worker.kill();
            state.live -= 1;
            tokio::spawn(async move {
                let _ = worker.death().await;
            });
            self.metrics
                .worker_deaths
                .get_or_create(&vec![("cause", "retired after demotion".to_owned())])
                .inc();
            drop(state);
            self.refill(self.config.spares);
        } else {
            state.idle.push((worker, Instant::now()));
            drop(state);
        }
        self.metrics.workers.set(gauge(self.state().live));
        self.freed.notify_waiters();
    }

    /// Forgets a worker that is gone, logging why.
    fn forget(self: &Arc<Self>, pid: u32, why: &str) -> Option<String> {
        let mut state = self.state();
        state.busy.remove(&pid);
        state.live -= 1;
        let condemned = state.condemned.remove(&pid);
        self.metrics.running.set(gauge(state.busy.len()));
        self.metrics.workers.set(gauge(state.live));
        drop(state);
        self.metrics
            .worker_deaths
            .get_or_create(&vec![("cause", why.to_owned())])
            .inc();
        self.freed.notify_waiters();
        self.refill(self.config.spares);
        condemned
    }

    /// One tick of the supervisor: demote slow queries, measure memory, keep the budget.
    fn tick(&self) {
        let mut state = self.state();
        let mut total = 0_u64;
        let mut largest: Option<(u32, u64)> = None;
        let now = Instant::now();
        self.trim_idle(&mut state, now);
        for (worker, _) in &state.idle {
            total += resident_bytes(worker.pid());
        }
        for (&pid, busy) in &mut state.busy {
            if !busy.demoted && now.duration_since(busy.started) >= self.config.slow_after {
                busy.demoted = true;
                demote(pid);
                self.metrics.demotions.inc();
            }
            let resident = resident_bytes(pid);
            total += resident;
            if largest.is_none_or(|(_, r)| resident > r) {
                largest = Some((pid, resident));
            }
        }
        self.resident.store(total, Ordering::Relaxed);
        if total > self.config.memory_budget
            && let Some((pid, resident)) = largest
            && !state.condemned.contains_key(&pid)
        {
            state.condemned.insert(
                pid,
                format!(
                    "its worker used {} MiB when the workers together passed the server's memory budget of {} MiB",
                    resident >> 20,
                    self.config.memory_budget >> 20
                ),
            );
            kill(pid);
        }
    }
}

impl Pool {
    /// Retires the idle workers beyond `spares` that have been idle for [`IDLE_TRIM`], oldest
    /// first.
    fn trim_idle(&self, state: &mut State, now: Instant) {
        while state.idle.len() > self.config.spares
            && state
                .idle
                .first()
                .is_some_and(|(_, since)| now.duration_since(*since) >= IDLE_TRIM)
        {
            let (mut worker, _) = state.idle.remove(0);
            worker.kill();
            state.live -= 1;
            self.metrics
                .worker_deaths
                .get_or_create(&vec![("cause", "idle".to_owned())])
                .inc();
            tokio::spawn(async move {
                let _ = worker.death().await;
            });
        }
        self.metrics.workers.set(gauge(state.live));
    }
}

/// Runs [`Pool::tick`] until the pool is dropped.
async fn supervise(pool: std::sync::Weak<Pool>) {
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let Some(pool) = pool.upgrade() else { return };
        pool.tick();
    }
}

/// A worker checked out for one job; if dropped without being given back (client gone), the
/// worker process is killed and a replacement started.
struct CheckedOut {
    worker: Option<WorkerProcess>,
    pool: Arc<Pool>,
}

impl CheckedOut {
    fn give_back(&mut self) {
        if let Some(worker) = self.worker.take() {
            self.pool.give_back(worker);
        }
    }

    /// Kills the worker (`why`: timeout, client gone) and logs its end.
    fn retire(&mut self, why: &'static str) {
        if let Some(mut worker) = self.worker.take() {
            worker.kill();
            let pid = worker.pid();
            tracing::info!(target: "kyoto_kg::worker", pid, "query worker stopped: {why}");
            self.pool.forget(pid, why);
            tokio::spawn(async move {
                let _ = worker.death().await;
            });
        }
    }

    /// The worker's pipe failed: learns why it died, logs it on one line, and maps it.
    async fn died(&mut self) -> PoolError {
        let Some(worker) = self.worker.take() else {
            return PoolError::WorkerDied("no worker".into());
        };
        let pid = worker.pid();
        let death = worker.death().await;
        let cause = match death {
            Death::StackOverflow => "stack overflow",
            Death::OutOfMemory => "out of memory",
            Death::Panicked(_) => "panic",
            Death::Killed => "killed",
            Death::Signal(_) | Death::Exited(_) => "other",
        };
        let condemned = self.pool.forget(pid, cause);
        tracing::warn!(target: "kyoto_kg::worker", pid, "query worker died: {}", condemned.as_deref().unwrap_or(&death.to_string()));
        match (condemned, death) {
            (Some(why), _) => PoolError::OutOfMemory(why),
            (None, Death::StackOverflow) => PoolError::TooDeep,
            (None, Death::OutOfMemory) => PoolError::OutOfMemory(format!(
                "--worker-memory is {} MiB",
                worker_memory_mib(&self.pool.config.command).unwrap_or(0)
            )),
            (None, Death::Killed) => PoolError::OutOfMemory(
                "its worker was killed, most likely by the kernel for want of memory".into(),
            ),
            (None, other) => PoolError::WorkerDied(other.to_string()),
        }
    }
}

impl Drop for CheckedOut {
    fn drop(&mut self) {
        if self.worker.is_some() {
            self.pool.metrics.abandoned.inc();
            self.retire("client gone");
        }
    }
}

fn worker_memory_mib(command: &WorkerCommand) -> Option<u64> {
    let at = command.args.iter().position(|a| a == "--memory")?;
    command.args.get(at + 1)?.parse().ok()
}

fn gauge(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The resident memory of process `pid`, in bytes (0 if unknown).
fn resident_bytes(pid: u32) -> u64 {
    #[cfg(target_os = "linux")]
    {
        let statm = std::fs::read_to_string(format!("/proc/{pid}/statm")).unwrap_or_default();
        let pages: u64 = statm
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        pages * rustix::param::page_size() as u64
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        0
    }
}

/// Drops process `pid` to the lowest CPU priority.
fn demote(pid: u32) {
    #[cfg(target_os = "linux")]
    if let Some(pid) = rustix::process::Pid::from_raw(pid.cast_signed()) {
        let _ = rustix::process::setpriority_process(Some(pid), 19);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = pid;
}

/// Sends SIGKILL to process `pid`, a worker of this server (not yet reaped, so not reused).
fn kill(pid: u32) {
    #[cfg(target_os = "linux")]
    if let Some(pid) = rustix::process::Pid::from_raw(pid.cast_signed()) {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = pid;
}
