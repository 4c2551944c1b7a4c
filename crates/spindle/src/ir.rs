//! The interpreter's internal code: a compact three-address form.
//!
//! Every function body is translated once (see `translate`) into a
//! `Vec<Instr>`. Because Wasm's operand-stack height is known statically at
//! every instruction, each operand-stack entry lives in a fixed *slot* of the
//! frame: slot `i` is `locals[i]` for `i < num_locals` and stack entry
//! `i - num_locals` above that. Instructions name their operands and result
//! by slot (relative to the frame pointer), so nothing is pushed or popped at
//! run time. Branch targets are absolute instruction indices.
//!
//! Calls pass arguments in place: the caller puts them in consecutive slots
//! starting at `base`, and the callee's frame starts at `caller_fp + base`,
//! so the arguments become the callee's first locals without copying. The
//! callee leaves its results in its slots `0..n`, which are the caller's
//! `base..base+n`.
//!
//! Numeric instructions are generated from the lists in `for_each_*` macros
//! (`ir/numeric.rs`), which also drive the translator and the interpreter,
//! so the three stay in step.

/// A frame-relative slot index.
pub type Slot = u32;

mod numeric;
pub(crate) mod simd;
pub(crate) use simd::{
    LaneKind, V128BinOp, V128LoadOp, V128ShiftOp, V128SplatOp, V128TernOp, V128TestOp, V128UnOp,
};

/// One instruction of the internal code (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instr {
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
    /// Fused compare-and-branch: jump to `target` if the comparison holds.
    BrIfI32Eq {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32Ne {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32LtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32LtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32GtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32GtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32LeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32LeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32GeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI32GeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64Eq {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64Ne {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64LtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64LtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64GtS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64GtU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64LeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64LeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64GeS {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfI64GeU {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF64Lt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF64Gt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF64Le {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF64Ge {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF32Lt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF32Gt {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF32Le {
        a: Slot,
        b: Slot,
        target: u32,
    },
    BrIfF32Ge {
        a: Slot,
        b: Slot,
        target: u32,
    },
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
    // Numeric instructions (generated from the `for_each_*` lists).
    I32Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32LeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32GeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GtS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GtU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64LeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GeS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64GeU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Lt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Gt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Le {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Ge {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Eq {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Ne {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Lt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Gt {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Le {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Ge {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32And {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Or {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Xor {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Shl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32ShrS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32ShrU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Rotl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Rotr {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64And {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Or {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Xor {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Shl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64ShrS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64ShrU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Rotl {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64Rotr {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Div {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Min {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Max {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F32Copysign {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Add {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Sub {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Mul {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Div {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Min {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Max {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    F64Copysign {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32DivS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32DivU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32RemS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32RemU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64DivS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64DivU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64RemS {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I64RemU {
        dst: Slot,
        a: Slot,
        b: Slot,
    },
    I32Eqz {
        dst: Slot,
        src: Slot,
    },
    I64Eqz {
        dst: Slot,
        src: Slot,
    },
    I32Clz {
        dst: Slot,
        src: Slot,
    },
    I32Ctz {
        dst: Slot,
        src: Slot,
    },
    I32Popcnt {
        dst: Slot,
        src: Slot,
    },
    I64Clz {
        dst: Slot,
        src: Slot,
    },
    I64Ctz {
        dst: Slot,
        src: Slot,
    },
    I64Popcnt {
        dst: Slot,
        src: Slot,
    },
    F32Abs {
        dst: Slot,
        src: Slot,
    },
    F32Neg {
        dst: Slot,
        src: Slot,
    },
    F32Ceil {
        dst: Slot,
        src: Slot,
    },
    F32Floor {
        dst: Slot,
        src: Slot,
    },
    F32Trunc {
        dst: Slot,
        src: Slot,
    },
    F32Nearest {
        dst: Slot,
        src: Slot,
    },
    F32Sqrt {
        dst: Slot,
        src: Slot,
    },
    F64Abs {
        dst: Slot,
        src: Slot,
    },
    F64Neg {
        dst: Slot,
        src: Slot,
    },
    F64Ceil {
        dst: Slot,
        src: Slot,
    },
    F64Floor {
        dst: Slot,
        src: Slot,
    },
    F64Trunc {
        dst: Slot,
        src: Slot,
    },
    F64Nearest {
        dst: Slot,
        src: Slot,
    },
    F64Sqrt {
        dst: Slot,
        src: Slot,
    },
    I32WrapI64 {
        dst: Slot,
        src: Slot,
    },
    I64ExtendI32S {
        dst: Slot,
        src: Slot,
    },
    I64ExtendI32U {
        dst: Slot,
        src: Slot,
    },
    I32Extend8S {
        dst: Slot,
        src: Slot,
    },
    I32Extend16S {
        dst: Slot,
        src: Slot,
    },
    I64Extend8S {
        dst: Slot,
        src: Slot,
    },
    I64Extend16S {
        dst: Slot,
        src: Slot,
    },
    I64Extend32S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI32S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI32U {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI64S {
        dst: Slot,
        src: Slot,
    },
    F32ConvertI64U {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI32S {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI32U {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI64S {
        dst: Slot,
        src: Slot,
    },
    F64ConvertI64U {
        dst: Slot,
        src: Slot,
    },
    F32DemoteF64 {
        dst: Slot,
        src: Slot,
    },
    F64PromoteF32 {
        dst: Slot,
        src: Slot,
    },
    I32ReinterpretF32 {
        dst: Slot,
        src: Slot,
    },
    I64ReinterpretF64 {
        dst: Slot,
        src: Slot,
    },
    F32ReinterpretI32 {
        dst: Slot,
        src: Slot,
    },
    F64ReinterpretI64 {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF32S {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF32U {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF64S {
        dst: Slot,
        src: Slot,
    },
    I32TruncSatF64U {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF32S {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF64S {
        dst: Slot,
        src: Slot,
    },
    I64TruncSatF64U {
        dst: Slot,
        src: Slot,
    },
    I32TruncF32S {
        dst: Slot,
        src: Slot,
    },
    I32TruncF32U {
        dst: Slot,
        src: Slot,
    },
    I32TruncF64S {
        dst: Slot,
        src: Slot,
    },
    I32TruncF64U {
        dst: Slot,
        src: Slot,
    },
    I64TruncF32S {
        dst: Slot,
        src: Slot,
    },
    I64TruncF32U {
        dst: Slot,
        src: Slot,
    },
    I64TruncF64S {
        dst: Slot,
        src: Slot,
    },
    I64TruncF64U {
        dst: Slot,
        src: Slot,
    },
    I32Load {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    F32Load {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    F64Load {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Load8S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Load8U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Load16S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Load16U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load8S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load8U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load16S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load16U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load32S {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I64Load32U {
        dst: Slot,
        addr: Slot,
        offset: u32,
        mem: u32,
    },
    I32Store {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I64Store {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    F32Store {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    F64Store {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I32Store8 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I32Store16 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I64Store8 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I64Store16 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
    I64Store32 {
        addr: Slot,
        value: Slot,
        offset: u32,
        mem: u32,
    },
}

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

/// A `catch` clause of a `try_table`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catch {
    /// Module tag index, or `None` for `catch_all`/`catch_all_ref`.
    pub tag: Option<u32>,
    /// Whether the exnref is also delivered (`catch_ref`, `catch_all_ref`).
    pub with_ref: bool,
    /// Branch target (instruction index).
    pub target: u32,
    /// First slot receiving the payload (then the exnref).
    pub dst: Slot,
}

/// A `try_table`: the instructions `start..end` are covered by `catches`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TryRegion {
    pub start: u32,
    pub end: u32,
    pub catches: Vec<Catch>,
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
