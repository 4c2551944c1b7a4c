//! The interpreter's internal code: a compact three-address form.
//!
//! Every function body is translated once (see `translate`) into a
//! `Vec<Instr>`. Because Wasm's operand-stack height is known statically at
//! every instruction, each operand-stack entry lives in a fixed *slot* of the
//! frame: slot `i` is `locals[i]` for `i < num_locals`, then come the
//! function's constant slots (`FuncCode::consts`), and stack entry `p` is
//! slot `stack_base + p` above them (`stack_base = num_locals +
//! consts.len()`). Instructions name their operands and result
//! by slot (relative to the frame pointer), so nothing is pushed or popped at
//! run time. Branch targets are absolute instruction indices.
//!
//! Calls pass arguments in place: the caller puts them in consecutive slots
//! starting at `base`, and the callee's frame starts at `caller_fp + base`,
//! so the arguments become the callee's first locals without copying. The
//! callee leaves its results in its slots `0..n`, which are the caller's
//! `base..base+n`.
//!
//! The numeric variants of `Instr` are generated from the lists of
//! `for_each_numeric!` (`ir/numeric.rs`, by `define_instr`), which also
//! drive the translator and the interpreter, so the three stay in step.
//! (The fused float chains of `for_each_float_chain!` are written out
//! here, with their own docs.)

/// A frame-relative slot index.
pub type Slot = u32;

pub mod fused_loads;
pub mod gc;
pub mod memory64;
mod numeric;
pub(crate) mod simd;
pub(crate) use simd::{
    inline_v128_binary, inline_v128_shift, LaneKind, V128BinOp, V128LoadOp, V128ShiftOp,
    V128SplatOp, V128TernOp, V128TestOp, V128UnOp,
};
mod try_region;
pub use try_region::{Catch, TryRegion};

pub(crate) use numeric::{for_each_float_chain, for_each_int_chain, for_each_numeric};

/// Defines `Instr`: the variants written here (`prefix`, `middle`,
/// `suffix`), and one variant per entry of the `for_each_numeric!` lists,
/// in the order the interpreter's `match` was tuned with (the
/// compare-and-branch group after `prefix`, the other groups after
/// `middle`, then `suffix`: variants added there leave the others' codes,
/// and their arms at the end of `execute`'s `match` the others' code
/// layout, as they were; mandelbrot ran 14% slower with the inline `v128`
/// variants in `middle`).
macro_rules! define_instr {
    ([{ $($prefix:tt)* } { $($middle:tt)* } { $($suffix:tt)* }]
     binop { $( ($bn:ident, $bo:ident, $($b:tt)*) ),* $(,)? }
     trapping_binop { $( ($tbn:ident, $tbo:ident, $($tb:tt)*) ),* $(,)? }
     unop { $( ($un:ident, $uo:ident, $($u:tt)*) ),* $(,)? }
     trapping_unop { $( ($tun:ident, $tuo:ident, $($tu:tt)*) ),* $(,)? }
     load { $( ($ln:ident, $lo:ident, $($l:tt)*) ),* $(,)? }
     cmp_branch { $( ($cn:ident, $co:ident, $($c:tt)*) ),* $(,)? }
     store { $( ($sn:ident, $so:ident, $($s:tt)*) ),* $(,)? }
     binop_imm { $( ($bin:ident, $bio:ident, $($bi:tt)*) ),* $(,)? }
     cmp_branch_imm { $( ($cin:ident, $cio:ident, $($ci:tt)*) ),* $(,)? }
    ) => {
        /// One instruction of the internal code (see the module docs).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Instr {
            $($prefix)*
            $(
                #[doc = concat!("Jump to `target` if `", stringify!($co), "` of `a` and `b` holds.")]
                $cn { a: Slot, b: Slot, target: u32 },
            )*
            $($middle)*
            $(
                #[doc = concat!("`dst = ", stringify!($bo), "(a, b)`.")]
                $bn { dst: Slot, a: Slot, b: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($tbo), "(a, b)`, or a trap.")]
                $tbn { dst: Slot, a: Slot, b: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($uo), "(src)`.")]
                $un { dst: Slot, src: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($tuo), "(src)`, or a trap.")]
                $tun { dst: Slot, src: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($lo), "` from memory 0 at `addr + offset` (other memories: `LoadMem`).")]
                $ln { dst: Slot, addr: Slot, offset: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($so), "` of `value` to memory 0 at `addr + offset` (other memories: `StoreMem`).")]
                $sn { addr: Slot, value: Slot, offset: u32 },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($bio), "(a, imm)` (an `i64` operator's `imm` sign-extended).")]
                $bin { dst: Slot, a: Slot, imm: i32 },
            )*
            $(
                #[doc = concat!("Jump to `target` if `", stringify!($cio), "` of `a` holds.")]
                $cin { a: Slot, imm: i32, target: u32 },
            )*
            $($suffix)*
        }
    };
}

for_each_numeric!((define_instr), {
        /// Trap with `unreachable`.
        Unreachable,
        /// Counts one unit against the store's budget (fuel and interrupt
        /// checks); emitted at function entry and loop headers only when the
        /// engine is configured to consume fuel or to be interruptible.
        Tick,
        /// Jump to `target`.
        Br {
            target: u32,
        },
        /// Jump to `target` if `cond` (i32) is not zero.
        BrIfNez {
            cond: Slot,
            target: u32,
        },
        /// Jump to `target` if `cond` (i32) is zero.
        BrIfEqz {
            cond: Slot,
            target: u32,
        },
        /// Jump to `target` if `i32.and` of `a` and `b` is not zero (a bit
        /// test: `br_if` on an `i32.and`).
        BrIfI32AndNez {
            a: Slot,
            b: Slot,
            target: u32,
        },
        /// Jump to `target` if `i32.and` of `a` and `b` is zero (`if` on an
        /// `i32.and`).
        BrIfI32AndEqz {
            a: Slot,
            b: Slot,
            target: u32,
        },
        /// `BrIfI32AndNez` with a constant `b`.
        BrIfI32AndImmNez {
            a: Slot,
            imm: i32,
            target: u32,
        },
        /// `BrIfI32AndEqz` with a constant `b`.
        BrIfI32AndImmEqz {
            a: Slot,
            imm: i32,
            target: u32,
        },
        /// Jump to the `index`-th of the `len + 1` `Br` instructions that follow
        /// (the last is the default).
        BrTable {
            index: Slot,
            len: u32,
        },
        /// `slots[dst] = slots[src]`.
        Copy {
            dst: Slot,
            src: Slot,
        },
        /// Copy `n` consecutive slots (the ranges may overlap).
        CopyN {
            dst: Slot,
            src: Slot,
            n: u32,
        },
        /// A 32-bit constant (zero-extended).
        Const32 {
            dst: Slot,
            value: u32,
        },
        /// A 64-bit constant.
        Const64 {
            dst: Slot,
            lo: u32,
            hi: u32,
        },
        /// `dst = cond ? a : b`.
        Select {
            dst: Slot,
            cond: Slot,
            a: Slot,
            b: Slot,
        },
        /// Return from the function; the results are in slots `0..n`.
        Return,
        /// Return one result, copied from `src` to slot 0 first.
        Return1 {
            src: Slot,
        },
        /// Call module function `func`; arguments and results at `base..`.
        Call {
            func: u32,
            base: Slot,
        },
        /// `call_indirect`: function `table[slots[index]]` must match `ty`.
        CallIndirect {
            table: u32,
            ty: u32,
            index: Slot,
            base: Slot,
        },
        /// `call_ref`: call the function reference in `func_ref`.
        CallRef {
            func_ref: Slot,
            base: Slot,
        },
        /// Tail calls: arguments are already in slots `0..n` of this frame.
        ReturnCall {
            func: u32,
        },
        ReturnCallIndirect {
            table: u32,
            ty: u32,
            index: Slot,
        },
        ReturnCallRef {
            func_ref: Slot,
        },
        RefIsNull {
            dst: Slot,
            src: Slot,
        },
        RefFunc {
            dst: Slot,
            func: u32,
        },
        /// `struct.get` of a field that is not packed: `dst` = field `field`
        /// of the struct in `src` (traps `null structure reference`). The
        /// GC operator most programs run most, so it is not an `Instr::Gc`:
        /// it reads its operand where it is and costs one load.
        StructGet {
            dst: Slot,
            src: Slot,
            field: u32,
        },
        /// Trap if `src` is null.
        RefAsNonNull {
            src: Slot,
        },
        BrOnNull {
            src: Slot,
            target: u32,
        },
        BrOnNonNull {
            src: Slot,
            target: u32,
        },
        RefEq {
            dst: Slot,
            a: Slot,
            b: Slot,
        },
        GlobalGet {
            dst: Slot,
            global: u32,
        },
        GlobalSet {
            src: Slot,
            global: u32,
        },
        TableGet {
            dst: Slot,
            table: u32,
            index: Slot,
        },
        TableSet {
            table: u32,
            index: Slot,
            value: Slot,
        },
        TableSize {
            dst: Slot,
            table: u32,
        },
        /// Operands `init, delta` at `base`, result at `base`.
        TableGrow {
            table: u32,
            base: Slot,
        },
        /// Operands `index, value, len` at `base`.
        TableFill {
            table: u32,
            base: Slot,
        },
        /// Operands `dst, src, len` at `base`.
        TableCopy {
            dst_table: u32,
            src_table: u32,
            base: Slot,
        },
        /// Operands `dst, src, len` at `base`.
        TableInit {
            table: u32,
            elem: u32,
            base: Slot,
        },
        ElemDrop {
            elem: u32,
        },
        MemorySize {
            dst: Slot,
            mem: u32,
        },
        MemoryGrow {
            dst: Slot,
            delta: Slot,
            mem: u32,
        },
        /// Operands `dst, value, len` at `base`.
        MemoryFill {
            mem: u32,
            base: Slot,
        },
        /// Operands `dst, src, len` at `base`.
        MemoryCopy {
            dst_mem: u32,
            src_mem: u32,
            base: Slot,
        },
        /// Operands `dst, src, len` at `base`.
        MemoryInit {
            mem: u32,
            data: u32,
            base: Slot,
        },
        DataDrop {
            data: u32,
        },
        /// The end of a legacy catch handler that holds its exception in
        /// slot `src`: releases the hold (freeing the exception if nothing
        /// else holds or exposed it).
        ExnRelease {
            src: Slot,
        },
        /// A load from a 64-bit memory at the full `i64` address in `addr`
        /// plus `offset` (see `ir/memory64.rs`): `op` packs the `LoadKind`
        /// and the memory index (`memory64::pack_op`).
        Load64 {
            dst: Slot,
            addr: Slot,
            offset: u32,
            op: u32,
        },
        /// A store to a 64-bit memory; `op` packs the `StoreKind` and the
        /// memory index.
        Store64 {
            addr: Slot,
            value: Slot,
            offset: u32,
            op: u32,
        },
        /// `dst = addr + (hi << 32 | lo)`, or `u64::MAX` (out of bounds for
        /// every access) if that overflows: the address of a memory64 access
        /// whose offset does not fit 32 bits, which then has offset 0.
        AddrOffset64 {
            dst: Slot,
            addr: Slot,
            lo: u32,
            hi: u32,
        },
        /// A `v128` access to a 64-bit memory at the full `i64` address in
        /// `addr` plus `offset`; `op` packs the `V128Access` (what it does
        /// with the vector in `val`) and the memory index
        /// (`memory64::pack_op`).
        V128Access64 {
            val: Slot,
            addr: Slot,
            offset: u32,
            op: u32,
        },
        /// Throw an exception of module tag `tag` with payload at `base..`.
        Throw {
            tag: u32,
            base: Slot,
        },
        ThrowRef {
            src: Slot,
        },
        /// `cont.new`: continuation from the function reference in `src`.
        ContNew {
            dst: Slot,
            src: Slot,
        },
        /// `cont.bind`: bind `n` arguments at `base..` to the continuation in
        /// slot `base + n`; the new continuation goes to `base`.
        ContBind {
            base: Slot,
            n: u32,
        },
        /// `resume` of the continuation in slot `cont` with the arguments at
        /// `base..`; `handlers` indexes the function's resume tables.
        Resume {
            base: Slot,
            nargs: u32,
            handlers: u32,
            cont: Slot,
        },
        /// `resume_throw`: raise module tag `tag` (payload at `base..`) at the
        /// continuation's suspension point; continuation in the slot after it.
        ResumeThrow {
            base: Slot,
            tag: u32,
            handlers: u32,
        },
        /// `resume_throw_ref`: exnref at `base`, continuation at `base + 1`.
        ResumeThrowRef {
            base: Slot,
            handlers: u32,
        },
        /// `suspend` with module tag `tag`, its `n` payload values at `base..`;
        /// the values of the next resume go to `res..`.
        Suspend {
            tag: u32,
            base: Slot,
            n: u32,
            res: Slot,
        },
        /// `switch` to the continuation in slot `cont`, with args at `base..`;
        /// the values of the next resume go to `res..`. `packed` holds the
        /// module tag index and the argument count (see `pack_switch`).
        Switch {
            packed: u32,
            base: Slot,
            cont: Slot,
            res: Slot,
        },
        // The `v128` families. A `v128` takes two slots, `s` (low half, lanes
        // 0..8 bytes) and `s + 1`; the lane operations are in `crate::simd`.
        /// `dst` = the function's `v128_consts[idx]`.
        V128Const {
            dst: Slot,
            idx: u32,
        },
        V128Unary {
            op: V128UnOp,
            dst: Slot,
            a: Slot,
        },
        V128Binary {
            op: V128BinOp,
            dst: Slot,
            a: Slot,
            b: Slot,
        },
        /// The first operand is in `dst`, which receives the result.
        V128Ternary {
            op: V128TernOp,
            dst: Slot,
            b: Slot,
            c: Slot,
        },
        /// `v128 -> i32` (one slot).
        V128Test {
            op: V128TestOp,
            dst: Slot,
            a: Slot,
        },
        /// Scalar `a` in every lane.
        V128Splat {
            op: V128SplatOp,
            dst: Slot,
            a: Slot,
        },
        /// Lane shift of `a` by the `i32` in `b`.
        V128Shift {
            op: V128ShiftOp,
            dst: Slot,
            a: Slot,
            b: Slot,
        },
        /// Scalar `dst` = lane `lane` of `a`.
        V128Extract {
            kind: LaneKind,
            lane: u8,
            dst: Slot,
            a: Slot,
        },
        /// `dst` = `a` with lane `lane` replaced by scalar `b`.
        V128Replace {
            kind: LaneKind,
            lane: u8,
            dst: Slot,
            a: Slot,
            b: Slot,
        },
        /// `i8x16.shuffle` of `a` and `b` by the lane indices in the
        /// function's `v128_consts[mask]`.
        V128Shuffle {
            dst: Slot,
            a: Slot,
            b: Slot,
            mask: u32,
        },
        /// `select` of two `v128`s.
        V128Select {
            dst: Slot,
            cond: Slot,
            a: Slot,
            b: Slot,
        },
        V128GlobalGet {
            dst: Slot,
            global: u32,
        },
        V128GlobalSet {
            src: Slot,
            global: u32,
        },
        /// `v128.load` (16 bytes).
        V128Load {
            dst: Slot,
            addr: Slot,
            offset: u32,
            mem: u32,
        },
        /// The other `v128.load*` forms (extend, splat, zero).
        V128LoadExt {
            op: V128LoadOp,
            dst: Slot,
            addr: Slot,
            offset: u32,
            mem: u32,
        },
        V128Store {
            addr: Slot,
            value: Slot,
            offset: u32,
            mem: u32,
        },
        /// `v128.loadN_lane`: address at `base`, vector at `base + 1`, result
        /// at `base`; `bytes` is N / 8.
        V128LoadLane {
            bytes: u8,
            lane: u8,
            base: Slot,
            offset: u32,
            mem: u32,
        },
        /// `v128.storeN_lane`: address at `base`, vector at `base + 1`.
        V128StoreLane {
            bytes: u8,
            lane: u8,
            base: Slot,
            offset: u32,
            mem: u32,
        },
        /// The only instruction of a function not yet translated
        /// (`module/code.rs`): translate it, then run it from its start.
        Translate,
        /// A GC-proposal operator (`ir/gc.rs`): operands at `base..`,
        /// result at `base`, immediates `a` and `b` as `op` says.
        Gc {
            op: gc::GcOp,
            base: Slot,
            a: u32,
            b: u32,
        },
}, {
        /// `dst = a + imm` (also `i32.sub` by a constant).
        I32AddImm {
            dst: Slot,
            a: Slot,
            imm: u32,
        },
        I64AddImm {
            dst: Slot,
            a: Slot,
            imm: u32,
        },
        /// `dst = (a + b) + c` in f32 (see `for_each_float_chain`).
        F32AddAdd {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a + b) - c` in f32 (see `for_each_float_chain`).
        F32AddSub {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a + b) * c` in f32 (see `for_each_float_chain`).
        F32AddMul {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a - b) + c` in f32 (see `for_each_float_chain`).
        F32SubAdd {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a - b) - c` in f32 (see `for_each_float_chain`).
        F32SubSub {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a - b) * c` in f32 (see `for_each_float_chain`).
        F32SubMul {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a * b) + c` in f32 (see `for_each_float_chain`).
        F32MulAdd {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a * b) - c` in f32 (see `for_each_float_chain`).
        F32MulSub {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a * b) * c` in f32 (see `for_each_float_chain`).
        F32MulMul {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a + b) + c` in f64 (see `for_each_float_chain`).
        F64AddAdd {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a + b) - c` in f64 (see `for_each_float_chain`).
        F64AddSub {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a + b) * c` in f64 (see `for_each_float_chain`).
        F64AddMul {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a - b) + c` in f64 (see `for_each_float_chain`).
        F64SubAdd {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a - b) - c` in f64 (see `for_each_float_chain`).
        F64SubSub {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a - b) * c` in f64 (see `for_each_float_chain`).
        F64SubMul {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a * b) + c` in f64 (see `for_each_float_chain`).
        F64MulAdd {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a * b) - c` in f64 (see `for_each_float_chain`).
        F64MulSub {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// `dst = (a * b) * c` in f64 (see `for_each_float_chain`).
        F64MulMul {
            dst: Slot,
            a: Slot,
            b: Slot,
            c: Slot,
        },
        /// A counted loop's step and test: `dst = dst + imm` (i32), then jump
        /// to `target` if `dst < b` (unsigned). Made from an `I32AddImm` and
        /// the compare-and-branch after it, which stays in place (a branch may
        /// land on it): when the jump is not taken, execution continues after
        /// that instruction.
        I32AddImmBrIfLtU {
            dst: Slot,
            imm: u32,
            b: Slot,
            target: u32,
        },
        /// As `I32AddImmBrIfLtU`, signed.
        I32AddImmBrIfLtS {
            dst: Slot,
            imm: u32,
            b: Slot,
            target: u32,
        },
        /// As `I32AddImmBrIfLtU`, testing `dst != b`.
        I32AddImmBrIfNe {
            dst: Slot,
            imm: u32,
            b: Slot,
            target: u32,
        },
        /// A strided loop's step and test: `dst = dst + step` (i32, `step` a
        /// slot), then jump to `target` if `dst < b` (unsigned); made and run
        /// like `I32AddImmBrIfLtU`.
        I32AddBrIfLtU {
            dst: Slot,
            step: Slot,
            b: Slot,
            target: u32,
        },
        /// As `I32AddBrIfLtU`, signed.
        I32AddBrIfLtS {
            dst: Slot,
            step: Slot,
            b: Slot,
            target: u32,
        },
}, {
        // The `v128` operators run inline (`crate::simd::inline`), each a
        // variant of its own (`inline_v128_binary`, `inline_v128_shift`);
        // operands as in `V128Binary` and `V128Shift`. Last, so that the
        // other variants keep their codes and `execute` their places.
        F32x4Add { dst: Slot, a: Slot, b: Slot },
        F32x4Sub { dst: Slot, a: Slot, b: Slot },
        F32x4Mul { dst: Slot, a: Slot, b: Slot },
        F64x2Add { dst: Slot, a: Slot, b: Slot },
        F64x2Mul { dst: Slot, a: Slot, b: Slot },
        I8x16Add { dst: Slot, a: Slot, b: Slot },
        I8x16Sub { dst: Slot, a: Slot, b: Slot },
        I16x8Add { dst: Slot, a: Slot, b: Slot },
        I16x8Sub { dst: Slot, a: Slot, b: Slot },
        I16x8Mul { dst: Slot, a: Slot, b: Slot },
        I32x4Add { dst: Slot, a: Slot, b: Slot },
        I32x4Sub { dst: Slot, a: Slot, b: Slot },
        I32x4DotI16x8S { dst: Slot, a: Slot, b: Slot },
        V128And { dst: Slot, a: Slot, b: Slot },
        V128Or { dst: Slot, a: Slot, b: Slot },
        V128Xor { dst: Slot, a: Slot, b: Slot },
        I16x8Shl { dst: Slot, a: Slot, b: Slot },
        I16x8ShrS { dst: Slot, a: Slot, b: Slot },
        I16x8ShrU { dst: Slot, a: Slot, b: Slot },
        I32x4Shl { dst: Slot, a: Slot, b: Slot },
        I32x4ShrS { dst: Slot, a: Slot, b: Slot },
        I32x4ShrU { dst: Slot, a: Slot, b: Slot },
        /// A load from a 32-bit memory other than memory 0 (memory 0's
        /// have a variant each: they are the common case and carry no
        /// memory index): `op` packs the `LoadKind` and the memory index as
        /// in `Load64` (`memory64::pack_op`); the address is `addr`'s `i32`.
        LoadMem {
            dst: Slot,
            addr: Slot,
            offset: u32,
            op: u32,
        },
        /// A store to a 32-bit memory other than memory 0; `op` packs the
        /// `StoreKind` and the memory index.
        StoreMem {
            addr: Slot,
            value: Slot,
            offset: u32,
            op: u32,
        },
        // The fused `i32` chains of `for_each_int_chain!` (interpreter
        // tier only).
        /// `dst = (a << b) + c` in i32 (see `for_each_int_chain`).
        I32ShlAdd { dst: Slot, a: Slot, b: Slot, c: Slot },
        /// `dst = (a >> b) & c (unsigned shift)` in i32 (see `for_each_int_chain`).
        I32ShrUAnd { dst: Slot, a: Slot, b: Slot, c: Slot },
        /// `dst = (a & b) + c` in i32 (see `for_each_int_chain`).
        I32AndAdd { dst: Slot, a: Slot, b: Slot, c: Slot },
        /// `dst = (a & b) << c` in i32 (see `for_each_int_chain`).
        I32AndShl { dst: Slot, a: Slot, b: Slot, c: Slot },
        /// `dst = (a + b) + c` in i32 (see `for_each_int_chain`).
        I32AddAdd { dst: Slot, a: Slot, b: Slot, c: Slot },
        /// `dst = (a + b) >> c (unsigned shift)` in i32 (see `for_each_int_chain`).
        I32AddShrU { dst: Slot, a: Slot, b: Slot, c: Slot },
        // Loads of memory 0 whose address an `i32.add` (`*Add`) or an
        // `I32AddImm` (`*AddImm`) just computed, fused (`ir/fused_loads.rs`;
        // both tiers run them): the address is `a + b` (or `a + imm`),
        // wrapping as `i32.add` does, then `offset` is added as usual.
        /// `i32.load` at `(a + b) + offset`.
        I32LoadAdd { dst: Slot, a: Slot, b: Slot, offset: u32 },
        /// `i32.load8_u` at `(a + b) + offset`.
        I32Load8UAdd { dst: Slot, a: Slot, b: Slot, offset: u32 },
        /// `i32.load8_s` at `(a + b) + offset`.
        I32Load8SAdd { dst: Slot, a: Slot, b: Slot, offset: u32 },
        /// `i32.load16_u` at `(a + b) + offset`.
        I32Load16UAdd { dst: Slot, a: Slot, b: Slot, offset: u32 },
        /// `i32.load16_s` at `(a + b) + offset`.
        I32Load16SAdd { dst: Slot, a: Slot, b: Slot, offset: u32 },
        /// `i64.load` at `(a + b) + offset`.
        I64LoadAdd { dst: Slot, a: Slot, b: Slot, offset: u32 },
        /// `i32.load` at `(a + imm) + offset`.
        I32LoadAddImm { dst: Slot, a: Slot, imm: u32, offset: u32 },
        /// `i32.load8_u` at `(a + imm) + offset`.
        I32Load8UAddImm { dst: Slot, a: Slot, imm: u32, offset: u32 },
        /// `i32.load8_s` at `(a + imm) + offset`.
        I32Load8SAddImm { dst: Slot, a: Slot, imm: u32, offset: u32 },
        /// `i32.load16_u` at `(a + imm) + offset`.
        I32Load16UAddImm { dst: Slot, a: Slot, imm: u32, offset: u32 },
        /// `i32.load16_s` at `(a + imm) + offset`.
        I32Load16SAddImm { dst: Slot, a: Slot, imm: u32, offset: u32 },
        /// `i64.load` at `(a + imm) + offset`.
        I64LoadAddImm { dst: Slot, a: Slot, imm: u32, offset: u32 },
        /// Counts `weight` against the function's hotness counter
        /// (`FuncCode::hot`) and, when it runs out, compiles the function
        /// and goes on in compiled code at this instruction (an entry
        /// point of the compiled code, which runs it as a no-op). Emitted
        /// at function entry, loop headers (after a `Tick`) and after calls,
        /// only under the tiers with compiled code.
        HotCount { weight: u32 },
});

/// Bits of `Switch::packed` that hold the argument count. Validation bounds
/// a function type's parameters by 1,000 and a module's tags by 1,000,000
/// (wasmparser's limits), so both fit.
const SWITCH_NARGS_BITS: u32 = 12;

/// `Switch::packed` for module tag `tag` and `nargs` arguments, if they fit.
pub fn pack_switch(tag: u32, nargs: u32) -> Option<u32> {
    (nargs < 1 << SWITCH_NARGS_BITS && tag < 1 << (32 - SWITCH_NARGS_BITS))
        .then_some(tag << SWITCH_NARGS_BITS | nargs)
}

/// The module tag index and argument count of `Switch::packed`.
#[inline(always)]
pub fn unpack_switch(packed: u32) -> (u32, u32) {
    (
        packed >> SWITCH_NARGS_BITS,
        packed & ((1 << SWITCH_NARGS_BITS) - 1),
    )
}

/// A control-transfer clause of a `resume` instruction, translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResumeHandler {
    /// `(on $tag $label)`: on suspension to `tag` (module tag index), branch
    /// to `target` with the payload and the continuation in slots from `dst`.
    OnLabel { tag: u32, target: u32, dst: Slot },
    /// `(on $tag switch)`.
    OnSwitch { tag: u32 },
}

/// The clauses of one `resume` (or `resume_throw`) instruction, with a
/// hint: the clause that most recently handled a suspension to it.
///
/// A `resume` hands the hinted clause to the stack it enters (as a
/// `KnownClause`), so a `suspend` or `switch` that uses the same clause as
/// last time finds its handler without decoding the table. The hint is
/// always the first clause for its tag and kind (what the spec picks), so
/// any clause it names is a correct answer when its tag matches; it is
/// only a guess about which tag comes next. It is shared by every
/// instance of the module (a relaxed atomic: a stale value costs one
/// decode, never a wrong result).
#[derive(Debug)]
pub struct ResumeTable {
    pub clauses: Box<[ResumeHandler]>,
    hint: std::sync::atomic::AtomicU32,
}

impl ResumeTable {
    pub fn new(clauses: Box<[ResumeHandler]>) -> Self {
        ResumeTable {
            clauses,
            hint: std::sync::atomic::AtomicU32::new(0),
        }
    }

    /// The clause to try first (the first one until a suspension used
    /// another), if the table has any. The hint is always an index of
    /// `clauses`, or 0.
    #[inline(always)]
    pub fn hinted(&self) -> Option<&ResumeHandler> {
        let i = self.hint.load(std::sync::atomic::Ordering::Relaxed) as usize;
        self.clauses.get(i)
    }

    /// Remembers clause `i`, which just handled a suspension and is the
    /// first clause for its tag and kind.
    #[inline]
    pub fn set_hint(&self, i: usize) {
        self.hint
            .store(i as u32, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instr_is_compact() {
        assert!(
            std::mem::size_of::<Instr>() <= 20,
            "{}",
            std::mem::size_of::<Instr>()
        );
    }
}
