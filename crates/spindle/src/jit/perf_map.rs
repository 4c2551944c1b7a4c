//! `perf`'s map of compiled code (`Config::profiler` with
//! `ProfilingStrategy::PerfMap`): a line `START SIZE NAME` in
//! `/tmp/perf-PID.map` for each function's code as it is mapped, so that
//! `perf report` names the samples in compiled code.

use std::io::Write;
use std::sync::Mutex;

/// The open map file of this process.
#[derive(Debug)]
pub(crate) struct PerfMap {
    file: Mutex<std::fs::File>,
}

impl PerfMap {
    /// Opens (or creates) `/tmp/perf-PID.map` for appending: where `perf`
    /// looks for it, whatever the temporary directory.
    pub(crate) fn open() -> std::io::Result<PerfMap> {
        let path = format!("/tmp/perf-{}.map", std::process::id());
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(PerfMap {
            file: Mutex::new(file),
        })
    }

    /// Records `len` bytes of code at `start` as `name` (control characters
    /// in it, which would break the line, become `?`). A failed write is
    /// ignored: the map only names samples.
    pub(crate) fn record(&self, start: usize, len: usize, name: &str) {
        let name: String = name
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        let line = format!("{start:x} {len:x} {name}\n");
        if let Ok(mut f) = self.file.lock() {
            let _ = f.write_all(line.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_name_code_and_escape_control_characters() {
        let map = PerfMap::open().unwrap();
        map.record(0x1000, 0x20, "wasm[3]::f\nx");
        let path = format!("/tmp/perf-{}.map", std::process::id());
        let text = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(text.lines().any(|l| l == "1000 20 wasm[3]::f?x"), "{text}");
    }
}
