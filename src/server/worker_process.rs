//! One query worker process: starting it, asking it a job, and learning why it died.
//!
//! A worker is the same binary started as `kyoto-kg __worker` (see [`super::evaluate`]); the
//! server talks to it over its stdin and stdout ([`super::wire`]) and reads its stderr. Its
//! stderr is never passed through to the server's log as it is: a worker that overflows its
//! stack, runs out of memory or panics prints a message (and, with `RUST_BACKTRACE`, a
//! backtrace); the server keeps the last lines and turns them into one [`Death`], which is
//! logged on one line and decides the HTTP answer (a stack overflow is the client's query being
//! too deeply nested: 400; memory: 503).

use super::wire::{self, Job, Reply};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::task::JoinHandle;

/// How long a new worker may take to load its store.
pub const STARTUP_LIMIT: Duration = Duration::from_secs(120);
/// The environment of a child process that limits its own address space once its store is
/// loaded (a query worker, and the child of `query --memory`), so that the limit counts what
/// its queries use:
/// - no backtraces: the parent reads the child's last lines of stderr as the cause of death;
/// - mimalloc (the binary's allocator, src/main.rs) reserves address space 32 MiB at a time
///   instead of 1 GiB: a query could otherwise grow within a gigabyte reserved before the
///   limit, past the limit and unchecked;
/// - one glibc malloc arena: little but the C library itself allocates there, yet each thread
///   that does would reserve an arena of 64 MiB of address space (three were half of a
///   worker's address space before any query).
pub const LIMITED_CHILD_ENVIRONMENT: [(&str, &str); 4] = [
    ("RUST_BACKTRACE", "0"),
    ("RUST_LIB_BACKTRACE", "0"),
    ("MIMALLOC_ARENA_RESERVE", "32MiB"),
    ("MALLOC_ARENA_MAX", "1"),
];
/// How many of its last stderr lines are kept per worker.
const TAIL_LINES: usize = 16;
/// Stderr lines are cut to this many bytes.
const LINE_BYTES: usize = 1024;

/// How to start a worker: the program and its arguments.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    /// The executable (the running `kyoto-kg`).
    pub program: PathBuf,
    /// Its arguments (`--data DIR __worker ...`).
    pub args: Vec<String>,
}

/// Why a worker process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Death {
    /// Its stack overflowed: the query is nested too deeply for it.
    StackOverflow,
    /// An allocation failed at its memory limit (`--worker-memory`).
    OutOfMemory,
    /// It panicked: a bug; the message's first line.
    Panicked(String),
    /// It was killed with SIGKILL (by the server, or by the kernel's OOM killer).
    Killed,
    /// Another signal.
    Signal(i32),
    /// It exited (its exit code, if any).
    Exited(Option<i32>),
}

impl std::fmt::Display for Death {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::StackOverflow => f.write_str("stack overflow (query nested too deeply)"),
            Self::OutOfMemory => f.write_str("out of memory (--worker-memory)"),
            Self::Panicked(message) => write!(f, "panicked: {message}"),
            Self::Killed => f.write_str("killed (SIGKILL)"),
            Self::Signal(signal) => write!(f, "killed by signal {signal}"),
            Self::Exited(Some(code)) => write!(f, "exited with status {code}"),
            Self::Exited(None) => f.write_str("exited"),
        }
    }
}

/// The last lines a worker wrote to stderr.
type Tail = Arc<Mutex<VecDeque<String>>>;

/// A running worker and its pipes.
#[derive(Debug)]
pub struct WorkerProcess {
    child: Child,
    pid: u32,
    stdin: ChildStdin,
    stdout: ChildStdout,
    tail: Tail,
    stderr: Option<JoinHandle<()>>,
}

impl WorkerProcess {
    /// Starts a worker and waits until it has loaded its store.
    pub async fn start(command: &WorkerCommand) -> Result<Self, String> {
        let mut command_line = Command::new(&command.program);
        // A process group of its own: Ctrl-C in the terminal reaches the server, which lets
        // in-flight queries finish, and not the workers evaluating them.
        #[cfg(unix)]
        command_line.process_group(0);
        let mut child = command_line
            .args(&command.args)
            .envs(LIMITED_CHILD_ENVIRONMENT)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("{}: {e}", command.program.display()))?;
        let pid = child.id().unwrap_or(0);
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err("the worker's pipes are missing".into());
        };
        let tail = Tail::default();
        let stderr = tokio::spawn(keep_tail(pid, stderr, Arc::clone(&tail)));
        let mut worker = Self {
            child,
            pid,
            stdin,
            stdout,
            tail,
            stderr: Some(stderr),
        };
        let ready =
            match tokio::time::timeout(STARTUP_LIMIT, wire::read_frame_async(&mut worker.stdout))
                .await
            {
                Err(_) => return Err("the worker did not become ready in time".into()),
                Ok(Err(_)) => {
                    let (death, error) = worker.death_and_error().await;
                    return Err(match error {
                        // Its own account, e.g. that its memory limit is below what it
                        // already uses.
                        Some(error) => format!("the worker died while starting: {death}: {error}"),
                        None => format!("the worker died while starting: {death}"),
                    });
                }
                Ok(Ok(frame)) => frame,
            };
        match wire::decode::<Reply>(&ready) {
            Ok(Reply::Ready) => Ok(worker),
            other => Err(format!("unexpected first message: {other:?}")),
        }
    }

    /// The worker's process id.
    pub const fn pid(&self) -> u32 {
        self.pid
    }

    /// Sends `job` and reads the reply and, for an answer sent inline, its body.
    pub async fn ask(&mut self, job: &Job) -> std::io::Result<(Reply, Option<Vec<u8>>)> {
        wire::write_frame_async(&mut self.stdin, &wire::encode(job)?).await?;
        let reply: Reply = wire::decode(&wire::read_frame_async(&mut self.stdout).await?)?;
        let body = match reply {
            Reply::Done { spooled: false, .. } => {
                Some(wire::read_frame_async(&mut self.stdout).await?)
            }
            _ => None,
        };
        Ok((reply, body))
    }

    /// Kills the worker (SIGKILL) without waiting.
    pub fn kill(&mut self) {
        let _ = self.child.start_kill();
    }

    /// Waits for the worker to end (killing it if it has not within a second) and tells why.
    pub async fn death(self) -> Death {
        self.death_and_error().await.0
    }

    /// [`WorkerProcess::death`], with the error the worker reported last on its stderr, if it
    /// reported one (`error: ...`, as the command line reports errors).
    async fn death_and_error(mut self) -> (Death, Option<String>) {
        let status = match tokio::time::timeout(Duration::from_secs(1), self.child.wait()).await {
            Ok(status) => status.ok(),
            Err(_) => {
                self.kill();
                self.child.wait().await.ok()
            }
        };
        if let Some(stderr) = self.stderr.take() {
            let _ = tokio::time::timeout(Duration::from_secs(1), stderr).await;
        }
        let tail: Vec<String> = self
            .tail
            .lock()
            .map(|t| t.iter().cloned().collect())
            .unwrap_or_default();
        let error = tail
            .iter()
            .rev()
            .find_map(|line| line.strip_prefix("error: "))
            .map(str::to_owned);
        (classify(status, &tail), error)
    }
}

/// Reads a worker's stderr to its end, keeping the last lines and passing each to the debug
/// log.
async fn keep_tail(pid: u32, stderr: tokio::process::ChildStderr, tail: Tail) {
    let mut lines = BufReader::new(stderr).lines();
    while let Ok(Some(mut line)) = lines.next_line().await {
        if line.len() > LINE_BYTES {
            let mut cut = LINE_BYTES;
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            line.truncate(cut);
        }
        tracing::debug!(target: "kyoto_kg::worker", pid, "{line}");
        if let Ok(mut tail) = tail.lock() {
            if tail.len() == TAIL_LINES {
                tail.pop_front();
            }
            tail.push_back(line);
        }
    }
}

/// Why a worker ended, from its exit status and the last lines of its stderr.
pub fn classify(status: Option<std::process::ExitStatus>, tail: &[String]) -> Death {
    let said = |needle: &str| tail.iter().any(|line| line.contains(needle));
    if said("has overflowed its stack") {
        return Death::StackOverflow;
    }
    if said("memory allocation of") || said("out of memory") || said("Cannot allocate memory") {
        return Death::OutOfMemory;
    }
    if let Some(line) = tail.iter().find(|line| line.contains("panicked at")) {
        // "thread 'x' panicked at src/file.rs:1:2:" is followed by the message on the next line.
        let at = tail.iter().position(|l| l == line).unwrap_or(0);
        let message = tail.get(at + 1).map_or(line.as_str(), String::as_str);
        let mut message = message.trim().to_owned();
        message.truncate(message.floor_char_boundary(200));
        return Death::Panicked(message);
    }
    #[cfg(unix)]
    if let Some(signal) = status.and_then(|s| std::os::unix::process::ExitStatusExt::signal(&s)) {
        return if signal == 9 {
            Death::Killed
        } else {
            Death::Signal(signal)
        };
    }
    Death::Exited(status.and_then(|s| s.code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn a_stack_overflow_is_told_from_an_allocation_failure_and_a_panic() {
        assert_eq!(
            classify(
                None,
                &lines(
                    "\nthread 'query' (12) has overflowed its stack\nfatal runtime error: stack overflow, aborting"
                )
            ),
            Death::StackOverflow
        );
        assert_eq!(
            classify(None, &lines("memory allocation of 1048576 bytes failed")),
            Death::OutOfMemory
        );
        assert_eq!(
            classify(
                None,
                &lines(
                    "thread 'main' panicked at src/x.rs:1:2:\nindex out of bounds\nnote: run with `RUST_BACKTRACE=1`"
                )
            ),
            Death::Panicked("index out of bounds".into())
        );
        assert_eq!(classify(None, &[]), Death::Exited(None));
    }
}
