//! The GC proposal's struct, `i31`, cast and conversion operators in
//! compiled code (`jit`'s docs; the interpreter's are `interp/gc.rs`).
//!
//! A struct's fields are words of the store's struct arena
//! (`JitEnv::gc_structs`), at the word offset its reference carries (`gen
//! << 32 | at << 3 | 2`, so `ref & 0xffff_fff8` is the byte offset of its
//! header): `struct.get` and `struct.set` are one load or store after a
//! null check that exits (the interpreter raises the trap). `struct.new`
//! stores its operand slots and calls `CallHooks::gc_new`, which allocates
//! unless the allocation would collect or move the arena: then compiled
//! code exits before the instruction, the frame in memory exact, and the
//! interpreter allocates and collects (so no collection ever runs inside
//! compiled code, and every reference the collector must see is in a
//! frame slot). `ref.test` and `ref.cast` call `CallHooks::gc_test`; a cast
//! that fails, or a test the heap cannot answer (a function type), exits.
//! Array operators and the rest exit.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64};
use cranelift_codegen::ir::{Block, InstBuilder, MemFlagsData, Value};

use super::{slot_flags, Lower};
use crate::ir::gc::{GcOp, STRUCT_NEW_PLAIN};
use crate::ir::{Instr, Slot};
use crate::jit::Hook;
use crate::jit::JitEnv;
use crate::values::EXTERNALIZED;
use crate::values::{struct_block_words, GEN_MASK};

/// Flags of a field access: in the arena (a live struct's block), aligned.
fn field_flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

impl Lower<'_> {
    /// Lowers the GC operators compiled code runs (see the module docs).
    pub(super) fn gc(&mut self, i: usize, instr: &Instr) -> bool {
        let (op, base, a, b) = match *instr {
            Instr::StructGet { dst, src, field } => {
                let p = self.field_addr(i, src, field);
                let v = self.b.ins().load(I64, field_flags(), p, 0);
                self.set(dst, v);
                self.next(i);
                return true;
            }
            Instr::Gc { op, base, a, b } => (op, base, a, b),
            _ => return false,
        };
        match op {
            GcOp::StructNew => {
                let plain = b & STRUCT_NEW_PLAIN != 0;
                self.struct_new(i, base, a, b & !STRUCT_NEW_PLAIN, plain)
            }
            // (The hook writes the default fields: `len` is the operands'.)
            GcOp::StructNewDefault => self.struct_new(i, base, a, 0, false),
            GcOp::StructGet | GcOp::StructGetS | GcOp::StructGetU => {
                let p = self.field_addr(i, base, a);
                let v = match (op, b) {
                    (GcOp::StructGetS, 8) => {
                        let x = self.b.ins().sload8(I32, field_flags(), p, 0);
                        self.b.ins().uextend(I64, x)
                    }
                    (GcOp::StructGetS, 16) => {
                        let x = self.b.ins().sload16(I32, field_flags(), p, 0);
                        self.b.ins().uextend(I64, x)
                    }
                    _ => self.b.ins().load(I64, field_flags(), p, 0),
                };
                self.set(base, v);
            }
            GcOp::StructSet => {
                let p = self.field_addr(i, base, a);
                let v = self.get(I64, base + 1);
                let v = match b {
                    8 => self.b.ins().band_imm_u(v, 0xff),
                    16 => self.b.ins().band_imm_u(v, 0xffff),
                    _ => v,
                };
                self.b.ins().store(field_flags(), v, p, 0);
            }
            GcOp::RefTest | GcOp::RefCast => {
                let v = self.get(I64, base);
                let env = self.env;
                let heap = self.b.ins().iconst(I32, a as i64);
                let nullable = self.b.ins().iconst(I32, (b != 0) as i64);
                let r = self.call_hook(Hook::GcTest, &[env, v, heap, nullable], I32);
                if op == GcOp::RefTest {
                    let unknown = self.b.ins().icmp_imm_s(IntCC::Equal, r, 2);
                    self.exit_if(unknown, i);
                    self.set(base, r);
                } else {
                    // A failed cast traps (the interpreter raises it); an
                    // unknown one is run by the interpreter.
                    let failed = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 1);
                    self.exit_if(failed, i);
                }
            }
            GcOp::RefI31 => {
                let v = self.get(I32, base);
                let v = self.b.ins().ishl_imm_u(v, 1);
                let v = self.b.ins().bor_imm_u(v, 1);
                self.set(base, v);
            }
            GcOp::I31GetS | GcOp::I31GetU => {
                let w = self.get(I64, base);
                let null = self.b.ins().icmp_imm_s(IntCC::Equal, w, 0);
                self.trap_if(null, i);
                let x = self.b.ins().ireduce(I32, w);
                let v = if op == GcOp::I31GetS {
                    self.b.ins().sshr_imm_u(x, 1)
                } else {
                    self.b.ins().ushr_imm_u(x, 1)
                };
                self.set(base, v);
            }
            GcOp::AnyConvertExtern => {
                // 0 stays 0; an externalized reference loses bit 63; a
                // host reference `e` becomes `e << 2`.
                let e = self.get(I64, base);
                let ext = self.b.ins().band_imm_u(e, EXTERNALIZED as i64);
                let inner = self.b.ins().band_imm_u(e, !EXTERNALIZED as i64);
                let host = self.b.ins().ishl_imm_u(e, 2);
                let v = self.b.ins().select(ext, inner, host);
                self.set(base, v);
            }
            GcOp::ExternConvertAny => {
                // 0 stays 0; a host reference (`& 3 == 0`) is `a >> 2`;
                // anything else gets bit 63.
                let a = self.get(I64, base);
                let tag = self.b.ins().band_imm_u(a, 3);
                let marked = self.b.ins().bor_imm_u(a, EXTERNALIZED as i64);
                let host = self.b.ins().ushr_imm_u(a, 2);
                let v = self.b.ins().select(tag, marked, host);
                self.set(base, v);
            }
            _ => return false,
        }
        self.next(i);
        true
    }

    /// The address of field `field` of the struct in slot `src`; exits at
    /// `i` (which traps) if it is null.
    fn field_addr(&mut self, i: usize, src: Slot, field: u32) -> Value {
        let r = self.get(I64, src);
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
        self.trap_if(null, i);
        let off = std::mem::offset_of!(JitEnv, gc_structs) as i32;
        // The arena does not move during an entry: the load may be shared.
        let flags = slot_flags().with_readonly().with_can_move();
        let arena = self.b.ins().load(self.ptr, flags, self.env, off);
        let header = self.b.ins().band_imm_u(r, 0xffff_fff8);
        let p = self.b.ins().iadd(arena, header);
        self.b.ins().iadd_imm_s(p, 8 * (1 + field as i64))
    }

    /// `struct.new` (`len` operands at `base..`) or `struct.new_default`
    /// (`len` 0) of canonical type `ty`: inline if `plain` (every field a
    /// plain word), else (and when the inline path declines) through
    /// `CallHooks::gc_new`, which reads the operands from the frame; exits
    /// at `i` when that declines too.
    fn struct_new(&mut self, i: usize, base: Slot, ty: u32, len: u32, plain: bool) {
        let join = self.b.create_block();
        let w = self.b.append_block_param(join, I64);
        if plain {
            let slow = self.b.create_block();
            let r = self.struct_new_inline(base, ty, len, slow);
            self.b.ins().jump(join, &[r.into()]);
            self.b.switch_to_block(slow);
        }
        for k in 0..len {
            let s = base + k;
            let v = self.get(I64, s);
            self.store_slot(s, v);
        }
        let env = self.env;
        let ty = self.b.ins().iconst(I32, ty as i64);
        let at = self.b.ins().iconst(I32, base as i64);
        let n = self.b.ins().iconst(I32, len as i64);
        let regs = self.regs;
        let r = self.call_hook(Hook::GcNew, &[env, ty, regs, at, n], I64);
        let declined = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
        self.exit_if(declined, i);
        self.b.ins().jump(join, &[r.into()]);
        self.b.switch_to_block(join);
        self.set(base, w);
    }

    /// The inline `struct.new` (`structs::Cursor`): the reference to a
    /// struct of type `ty` with the `len` words at `base..`, in the lowest
    /// dead block of bitmap word `dead_from` (revived as `Structs::revive`
    /// does, with the next generation), or a jump to `slow` when there is
    /// none, when it held a struct of another type (so maybe another
    /// length), or when the allocation would reach the collection trigger.
    fn struct_new_inline(&mut self, base: Slot, ty: u32, len: u32, slow: Block) -> Value {
        let o = self.gc_alloc;
        let ptr = self.ptr;
        // The heap and the arena do not move during an entry.
        let fixed = slot_flags().with_readonly().with_can_move();
        let heap_off = std::mem::offset_of!(JitEnv, gc_heap) as i32;
        let heap = self.b.ins().load(ptr, fixed, self.env, heap_off);
        let state = slot_flags();
        let words = struct_block_words(len as usize) as i64;
        let allocated = self.b.ins().load(ptr, state, heap, o.allocated);
        let allocated = self.b.ins().iadd_imm_s(allocated, 8 * words);
        let trigger = self.b.ins().load(ptr, state, heap, o.next_collection);
        self.slow_unless_below(allocated, trigger, slow);
        let from = self.b.ins().load(ptr, state, heap, o.dead_from);
        let dead_len = self.b.ins().load(ptr, state, heap, o.dead_len);
        self.slow_unless_below(from, dead_len, slow);
        let dead = self.b.ins().load(ptr, state, heap, o.dead_bits);
        let k = self.b.ins().ishl_imm_u(from, 3);
        let q = self.b.ins().iadd(dead, k);
        let bits = self.b.ins().load(I64, state, q, 0);
        let none = self.b.ins().icmp_imm_s(IntCC::Equal, bits, 0);
        self.or_slow(none, slow);
        // The block: its header is still the dead struct's `gen << 32 | ty`.
        let tz = self.b.ins().ctz(bits);
        let first = self.b.ins().ishl_imm_u(from, 6);
        let at = self.b.ins().iadd(first, tz);
        let arena_off = std::mem::offset_of!(JitEnv, gc_structs) as i32;
        let arena = self.b.ins().load(ptr, fixed, self.env, arena_off);
        let off = self.b.ins().ishl_imm_u(at, 3);
        let p = self.b.ins().iadd(arena, off);
        let h = self.b.ins().load(I64, field_flags(), p, 0);
        let dead_ty = self.b.ins().band_imm_u(h, 0xffff_ffff);
        let other = self.b.ins().icmp_imm_s(IntCC::NotEqual, dead_ty, ty as i64);
        self.or_slow(other, slow);
        let rest = self.b.ins().iadd_imm_s(bits, -1);
        let rest = self.b.ins().band(bits, rest);
        self.b.ins().store(state, rest, q, 0);
        let gen = self.b.ins().ushr_imm_u(h, 32);
        let wraps =
            self.b
                .ins()
                .icmp_imm_u(IntCC::UnsignedGreaterThanOrEqual, gen, GEN_MASK as i64);
        let one = self.b.ins().iconst(I64, 1);
        let next = self.b.ins().iadd_imm_s(gen, 1);
        let gen = self.b.ins().select(wraps, one, next);
        let gen = self.b.ins().ishl_imm_u(gen, 32);
        let header = self.b.ins().bor_imm_u(gen, ty as i64);
        self.b.ins().store(field_flags(), header, p, 0);
        for f in 0..len {
            let v = self.get(I64, base + f);
            self.b.ins().store(field_flags(), v, p, 8 * (1 + f as i32));
        }
        // Its live bit, the live count, the bytes allocated.
        let live_bits = self.b.ins().load(ptr, state, heap, o.live_bits);
        let word = self.b.ins().ushr_imm_u(at, 6);
        let word = self.b.ins().ishl_imm_u(word, 3);
        let lq = self.b.ins().iadd(live_bits, word);
        let old = self.b.ins().load(I64, state, lq, 0);
        // (`ishl` shifts by `at % 64`.)
        let bit = self.b.ins().ishl(one, at);
        let new = self.b.ins().bor(old, bit);
        self.b.ins().store(state, new, lq, 0);
        let live = self.b.ins().load(ptr, state, heap, o.live);
        let live = self.b.ins().iadd_imm_s(live, 1);
        self.b.ins().store(state, live, heap, o.live);
        self.b.ins().store(state, allocated, heap, o.allocated);
        let index = self.b.ins().bor_imm_u(off, 2);
        self.b.ins().bor(gen, index)
    }

    /// Continues in a new block when `a < b` (unsigned), at `slow`
    /// otherwise.
    fn slow_unless_below(&mut self, a: Value, b: Value, slow: Block) {
        let at_least = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, a, b);
        self.or_slow(at_least, slow);
    }

    /// Continues in a new block when `cond` is 0, at `slow` otherwise.
    fn or_slow(&mut self, cond: Value, slow: Block) {
        let ok = self.b.create_block();
        self.b.ins().brif(cond, slow, &[], ok, &[]);
        self.b.switch_to_block(ok);
    }
}
