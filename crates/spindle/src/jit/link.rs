//! Compiled code as bytes that name no address of this process, and its
//! linking into executable memory. A call of a helper (a `CallHooks` hook,
//! or the shim of a numeric instruction) is a relocation naming the helper
//! by what it is (`Target`), so that the same bytes can be linked in
//! another process (`code_cache`).

use std::sync::Arc;

use super::shims::{shim, Shim};
use super::{CallHooks, CodeMemory};
use crate::module::FuncCode;

/// A `CallHooks` function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hook {
    Resolve,
    Init,
    GcNew,
    GcTest,
    Switch,
    SimdUnary,
    SimdBinary,
    SimdTernary,
    MemoryCopy,
    MemoryFill,
    ResolveLocal,
    EnvFor,
}

impl Hook {
    /// Every hook, by its number (`Target::encode`).
    const ALL: [Hook; 12] = [
        Hook::Resolve,
        Hook::Init,
        Hook::GcNew,
        Hook::GcTest,
        Hook::Switch,
        Hook::SimdUnary,
        Hook::SimdBinary,
        Hook::SimdTernary,
        Hook::MemoryCopy,
        Hook::MemoryFill,
        Hook::ResolveLocal,
        Hook::EnvFor,
    ];

    fn address(self, hooks: &CallHooks) -> usize {
        match self {
            Hook::Resolve => hooks.resolve,
            Hook::Init => hooks.init,
            Hook::GcNew => hooks.gc_new,
            Hook::GcTest => hooks.gc_test,
            Hook::Switch => hooks.switch,
            Hook::SimdUnary => hooks.simd_unary,
            Hook::SimdBinary => hooks.simd_binary,
            Hook::SimdTernary => hooks.simd_ternary,
            Hook::MemoryCopy => hooks.memory_copy,
            Hook::MemoryFill => hooks.memory_fill,
            Hook::ResolveLocal => hooks.resolve_local,
            Hook::EnvFor => hooks.env_for,
        }
    }
}

/// What a call in compiled code calls, or an address it passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Hook(Hook),
    /// The address of the function's own `FuncCode` (which outlives its
    /// compiled code), for `CallHooks::switch`.
    Code,
    /// The helper of instruction `instr`'s `Shim`: its check (`ok`, of a
    /// `Shim::Trapping`) or its function.
    Shim {
        instr: u32,
        ok: bool,
    },
}

impl Target {
    /// `(kind, number)`: kind 0 a hook (its place in `Hook::ALL`), 1 a
    /// shim's function, 2 a shim's check (the number is the instruction),
    /// 3 the function's code (number 0).
    pub(crate) fn encode(self) -> (u8, u32) {
        match self {
            Target::Hook(h) => (
                0,
                Hook::ALL.iter().position(|&x| x == h).unwrap_or(0) as u32,
            ),
            Target::Shim { instr, ok } => (1 + u8::from(ok), instr),
            Target::Code => (3, 0),
        }
    }

    pub(crate) fn decode(kind: u8, n: u32) -> Option<Target> {
        match kind {
            0 => Hook::ALL.get(n as usize).map(|&h| Target::Hook(h)),
            1 | 2 => Some(Target::Shim {
                instr: n,
                ok: kind == 2,
            }),
            3 if n == 0 => Some(Target::Code),
            _ => None,
        }
    }

    /// The helper's address in this process, for `code`'s compiled code;
    /// `None` if `code` has no such helper (a stale cache entry).
    fn address(self, code: &FuncCode, hooks: &CallHooks) -> Option<usize> {
        match self {
            Target::Hook(h) => Some(h.address(hooks)),
            Target::Shim { instr, ok } => match (shim(code.instrs.get(instr as usize)?)?, ok) {
                (Shim::Pure { f, .. }, false) | (Shim::Trapping { f, .. }, false) => Some(f),
                (Shim::Trapping { ok, .. }, true) => Some(ok),
                (Shim::Pure { .. }, true) => None,
            },
            Target::Code => Some(std::ptr::from_ref(code) as usize),
        }
    }
}

/// A function's machine code before linking: the bytes, with a zero at
/// each relocation (an 8-byte absolute address).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Artifact {
    pub bytes: Box<[u8]>,
    pub relocs: Box<[(u32, Target)]>,
}

/// A compiled function: its machine code in executable memory (entered
/// through `CodeMemory::run_entry`, the one call into compiled code, in
/// `run_top`, or by compiled code's native calls), and the artifact it was
/// linked from (for the cache).
pub(crate) struct Compiled {
    pub code: CodeMemory,
    pub artifact: Arc<Artifact>,
}

impl std::ops::Deref for Compiled {
    type Target = CodeMemory;
    fn deref(&self) -> &CodeMemory {
        &self.code
    }
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.code.fmt(f)
    }
}

/// Links `artifact`, the code of `code`, with this process's helpers:
/// writes each relocation's address and maps the bytes executable. `None`
/// when a relocation is out of range or names no helper of `code`.
pub(crate) fn link(
    artifact: Arc<Artifact>,
    code: &FuncCode,
    hooks: &CallHooks,
) -> Option<Compiled> {
    let mut bytes = artifact.bytes.to_vec();
    for &(offset, target) in &*artifact.relocs {
        let at = offset as usize;
        let address = target.address(code, hooks)? as u64;
        bytes
            .get_mut(at..at + 8)?
            .copy_from_slice(&address.to_le_bytes());
    }
    Some(Compiled {
        code: CodeMemory::new(&bytes)?,
        artifact,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_through_their_encoding() {
        let all = Hook::ALL.iter().map(|&h| Target::Hook(h)).chain([
            Target::Code,
            Target::Shim {
                instr: 7,
                ok: false,
            },
            Target::Shim {
                instr: 70_000,
                ok: true,
            },
        ]);
        for t in all {
            let (kind, n) = t.encode();
            assert_eq!(Target::decode(kind, n), Some(t));
        }
        assert_eq!(Target::decode(0, Hook::ALL.len() as u32), None);
        assert_eq!(Target::decode(3, 1), None);
        assert_eq!(Target::decode(4, 0), None);
    }
}
