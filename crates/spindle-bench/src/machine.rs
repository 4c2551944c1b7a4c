//! What the report says about the machine and the software that ran it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

/// The machine a report was produced on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Machine {
    /// `model name` from `/proc/cpuinfo`.
    pub cpu: Option<String>,
    /// Logical CPUs (`processor` entries in `/proc/cpuinfo`).
    pub cpus: Option<usize>,
    /// CPUs this process may run on (`available_parallelism`).
    pub usable_cpus: Option<usize>,
    /// `MemTotal` from `/proc/meminfo`, in KiB.
    pub mem_total_kib: Option<u64>,
    /// `PRETTY_NAME` from `/etc/os-release`.
    pub os: Option<String>,
    /// The kernel release (`/proc/sys/kernel/osrelease`).
    pub kernel: Option<String>,
    /// `rustc --version`.
    pub rustc: Option<String>,
}

impl Machine {
    /// Reads what can be read on this machine; anything unreadable is `None`.
    pub fn detect(repo: &Path) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let (cpu, cpus) = parse_cpuinfo(&cpuinfo);
        Machine {
            cpu,
            cpus,
            usable_cpus: std::thread::available_parallelism().ok().map(usize::from),
            mem_total_kib: std::fs::read_to_string("/proc/meminfo")
                .ok()
                .and_then(|text| parse_meminfo(&text)),
            os: std::fs::read_to_string("/etc/os-release")
                .ok()
                .and_then(|text| parse_os_release(&text)),
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .ok()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            rustc: first_line_of(Command::new("rustc").arg("--version").current_dir(repo)),
        }
    }
}

/// The CPU model and the number of logical CPUs in `/proc/cpuinfo` text.
pub fn parse_cpuinfo(text: &str) -> (Option<String>, Option<usize>) {
    let mut model = None;
    let mut count = 0;
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        match key.trim() {
            "processor" => count += 1,
            // x86 says `model name`; some other architectures say `Model`
            // or `cpu model`.
            "model name" | "Model" | "cpu model" if model.is_none() => {
                let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
                if !value.is_empty() {
                    model = Some(value);
                }
            }
            _ => {}
        }
    }
    (model, (count > 0).then_some(count))
}

/// `MemTotal` in KiB from `/proc/meminfo` text.
pub fn parse_meminfo(text: &str) -> Option<u64> {
    text.lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
}

/// `PRETTY_NAME` (or `NAME` and `VERSION`) from `/etc/os-release` text.
pub fn parse_os_release(text: &str) -> Option<String> {
    let field = |name: &str| {
        text.lines().find_map(|line| {
            let value = line.strip_prefix(name)?.strip_prefix('=')?;
            let value = value.trim().trim_matches('"').trim_matches('\'').trim();
            (!value.is_empty()).then(|| value.to_string())
        })
    };
    field("PRETTY_NAME").or_else(|| match (field("NAME"), field("VERSION")) {
        (Some(name), Some(version)) => Some(format!("{name} {version}")),
        (name, _) => name,
    })
}

/// The 1-, 5- and 15-minute load averages from `/proc/loadavg`.
pub fn load_average() -> Option<[f64; 3]> {
    parse_loadavg(&std::fs::read_to_string("/proc/loadavg").ok()?)
}

/// The three load averages in `/proc/loadavg` text.
pub fn parse_loadavg(text: &str) -> Option<[f64; 3]> {
    let mut fields = text.split_whitespace().map(str::parse::<f64>);
    Some([
        fields.next()?.ok()?,
        fields.next()?.ok()?,
        fields.next()?.ok()?,
    ])
}

/// The commit checked out in `repo`, as `abbreviated-hash (date)`, and
/// where tracked files outside `docs/` have uncommitted changes (the report
/// itself lives in `docs/`, so regenerating it does not count).
pub fn git_commit(repo: &Path) -> Option<String> {
    let git = |args: &[&str]| {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(repo).args(args);
        cmd
    };
    let head = first_line_of(&mut git(&["log", "-1", "--format=%h (%cs)"]))?;
    let status = git(&[
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        ".",
        ":(exclude)docs",
    ])
    .stdin(Stdio::null())
    .stderr(Stdio::null())
    .output()
    .ok()
    .filter(|out| out.status.success())
    .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
    .unwrap_or_default();
    let dirty = changed_areas(&status);
    Some(if dirty.is_empty() {
        head
    } else {
        format!("{head}, with uncommitted changes in {}", dirty.join(", "))
    })
}

/// The areas (a crate directory, or else the top-level entry) that `git
/// status --porcelain` output shows changes in, in order of appearance.
pub fn changed_areas(porcelain: &str) -> Vec<String> {
    let mut areas: Vec<String> = Vec::new();
    for line in porcelain.lines() {
        let Some(path) = line.get(3..) else {
            continue;
        };
        // A rename shows as `old -> new`.
        let path = path.rsplit(" -> ").next().unwrap_or(path).trim_matches('"');
        let mut parts = path.split('/');
        let first = parts.next().unwrap_or_default();
        let area = match (first, parts.next()) {
            ("crates", Some(krate)) => format!("crates/{krate}"),
            _ => first.to_string(),
        };
        if !area.is_empty() && !areas.contains(&area) {
            areas.push(area);
        }
    }
    areas
}

/// The first non-empty line `cmd` prints on stdout, if it succeeds.
fn first_line_of(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
}

/// The current time as `YYYY-MM-DD HH:MM UTC`.
pub fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_utc(secs)
}

/// Seconds since the Unix epoch as `YYYY-MM-DD HH:MM UTC`.
pub fn format_utc(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// The proleptic Gregorian date `days` days after 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m as u32, d as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpuinfo() {
        let text = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R)  CPU @ 2.80GHz\n\n\
                    processor\t: 1\nmodel name\t: Intel(R) Xeon(R)  CPU @ 2.80GHz\n";
        assert_eq!(
            parse_cpuinfo(text),
            (Some("Intel(R) Xeon(R) CPU @ 2.80GHz".to_string()), Some(2))
        );
        assert_eq!(parse_cpuinfo(""), (None, None));
    }

    #[test]
    fn meminfo_os_release_loadavg() {
        assert_eq!(
            parse_meminfo("MemTotal:       24582160 kB\nMemFree: 1 kB\n"),
            Some(24_582_160)
        );
        assert_eq!(parse_meminfo("MemFree: 1 kB\n"), None);
        assert_eq!(
            parse_os_release(
                "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\n"
            ),
            Some("Debian GNU/Linux 13 (trixie)".to_string())
        );
        assert_eq!(
            parse_os_release("NAME=Alpine\nVERSION=3.20\n"),
            Some("Alpine 3.20".to_string())
        );
        assert_eq!(
            parse_loadavg("1.51 1.97 1.99 3/200 1234\n"),
            Some([1.51, 1.97, 1.99])
        );
        assert_eq!(parse_loadavg("x"), None);
    }

    #[test]
    fn git_status_areas() {
        let status = " M Cargo.lock\n M crates/spindle-bench/src/lib.rs\nM  crates/spindle-bench/Cargo.toml\nR  crates/a/x.rs -> crates/b/x.rs\n M README.md\n";
        assert_eq!(
            changed_areas(status),
            [
                "Cargo.lock",
                "crates/spindle-bench",
                "crates/b",
                "README.md"
            ]
        );
        assert!(changed_areas("").is_empty());
    }

    #[test]
    fn dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_767_225_599), "2025-12-31 23:59 UTC");
        assert_eq!(format_utc(1_709_164_800 + 3_723), "2024-02-29 01:02 UTC");
    }
}
