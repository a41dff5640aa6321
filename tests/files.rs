//! Every file the CLI writes is written safely (issue 14, part 6): regular files are replaced
//! atomically keeping their mode, owner and hard links; symbolic links are followed; FIFOs,
//! devices and descriptors are written through; temporary files never outlive a failure, a
//! signal or, by the next run, a `kill -9`.
//!
//! Everything happens in temporary directories. Devices are only made inside a private mount
//! namespace with its own tmpfs `/dev`: no test touches the machine's `/dev/null`.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

mod support;

use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt, symlink};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::project_dir;
use support::run::kyoto;

const BIN: &str = env!("CARGO_BIN_EXE_kyoto-kg");

/// The shipped graph as N-Triples, as `export` writes it to standard output.
fn expected_export() -> String {
    kyoto(&["export", "--format", "ntriples"]).ok()
}

/// `kyoto-kg export --format ntriples -o PATH`, which must succeed.
fn export_to(path: &Path) {
    kyoto(&[
        "export",
        "--format",
        "ntriples",
        "-o",
        path.to_str().unwrap(),
    ])
    .ok();
}

/// The names in `dir` that are temporary files or directories of kyoto-kg.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".kyoto-kg-"))
        .collect()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo works");
}

#[test]
fn an_export_into_a_fifo_reaches_its_reader_and_the_fifo_stays_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let (sender, received) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || sender.send(fs::read(&fifo).unwrap()));
    }
    let run = kyoto(&[
        "export",
        "--format",
        "ntriples",
        "-o",
        fifo.to_str().unwrap(),
    ]);
    run.ok();
    // Had the FIFO been replaced, the reader would wait for a writer forever: a bound on the
    // wait turns that into a failure instead of a hang (not a timing assertion).
    let read = received
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the reader of the FIFO got the export");
    let read = String::from_utf8(read).unwrap();
    assert_eq!(read, expected_export(), "the reader got the whole export");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn an_export_through_a_symlink_replaces_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    let target = dir.path().join("real/graph.nt");
    fs::write(&target, "stale content\n").unwrap();
    let link = dir.path().join("graph.nt");
    symlink("real/graph.nt", &link).unwrap();
    export_to(&link);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("real/graph.nt"));
    assert_eq!(fs::read_to_string(&target).unwrap(), expected_export());
    assert!(leftovers(dir.path()).is_empty() && leftovers(&dir.path().join("real")).is_empty());
}

#[test]
fn chains_of_relative_links_are_followed_and_a_dangling_link_creates_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    fs::create_dir_all(&a).unwrap();
    fs::create_dir_all(&b).unwrap();
    let target = b.join("graph.nt");
    fs::write(&target, "stale content\n").unwrap();
    // a/first -> second -> ../b/graph.nt
    symlink("second", a.join("first")).unwrap();
    symlink("../b/graph.nt", a.join("second")).unwrap();
    export_to(&a.join("first"));
    assert_eq!(fs::read_to_string(&target).unwrap(), expected_export());
    for link in ["first", "second"] {
        assert!(fs::symlink_metadata(a.join(link)).unwrap().is_symlink());
    }

    let dangling = dir.path().join("dangling");
    symlink("b/new.nt", &dangling).unwrap();
    export_to(&dangling);
    assert!(fs::symlink_metadata(&dangling).unwrap().is_symlink());
    assert_eq!(
        fs::read_to_string(b.join("new.nt")).unwrap(),
        expected_export()
    );
}

#[test]
fn a_replaced_file_keeps_its_mode_and_a_new_file_gets_the_mode_of_a_plain_create() {
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("private.nt");
    fs::write(&private, "old").unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
    export_to(&private);
    assert_eq!(fs::metadata(&private).unwrap().mode() & 0o7777, 0o600);
    assert_eq!(fs::read_to_string(&private).unwrap(), expected_export());

    let plain = dir.path().join("plain");
    fs::File::create(&plain).unwrap();
    let new = dir.path().join("new.nt");
    export_to(&new);
    assert_eq!(
        fs::metadata(&new).unwrap().mode() & 0o7777,
        fs::metadata(&plain).unwrap().mode() & 0o7777
    );
}

#[test]
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn a_file_written_as_root_keeps_its_owner_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("theirs.nt");
    fs::write(&file, "old").unwrap();
    if std::os::unix::fs::chown(&file, Some(4242), Some(4343)).is_err() {
        eprintln!(
            "skipped: changing a file's owner needs root, and this test does not run as root"
        );
        return;
    }
    export_to(&file);
    let metadata = fs::metadata(&file).unwrap();
    assert_eq!((metadata.uid(), metadata.gid()), (4242, 4343));
    assert_eq!(fs::read_to_string(&file).unwrap(), expected_export());
}

#[test]
fn a_hard_linked_file_is_rewritten_in_place_and_stays_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("graph.nt");
    let other = dir.path().join("also.nt");
    fs::write(
        &file,
        "old content that is longer than nothing\n".repeat(10_000),
    )
    .unwrap();
    fs::hard_link(&file, &other).unwrap();
    let inode = fs::metadata(&file).unwrap().ino();
    export_to(&file);
    let (a, b) = (fs::metadata(&file).unwrap(), fs::metadata(&other).unwrap());
    assert_eq!((a.ino(), b.ino(), a.nlink()), (inode, inode, 2));
    assert_eq!(fs::read_to_string(&other).unwrap(), expected_export());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn writing_to_dev_stdout_goes_to_the_descriptor_and_honours_an_appending_redirection() {
    let run = kyoto(&["export", "--format", "ntriples", "-o", "/dev/stdout"]);
    assert_eq!(run.ok(), expected_export());

    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    fs::write(&log, "first line\n").unwrap();
    for (path, redirect) in [("/dev/stdout", ">>"), ("/dev/fd/3", "3>>")] {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "\"$0\" export --format ntriples -o {path} {redirect} \"$1\""
            ))
            .arg(BIN)
            .arg(&log)
            .current_dir(project_dir())
            .status()
            .unwrap();
        assert!(status.success(), "{path}");
    }
    let expected = format!("first line\n{}{}", expected_export(), expected_export());
    assert_eq!(fs::read_to_string(&log).unwrap(), expected);
}

#[test]
fn a_descriptor_kyoto_kg_was_not_given_is_refused() {
    let run = kyoto(&["export", "-o", "/dev/fd/87"]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["descriptor 87 is not open"]);
}

#[test]
fn a_directory_is_refused_as_an_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = kyoto(&["export", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(run.code(), Some(2), "{}", run.transcript());
    run.stderr_has(&["is a directory"]);
    assert!(leftovers(dir.path().parent().unwrap()).is_empty());
}

#[test]
fn a_temporary_file_left_by_a_dead_writer_is_removed_by_the_next_write_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    // No process has this id: the kernel's maximum is 4194304.
    let stale = dir.path().join(".graph.nt.kyoto-kg-99999999-a1b2c3.tmp");
    fs::write(&stale, "half an export").unwrap();
    let live = dir.path().join(format!(
        ".graph.nt.kyoto-kg-{}-a1b2c3.tmp",
        std::process::id()
    ));
    fs::write(&live, "another writer's work").unwrap();
    export_to(&dir.path().join("graph.nt"));
    assert!(!stale.exists(), "the dead writer's file is removed");
    assert!(live.exists(), "a running writer's file is kept");
}

/// A `generate` of the largest scale into `out`, stopped while its staging directory is
/// being filled: returns the child, still running, once that directory exists.
fn generating(out: &Path) -> std::process::Child {
    let mut child = Command::new(BIN)
        .args(["generate", "--scale", "100000000", "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let parent = out.parent().unwrap();
    for _ in 0..6000 {
        if leftovers(parent).iter().any(|n| n.ends_with(".new")) {
            return child;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("generate ended early with {status}");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap();
    panic!("generate never created its staging directory");
}

fn signal(child: &std::process::Child, name: &str) {
    let sent = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

#[test]
fn sigint_and_sigterm_during_a_write_remove_the_staging_directory() {
    for (name, number) in [("INT", 2), ("TERM", 15)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("generated");
        let mut child = generating(&out);
        signal(&child, name);
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(number), "SIG{name}: {status}");
        assert!(leftovers(dir.path()).is_empty(), "SIG{name}");
        assert!(!out.exists(), "SIG{name}");
    }
}

#[test]
fn what_kill_9_leaves_behind_is_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    let mut child = generating(&out);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(leftovers(dir.path()).len(), 1, "kill -9 leaves the staging");
    let run = kyoto(&[
        "generate",
        "--scale",
        "5000",
        "--out",
        out.to_str().unwrap(),
    ]);
    run.ok();
    assert!(leftovers(dir.path()).is_empty());
    assert!(out.join("GENERATED.txt").is_file());
}

/// Runs `script` as root in a private mount namespace with a tmpfs `/dev`; `None` (with the
/// reason printed) where such a namespace cannot be made.
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn in_private_dev(script: &str) -> Option<std::process::Output> {
    let probe = Command::new("unshare")
        .args(["-m", "--propagation", "private", "true"])
        .output();
    match probe {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            eprintln!(
                "skipped: unshare -m is not permitted here: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return None;
        }
        Err(e) => {
            eprintln!("skipped: unshare cannot run: {e}");
            return None;
        }
    }
    let output = Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c"])
        .arg(format!("mount -t tmpfs tmpfs /dev && {script}"))
        .arg(BIN)
        .current_dir(project_dir())
        .output()
        .unwrap();
    Some(output)
}

#[test]
fn a_character_device_is_written_through_and_stays_a_device() {
    let Some(output) = in_private_dev(
        "mknod -m 666 /dev/null c 1 3 && \"$0\" export -o /dev/null && test -c /dev/null && echo still-a-device",
    ) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("still-a-device"),
        "{output:?}"
    );
}

/// The paths under a tmpfs `/dev` stay out of the real one: the check that the test above ran
/// where it claims.
#[test]
fn the_private_dev_is_private() {
    let Some(output) =
        in_private_dev("touch /dev/kyoto-kg-private && test -f /dev/kyoto-kg-private")
    else {
        return;
    };
    assert!(output.status.success(), "{output:?}");
    assert!(!PathBuf::from("/dev/kyoto-kg-private").exists());
}
