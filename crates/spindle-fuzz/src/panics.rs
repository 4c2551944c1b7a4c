//! Catching panics of either engine: a quiet panic hook that remembers the
//! message and location per thread, and [`catch`].

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the panic hook (once per process) with one that records the
/// message instead of printing it: the fuzzer reports panics as findings or
/// inconclusive cases itself. `SPINDLE_FUZZ_PANICS=1` prints them too.
pub fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let print = std::env::var_os("SPINDLE_FUZZ_PANICS").is_some();
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let msg = if let Some(s) = info.payload().downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                "<non-string panic payload>".to_string()
            };
            let loc = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST.with(|c| *c.borrow_mut() = Some(format!("{msg}{loc}")));
            if print {
                default(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Err(message at file:line)`.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    LAST.with(|c| *c.borrow_mut() = None);
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        LAST.with(|c| c.borrow_mut().take()).unwrap_or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into())
        })
    })
}
