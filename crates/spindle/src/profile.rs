//! Sampling for guest profilers: the stacks of running Wasm code, read at
//! the interpreter's `Tick` checks (function entries and loop headers).
//!
//! A profiler installs a hook with [`Store::set_sampler`] and raises the
//! returned [`SampleHandle`] from another thread, typically a timer. While
//! a sampler is installed, every `Tick` looks at that flag (instead of only
//! every 65,536th one, as for interrupts and fuel), so a sample lands at
//! the first call or loop iteration after the timer fired, not at a fixed
//! stride of the code that could alias with its loops. When the flag is
//! up, the hook gets the current backtrace (innermost first, across the
//! whole chain of continuations, as in a trap's backtrace) and the code
//! goes on. Nothing changes for code that runs without a sampler.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::interp::Activation;
use crate::store::{Store, StoreOpaque};
use crate::trap::{FrameInfo, TrapCode};

/// What a sampler calls with each sample's backtrace.
type Hook = dyn FnMut(&[FrameInfo]) + Send;

/// A store's sampling hook.
pub(crate) struct Sampler {
    flag: Arc<AtomicBool>,
    hook: Box<Hook>,
    /// Backtrace entries (after folding repeated frames) per sample.
    max_entries: usize,
    /// A xorshift state for the strides between looks at `flag`
    /// (`refuel`).
    rng: u64,
}

/// Asks a store's sampler for a sample, from any thread. See
/// [`Store::set_sampler`].
#[derive(Debug, Clone)]
pub struct SampleHandle {
    flag: Arc<AtomicBool>,
}

impl SampleHandle {
    /// The running (or next) Wasm code of the store calls its sampling hook
    /// at its next look at the flag (within about a thousand calls and loop
    /// iterations), then goes on.
    pub fn sample(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }
}

impl<T> Store<T> {
    /// Installs a sampling hook for a guest profiler (needs
    /// [`crate::Config::interruptible`]): whenever the returned handle's
    /// [`SampleHandle::sample`] has been called, the running Wasm code calls
    /// `hook` with its backtrace at its next look at the flag, then goes on.
    /// It looks at the first call or loop iteration after this, then after
    /// a random stride of 1 to 2,048 of them each time (random, so that the
    /// looks do not fall in step with a loop; seldom, so that compiled code
    /// keeps running). The backtrace is innermost first and spans the current
    /// chain of continuations, each stack's first frame marked with
    /// [`FrameInfo::continuation_boundary`]; a run of identical frames is
    /// one entry ([`FrameInfo::repeat`]), and past `max_entries` entries a
    /// last one counts the frames left out. Time spent in host functions
    /// is seen at the first call or loop iteration after they return.
    ///
    /// ```
    /// use spindle::{Config, Engine, Linker, Module, Store};
    /// use std::sync::{Arc, Mutex};
    /// let mut config = Config::new();
    /// config.interruptible(true);
    /// let engine = Engine::new(&config);
    /// let module = Module::new(&engine, r#"(module
    ///   (func $leaf (export "leaf"))
    ///   (func (export "main") (call $leaf)))"#)?;
    /// let mut store = Store::new(&engine, ());
    /// let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = seen.clone();
    /// let handle = store.set_sampler(64, move |bt| {
    ///     let names = bt.iter().map(|f| f.func_name.clone().unwrap_or_default());
    ///     log.lock().unwrap().push(names.collect::<Vec<_>>());
    /// })?;
    /// handle.sample();
    /// instance.get_typed_func::<(), (), _>(&mut store, "main")?.call(&mut store, ())?;
    /// // The first check is `main`'s entry.
    /// assert_eq!(seen.lock().unwrap()[0], ["main"]);
    /// # Ok::<(), anyhow::Error>(())
    /// ```
    pub fn set_sampler(
        &mut self,
        max_entries: usize,
        hook: impl FnMut(&[FrameInfo]) + Send + 'static,
    ) -> anyhow::Result<SampleHandle> {
        if !self.opaque.engine.inner.config.interruptible {
            anyhow::bail!("sampling needs Config::interruptible(true)");
        }
        let flag = Arc::new(AtomicBool::new(false));
        self.opaque.sampler = Some(Box::new(Sampler {
            flag: flag.clone(),
            hook: Box::new(hook),
            max_entries: max_entries.max(1),
            rng: 0x9e37_79b9_7f4a_7c15,
        }));
        // Whatever the interpreter holds counts as fuel: hand it back, so
        // that the next `Tick` looks at the flag.
        if let Some(f) = &mut self.opaque.fuel {
            *f += self.opaque.budget;
        }
        self.opaque.budget = 0;
        Ok(SampleHandle { flag })
    }

    /// Removes the sampling hook (checks go back from about every 1,024th
    /// `Tick` to every 65,536th).
    pub fn clear_sampler(&mut self) {
        self.opaque.sampler = None;
    }
}

/// `Tick`s between two looks at a sampler's flag, on average: few enough
/// that a sample is taken microseconds after it is due, many enough that
/// compiled code, which leaves at a `Tick` whose budget ran out, rarely
/// leaves (looking at every `Tick`, `c_state` entered compiled code 40
/// million times and ran 5x slower under `--profile`).
const SAMPLE_STRIDE: u64 = 1024;

/// The interpreter's budget of `Tick`s ran out: [`crate::store::refuel`],
/// and with a sampler, keep a budget of a random stride between 1 and
/// `2 * SAMPLE_STRIDE` `Tick`s (the rest goes back to the fuel), after
/// which the flag is looked at again: random, so that the looks cannot
/// fall in step with a loop and put every sample at the same place in it.
/// `Ok(true)`: a sample is due; this `Tick`'s unit is then already
/// consumed, and the caller saves its pc and calls [`sample`].
#[inline]
pub(crate) fn refuel(
    budget: &mut u64,
    fuel: &mut Option<u64>,
    interrupt: &AtomicBool,
    sampler: &mut Option<Box<Sampler>>,
) -> Result<bool, TrapCode> {
    crate::store::refuel(budget, fuel, interrupt)?;
    let Some(sampler) = sampler else {
        return Ok(false);
    };
    let mut x = sampler.rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    sampler.rng = x;
    // `refuel` left at least one unit.
    let keep = (*budget).min(1 + (x >> 32) % (2 * SAMPLE_STRIDE));
    if let Some(f) = fuel {
        *f += *budget - keep;
    }
    *budget = keep;
    let due = sampler.flag.swap(false, Ordering::Relaxed);
    if due {
        *budget -= 1;
    }
    Ok(due)
}

/// Calls the sampler's hook with the current backtrace (the top frame's pc
/// saved).
#[cold]
#[inline(never)]
pub(crate) fn sample(s: &mut StoreOpaque, act: &Activation) {
    let Some(mut sampler) = s.sampler.take() else {
        return;
    };
    let bt = crate::interp::backtrace_limited(s, act, sampler.max_entries);
    (sampler.hook)(&bt);
    // (The hook cannot reach the store, so nothing replaced the sampler.)
    s.sampler = Some(sampler);
}
