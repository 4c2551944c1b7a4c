//! Executable memory for compiled functions: the only place that maps
//! memory executable and turns its bytes into a callable function, and the
//! call into it (`run_entry`).

use super::JitEnv;

/// A compiled function's entry: `(regs, env, pc, nested, func) -> pc` (see
/// `jit`'s docs).
type EntryFn = unsafe extern "C" fn(*mut u64, *mut JitEnv, u32, u32, u32) -> u32;

/// One function's machine code, in its own read-only executable mapping.
pub(crate) struct CodeMemory {
    ptr: *mut core::ffi::c_void,
    len: usize,
}

// SAFETY: the mapping is immutable after `new` (read + execute only) and
// owned by this value; sharing the pointer between threads is sound.
unsafe impl Send for CodeMemory {}
// SAFETY: as above; nothing mutates it through `&self`.
unsafe impl Sync for CodeMemory {}

impl CodeMemory {
    /// Copies `code` into a fresh mapping and makes it executable.
    #[cfg(unix)]
    pub(crate) fn new(code: &[u8]) -> Option<CodeMemory> {
        use rustix::mm::{mmap_anonymous, mprotect, MapFlags, MprotectFlags, ProtFlags};
        let page = rustix::param::page_size();
        let len = code.len().max(1).div_ceil(page) * page;
        // SAFETY: a fresh private anonymous mapping at an address the kernel
        // picks; it aliases nothing.
        let ptr = unsafe {
            mmap_anonymous(
                std::ptr::null_mut(),
                len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::PRIVATE,
            )
        }
        .ok()?;
        let mem = CodeMemory { ptr, len };
        // SAFETY: the mapping is `len >= code.len()` bytes, readable and
        // writable, and not yet shared with anything.
        unsafe { std::ptr::copy_nonoverlapping(code.as_ptr(), ptr.cast::<u8>(), code.len()) };
        // SAFETY: `ptr..ptr + len` is exactly our mapping; after this no one
        // writes to it again.
        unsafe { mprotect(ptr, len, MprotectFlags::READ | MprotectFlags::EXEC) }.ok()?;
        Some(mem)
    }

    #[cfg(not(unix))]
    pub(crate) fn new(_code: &[u8]) -> Option<CodeMemory> {
        None
    }

    /// Runs a function's frame from `pc` in the code whose entry is at
    /// `entry`; returns the `pc` of the instruction the interpreter must
    /// run next, or one of `jit`'s outcomes (`RETURNED`...).
    ///
    /// # Safety
    /// `entry` is the `entry()` of a `CodeMemory` alive until this returns,
    /// holding the function's code; `regs` points to the frame's slot 0
    /// with at least the function's `max_slots` slots after it, and `env`
    /// describes this frame's instance: `mem0_base..mem0_base + mem0_len`
    /// are memory 0's bytes, `budget` the store's budget,
    /// `globals`/`inst_globals` the store's globals and the instance's
    /// indices, all valid and not otherwise accessed until this returns;
    /// `nested` is twice the number of frames below the frame (an
    /// outermost entry's is even) and `func` its store function, which the
    /// code writes into frame records.
    #[inline(always)]
    pub(crate) unsafe fn run_entry(
        entry: usize,
        regs: *mut u64,
        env: *mut JitEnv,
        pc: u32,
        nested: u32,
        func: u32,
    ) -> u32 {
        // SAFETY: `entry` is the start of a live mapping of code that
        // Cranelift compiled for the host with exactly `EntryFn`'s
        // signature (`lower::compile`), starting at offset 0.
        let entry = unsafe { std::mem::transmute::<usize, EntryFn>(entry) };
        // SAFETY: the code was compiled from this function's code with the
        // slot and env layout above (`lower`), and the caller guarantees
        // that `regs` and `env` fit it.
        unsafe { entry(regs, env, pc, nested, func) }
    }

    /// The address of the code's entry (an `EntryFn`), for compiled code's
    /// native calls (`CallHooks::resolve`). Valid while `self` lives.
    pub(crate) fn entry(&self) -> usize {
        self.ptr as usize
    }
}

impl std::fmt::Debug for CodeMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CodeMemory({} bytes)", self.len)
    }
}

impl Drop for CodeMemory {
    fn drop(&mut self) {
        #[cfg(unix)]
        // SAFETY: our own mapping, unmapped once; no entry pointer outlives
        // `self` (see `entry`).
        unsafe {
            let _ = rustix::mm::munmap(self.ptr, self.len);
        }
    }
}
