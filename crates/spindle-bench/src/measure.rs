//! Running one engine process and measuring its wall time and peak RSS.

use std::io::{self, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// What one successful process run cost.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub wall: Duration,
    /// Peak resident set size of the process, in KiB.
    pub max_rss_kib: u64,
}

/// Runs `cmd` to completion (killing it after `timeout`) and checks that its
/// stdout shows `expected`. Any failure comes back as a short reason.
pub fn run_once(mut cmd: Command, expected: &str, timeout: Duration) -> Result<Sample, String> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let pid = child.id();
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());

    // The watchdog owns the `Child` and kills it if it outlives `timeout`;
    // this thread reaps it with `wait4` to learn its peak RSS.
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let watchdog = thread::spawn(move || {
        let timed_out = matches!(
            done_rx.recv_timeout(timeout),
            Err(mpsc::RecvTimeoutError::Timeout)
        );
        if timed_out {
            let _ = child.kill();
        }
        timed_out
    });
    let waited = wait_child(pid);
    let wall = start.elapsed();
    let _ = done_tx.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    if timed_out {
        // Do not join the output readers: a grandchild of the killed process
        // may still hold the pipes open. The readers end when it exits.
        return Err(format!("timed out after {} s", timeout.as_secs_f64()));
    }
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let (status, max_rss_kib) = waited.map_err(|e| format!("wait4 failed: {e}"))?;
    let stdout = String::from_utf8_lossy(&stdout);
    if !status.success() {
        let stderr = String::from_utf8_lossy(&stderr);
        let detail = last_line(error_message(&stderr))
            .or_else(|| last_line(&stdout))
            .map(strip_cause_number);
        return Err(match detail {
            Some(line) => format!("{status}: {line}"),
            None => status.to_string(),
        });
    }
    if !expected.is_empty() && !shows_value(&stdout, expected) {
        let got = last_line(&stdout).unwrap_or("<no output>");
        return Err(format!("wrong result: expected {expected}, got {got:?}"));
    }
    Ok(Sample { wall, max_rss_kib })
}

/// Whether `output` contains `expected` as a whole token (tokens are split
/// at anything but ASCII letters, digits, `-`, `+` and `.`), so `2178309`,
/// `[2178309]` and `run -> I32(2178309)` all match `2178309`.
pub fn shows_value(output: &str, expected: &str) -> bool {
    output
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.')))
        .flat_map(|token| {
            // Allow type-prefixed forms such as `i32:5`/`I32(5)`, and a
            // trailing full stop.
            [token, token.trim_end_matches('.')]
        })
        .any(|token| token == expected)
}

/// `stderr` without a trailing backtrace: the text before a line
/// `wasm backtrace:` (Spindle's trap report) or `Stack backtrace:` (a Rust
/// error's backtrace), so that its last line is the error message.
fn error_message(stderr: &str) -> &str {
    let mut offset = 0;
    for line in stderr.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == "wasm backtrace:" || trimmed == "Stack backtrace:" {
            return &stderr[..offset];
        }
        offset += line.len();
    }
    stderr
}

/// `line` without the number anyhow puts before each cause in an error's
/// `Caused by:` list (`2: Cannot allocate memory` -> `Cannot allocate
/// memory`), which means nothing on its own.
fn strip_cause_number(line: &str) -> &str {
    match line.split_once(": ") {
        Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => line,
    }
}

fn last_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).rev().find(|l| !l.is_empty())
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    })
}

/// Waits for child process `pid` to exit and reaps it, returning its exit
/// status and peak resident set size in KiB.
fn wait_child(pid: u32) -> io::Result<(ExitStatus, u64)> {
    let pid = libc::pid_t::try_from(pid).map_err(io::Error::other)?;
    let mut status: libc::c_int = 0;
    loop {
        // SAFETY: `libc::rusage` is a plain C struct of integers, for which
        // all-zero bytes are a valid value. `wait4` only writes through the
        // two pointers, which point to live, properly aligned locals for the
        // whole call, and it reaps only our own child `pid`.
        let (ret, usage) = unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            let ret = libc::wait4(pid, &mut status, 0, &mut usage);
            (ret, usage)
        };
        if ret == pid {
            // Linux reports ru_maxrss in KiB.
            let max_rss_kib = u64::try_from(usage.ru_maxrss).unwrap_or(0);
            return Ok((ExitStatus::from_raw(status), max_rss_kib));
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_tokens() {
        assert!(shows_value("2178309\n", "2178309"));
        assert!(shows_value("[I32(2178309)]", "2178309"));
        assert!(shows_value("run(32) -> 2178309.", "2178309"));
        assert!(shows_value("-5\n", "-5"));
        assert!(!shows_value("21783090\n", "2178309"));
        assert!(!shows_value("", "1"));
    }

    #[test]
    fn error_messages_skip_backtraces() {
        let spindle = "wasm trap: call stack exhausted\nwasm backtrace:\n    0: down @ 0x66\n";
        assert_eq!(
            last_line(error_message(spindle)),
            Some("wasm trap: call stack exhausted")
        );
        let wasmtime = "Error: failed\n\nCaused by:\n    2: Cannot allocate memory (os error 12)\n\nStack backtrace:\n   0: main\n";
        assert_eq!(
            last_line(error_message(wasmtime)),
            Some("2: Cannot allocate memory (os error 12)")
        );
        assert_eq!(last_line(error_message("boom\n")), Some("boom"));
        assert_eq!(
            strip_cause_number("2: Cannot allocate memory (os error 12)"),
            "Cannot allocate memory (os error 12)"
        );
        assert_eq!(strip_cause_number("error: 2: x"), "error: 2: x");
        assert_eq!(strip_cause_number(": x"), ": x");
    }

    #[test]
    fn runs_a_process() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo 42"]);
        let sample = run_once(cmd, "42", Duration::from_secs(10)).unwrap();
        assert!(sample.max_rss_kib > 0);

        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo 41"]);
        let err = run_once(cmd, "42", Duration::from_secs(10)).unwrap_err();
        assert!(err.contains("wrong result"), "{err}");

        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo boom >&2; exit 3"]);
        let err = run_once(cmd, "42", Duration::from_secs(10)).unwrap_err();
        assert!(
            err.contains("exit status: 3") && err.contains("boom"),
            "{err}"
        );

        // The grandchild `sleep` keeps the pipes open after `sh` is killed.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 5; echo 42"]);
        let start = Instant::now();
        let err = run_once(cmd, "42", Duration::from_millis(200)).unwrap_err();
        assert!(err.contains("timed out"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(4));

        let err = run_once(
            Command::new("/nonexistent/engine"),
            "1",
            Duration::from_secs(1),
        )
        .unwrap_err();
        assert!(err.contains("cannot start"), "{err}");
    }
}
