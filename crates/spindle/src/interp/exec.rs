//! The interpreter loop.
//!
//! `execute` runs the current stack of the store from its top frame until
//! the activation that started it returns, a host function must be called,
//! or execution traps or throws out of the activation. It never recurses
//! natively for Wasm-to-Wasm calls: a call pushes a `Frame` and reloads the
//! loop's registers (`code`, `pc`, `fp`); a stack switch changes
//! `stacks.current` and does the same.

use crate::ir::Instr;
use crate::module::FuncCode;
use crate::stack::{Frame, StackState};
use crate::store::{FuncKind, StoreOpaque};
use crate::trap::TrapCode;

use super::{Activation, Exit, Unwind};

/// A slot's value viewed as a typed Wasm value.
pub(crate) trait SlotVal: Sized {
    fn from_slot(s: u64) -> Self;
    fn to_slot(self) -> u64;
}
impl SlotVal for i32 {
    #[inline(always)]
    fn from_slot(s: u64) -> Self {
        s as u32 as i32
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self as u32 as u64
    }
}
impl SlotVal for i64 {
    #[inline(always)]
    fn from_slot(s: u64) -> Self {
        s as i64
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self as u64
    }
}
impl SlotVal for f32 {
    #[inline(always)]
    fn from_slot(s: u64) -> Self {
        f32::from_bits(s as u32)
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self.to_bits() as u64
    }
}
impl SlotVal for f64 {
    #[inline(always)]
    fn from_slot(s: u64) -> Self {
        f64::from_bits(s)
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self.to_bits()
    }
}

/// Effective address of an access of `len` bytes, or a trap.
#[inline(always)]
fn effective(mem_len: usize, addr: u64, offset: u32, len: usize) -> Result<usize, TrapCode> {
    let ea = (addr as u32 as u64) + offset as u64;
    match ea.checked_add(len as u64) {
        Some(end) if end <= mem_len as u64 => Ok(ea as usize),
        _ => Err(TrapCode::MemoryOutOfBounds),
    }
}

/// How a call instruction continues.
enum CallOutcome {
    /// A Wasm frame was pushed; reload registers.
    Pushed,
    /// A host function must be called.
    Host(u32),
}

/// Pushes a frame for Wasm function `func` whose arguments are at absolute
/// slot `new_fp`, or reports a host function.
#[inline]
fn push_frame(s: &mut StoreOpaque, func: u32, new_fp: usize) -> Result<CallOutcome, TrapCode> {
    let code: &FuncCode = match &s.funcs[func as usize].kind {
        FuncKind::Wasm { code, .. } => code,
        FuncKind::Host { .. } => return Ok(CallOutcome::Host(func)),
    };
    let stacks = &mut s.stacks;
    let max_frames = stacks.max_frames;
    let max_slots = stacks.max_stack_slots;
    let stack = &mut stacks.stacks[stacks.current as usize];
    if stack.frames.len() >= max_frames {
        return Err(TrapCode::StackExhausted);
    }
    let need = new_fp + code.max_slots as usize;
    if need > stack.slots.len() {
        if need > max_slots {
            return Err(TrapCode::StackExhausted);
        }
        stack.slots.resize(need, 0);
    }
    let np = code.num_params as usize;
    let nl = code.num_locals as usize;
    stack.slots[new_fp + np..new_fp + nl].fill(0);
    stack.frames.push(Frame {
        func,
        pc: 0,
        fp: new_fp as u32,
    });
    Ok(CallOutcome::Pushed)
}

/// Replaces the top frame by a frame for `func` (tail call); arguments are
/// already in the frame's slots `0..n`.
#[inline]
fn replace_frame(s: &mut StoreOpaque, func: u32) -> Result<CallOutcome, TrapCode> {
    let stack = &mut s.stacks.stacks[s.stacks.current as usize];
    let top = stack.frames.pop().expect("frame");
    match push_frame(s, func, top.fp as usize) {
        Ok(CallOutcome::Host(f)) => {
            // Host functions run in the caller's frame; the `Return` that the
            // translator places after every tail call returns their results.
            let stack = &mut s.stacks.stacks[s.stacks.current as usize];
            stack.frames.push(top);
            Ok(CallOutcome::Host(f))
        }
        Err(e) => {
            let stack = &mut s.stacks.stacks[s.stacks.current as usize];
            stack.frames.push(top);
            Err(e)
        }
        ok => ok,
    }
}

/// Runs until the activation returns, a host call is needed, or an error.
pub(crate) fn execute(s: &mut StoreOpaque, act: &Activation) -> Result<Exit, Unwind> {
    'reload: loop {
        let cur = s.stacks.current as usize;
        let frame = *s.stacks.stacks[cur].frames.last().expect("a frame to run");
        let (instance, code) = match &s.funcs[frame.func as usize].kind {
            FuncKind::Wasm { instance, code, .. } => (*instance as usize, code.clone()),
            FuncKind::Host { .. } => unreachable!("host functions have no frames"),
        };
        let code: &FuncCode = &code;
        let instrs: &[Instr] = &code.instrs;
        let fp = frame.fp as usize;
        let mut pc = frame.pc as usize;

        // Saves the pc into the top frame (before leaving the loop).
        macro_rules! save_pc {
            () => {
                s.stacks.stacks[cur].frames.last_mut().unwrap().pc = pc as u32
            };
        }
        macro_rules! trap {
            ($code:expr) => {{
                save_pc!();
                return Err(Unwind::Trap($code));
            }};
        }
        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(code) => trap!(code),
                }
            };
        }

        loop {
            let slots = &mut s.stacks.stacks[cur].slots;
            macro_rules! get {
                ($t:ty, $slot:expr) => {
                    <$t as SlotVal>::from_slot(slots[fp + $slot as usize])
                };
            }
            macro_rules! set {
                ($slot:expr, $v:expr) => {
                    slots[fp + $slot as usize] = SlotVal::to_slot($v)
                };
            }
            let instr = instrs[pc];
            pc += 1;

            macro_rules! exec_binop {
                ($( ($name:ident, $op:ident, $ta:ty, $tr:ty, $f:expr) ),* $(,)?) => {
                    match instr {
                        $( Instr::$name { dst, a, b } => {
                            let r: $tr = ($f)(get!($ta, a), get!($ta, b));
                            set!(dst, r);
                            continue;
                        } )*
                        _ => {}
                    }
                };
            }
            macro_rules! exec_trapping_binop {
                ($( ($name:ident, $op:ident, $ta:ty, $tr:ty, $f:expr) ),* $(,)?) => {
                    match instr {
                        $( Instr::$name { dst, a, b } => {
                            let r: $tr = tri!(($f)(get!($ta, a), get!($ta, b)));
                            let slots = &mut s.stacks.stacks[cur].slots;
                            slots[fp + dst as usize] = SlotVal::to_slot(r);
                            continue;
                        } )*
                        _ => {}
                    }
                };
            }
            macro_rules! exec_unop {
                ($( ($name:ident, $op:ident, $ta:ty, $tr:ty, $f:expr) ),* $(,)?) => {
                    match instr {
                        $( Instr::$name { dst, src } => {
                            let r: $tr = ($f)(get!($ta, src));
                            set!(dst, r);
                            continue;
                        } )*
                        _ => {}
                    }
                };
            }
            macro_rules! exec_trapping_unop {
                ($( ($name:ident, $op:ident, $ta:ty, $tr:ty, $f:expr) ),* $(,)?) => {
                    match instr {
                        $( Instr::$name { dst, src } => {
                            let r: $tr = tri!(($f)(get!($ta, src)));
                            let slots = &mut s.stacks.stacks[cur].slots;
                            slots[fp + dst as usize] = SlotVal::to_slot(r);
                            continue;
                        } )*
                        _ => {}
                    }
                };
            }
            macro_rules! exec_load {
                ($( ($name:ident, $op:ident, $n:literal, $f:expr) ),* $(,)?) => {
                    match instr {
                        $( Instr::$name { dst, addr, offset, mem } => {
                            let m = s.instances[instance].memories[mem as usize] as usize;
                            let data = &s.memories[m].data;
                            let addr = slots[fp + addr as usize];
                            let ea = tri!(effective(data.len(), addr, offset, $n));
                            let bytes: [u8; $n] = data[ea..ea + $n].try_into().unwrap();
                            let slots = &mut s.stacks.stacks[cur].slots;
                            slots[fp + dst as usize] = ($f)(bytes);
                            continue;
                        } )*
                        _ => {}
                    }
                };
            }
            macro_rules! exec_store {
                ($( ($name:ident, $op:ident, $n:literal) ),* $(,)?) => {
                    match instr {
                        $( Instr::$name { addr, value, offset, mem } => {
                            let m = s.instances[instance].memories[mem as usize] as usize;
                            let addr = slots[fp + addr as usize];
                            let value = slots[fp + value as usize];
                            let data = &mut s.memories[m].data;
                            let ea = tri!(effective(data.len(), addr, offset, $n));
                            data[ea..ea + $n].copy_from_slice(&value.to_le_bytes()[..$n]);
                            continue;
                        } )*
                        _ => {}
                    }
                };
            }

            match instr {
                Instr::Copy { dst, src } => {
                    slots[fp + dst as usize] = slots[fp + src as usize];
                    continue;
                }
                Instr::Const32 { dst, value } => {
                    slots[fp + dst as usize] = value as u64;
                    continue;
                }
                Instr::Const64 { dst, lo, hi } => {
                    slots[fp + dst as usize] = (lo as u64) | ((hi as u64) << 32);
                    continue;
                }
                Instr::Br { target } => {
                    pc = target as usize;
                    continue;
                }
                Instr::BrIfNez { cond, target } => {
                    if slots[fp + cond as usize] as u32 != 0 {
                        pc = target as usize;
                    }
                    continue;
                }
                Instr::BrIfEqz { cond, target } => {
                    if slots[fp + cond as usize] as u32 == 0 {
                        pc = target as usize;
                    }
                    continue;
                }
                _ => {}
            }

            crate::for_each_binop!(exec_binop);
            crate::for_each_unop!(exec_unop);
            crate::for_each_load!(exec_load);
            crate::for_each_store!(exec_store);
            crate::for_each_trapping_binop!(exec_trapping_binop);
            crate::for_each_trapping_unop!(exec_trapping_unop);

            match instr {
                Instr::Unreachable => trap!(TrapCode::Unreachable),
                Instr::BrTable { index, len } => {
                    let i = (slots[fp + index as usize] as u32).min(len);
                    pc += i as usize;
                }
                Instr::CopyN { dst, src, n } => {
                    let (d, sr) = (fp + dst as usize, fp + src as usize);
                    slots.copy_within(sr..sr + n as usize, d);
                }
                Instr::Select { dst, cond, a, b } => {
                    let v = if slots[fp + cond as usize] as u32 != 0 {
                        slots[fp + a as usize]
                    } else {
                        slots[fp + b as usize]
                    };
                    slots[fp + dst as usize] = v;
                }
                Instr::Return => {
                    let stack = &mut s.stacks.stacks[cur];
                    stack.frames.pop();
                    if cur == act.stack as usize && stack.frames.len() == act.depth {
                        return Ok(Exit::Return);
                    }
                    if stack.frames.is_empty() {
                        // A continuation's stack finished: return to its parent.
                        super::cont::finish_stack(s, code.num_results);
                    }
                    continue 'reload;
                }
                Instr::Call { func, base } => {
                    let f = s.instances[instance].funcs[func as usize];
                    save_pc!();
                    match tri!(push_frame(s, f, fp + base as usize)) {
                        CallOutcome::Pushed => continue 'reload,
                        CallOutcome::Host(f) => {
                            return Ok(Exit::HostCall {
                                func: f,
                                base: fp + base as usize,
                            })
                        }
                    }
                }
                Instr::CallIndirect {
                    table,
                    ty,
                    index,
                    base,
                } => {
                    let i = slots[fp + index as usize] as u32;
                    let f = tri!(indirect_target(s, instance, table, ty, i));
                    save_pc!();
                    match tri!(push_frame(s, f, fp + base as usize)) {
                        CallOutcome::Pushed => continue 'reload,
                        CallOutcome::Host(f) => {
                            return Ok(Exit::HostCall {
                                func: f,
                                base: fp + base as usize,
                            })
                        }
                    }
                }
                Instr::CallRef { func_ref, base } => {
                    let r = slots[fp + func_ref as usize];
                    if r == 0 {
                        trap!(TrapCode::NullFunctionReference);
                    }
                    save_pc!();
                    match tri!(push_frame(s, (r - 1) as u32, fp + base as usize)) {
                        CallOutcome::Pushed => continue 'reload,
                        CallOutcome::Host(f) => {
                            return Ok(Exit::HostCall {
                                func: f,
                                base: fp + base as usize,
                            })
                        }
                    }
                }
                Instr::ReturnCall { func } => {
                    let f = s.instances[instance].funcs[func as usize];
                    save_pc!();
                    match tri!(replace_frame(s, f)) {
                        CallOutcome::Pushed => continue 'reload,
                        CallOutcome::Host(f) => return Ok(Exit::HostCall { func: f, base: fp }),
                    }
                }
                Instr::ReturnCallIndirect { table, ty, index } => {
                    let i = slots[fp + index as usize] as u32;
                    let f = tri!(indirect_target(s, instance, table, ty, i));
                    save_pc!();
                    match tri!(replace_frame(s, f)) {
                        CallOutcome::Pushed => continue 'reload,
                        CallOutcome::Host(f) => return Ok(Exit::HostCall { func: f, base: fp }),
                    }
                }
                Instr::ReturnCallRef { func_ref } => {
                    let r = slots[fp + func_ref as usize];
                    if r == 0 {
                        trap!(TrapCode::NullFunctionReference);
                    }
                    save_pc!();
                    match tri!(replace_frame(s, (r - 1) as u32)) {
                        CallOutcome::Pushed => continue 'reload,
                        CallOutcome::Host(f) => return Ok(Exit::HostCall { func: f, base: fp }),
                    }
                }
                Instr::RefIsNull { dst, src } => {
                    slots[fp + dst as usize] = (slots[fp + src as usize] == 0) as u64;
                }
                Instr::RefFunc { dst, func } => {
                    slots[fp + dst as usize] =
                        s.instances[instance].funcs[func as usize] as u64 + 1;
                }
                Instr::RefAsNonNull { src } => {
                    if slots[fp + src as usize] == 0 {
                        trap!(TrapCode::NullReference);
                    }
                }
                Instr::BrOnNull { src, target } => {
                    if slots[fp + src as usize] == 0 {
                        pc = target as usize;
                    }
                }
                Instr::BrOnNonNull { src, target } => {
                    if slots[fp + src as usize] != 0 {
                        pc = target as usize;
                    }
                }
                Instr::RefEq { dst, a, b } => {
                    slots[fp + dst as usize] =
                        (slots[fp + a as usize] == slots[fp + b as usize]) as u64;
                }
                Instr::GlobalGet { dst, global } => {
                    let g = s.instances[instance].globals[global as usize] as usize;
                    slots[fp + dst as usize] = s.globals[g].value;
                }
                Instr::GlobalSet { src, global } => {
                    let g = s.instances[instance].globals[global as usize] as usize;
                    s.globals[g].value = slots[fp + src as usize];
                }
                Instr::TableGet { dst, table, index } => {
                    let t = s.instances[instance].tables[table as usize] as usize;
                    let i = slots[fp + index as usize] as u32 as usize;
                    match s.tables[t].elements.get(i) {
                        Some(&v) => slots[fp + dst as usize] = v,
                        None => trap!(TrapCode::TableOutOfBounds),
                    }
                }
                Instr::TableSet {
                    table,
                    index,
                    value,
                } => {
                    let t = s.instances[instance].tables[table as usize] as usize;
                    let i = slots[fp + index as usize] as u32 as usize;
                    let v = slots[fp + value as usize];
                    match s.tables[t].elements.get_mut(i) {
                        Some(e) => *e = v,
                        None => trap!(TrapCode::TableOutOfBounds),
                    }
                }
                Instr::TableSize { dst, table } => {
                    let t = s.instances[instance].tables[table as usize] as usize;
                    slots[fp + dst as usize] = s.tables[t].elements.len() as u64;
                }
                Instr::TableGrow { table, base } => {
                    let t = s.instances[instance].tables[table as usize] as usize;
                    let init = slots[fp + base as usize];
                    let delta = slots[fp + base as usize + 1] as u32;
                    let r = super::table_grow(&mut s.tables[t], delta, init);
                    s.stacks.stacks[cur].slots[fp + base as usize] = r as u32 as u64;
                }
                Instr::TableFill { table, base } => {
                    let t = s.instances[instance].tables[table as usize] as usize;
                    let b = fp + base as usize;
                    let (i, v, n) = (slots[b] as u32, slots[b + 1], slots[b + 2] as u32);
                    let elems = &mut s.tables[t].elements;
                    let end = i as u64 + n as u64;
                    if end > elems.len() as u64 {
                        trap!(TrapCode::TableOutOfBounds);
                    }
                    elems[i as usize..end as usize].fill(v);
                }
                Instr::TableCopy {
                    dst_table,
                    src_table,
                    base,
                } => {
                    let b = fp + base as usize;
                    let (d, sr, n) = (slots[b] as u32, slots[b + 1] as u32, slots[b + 2] as u32);
                    let dt = s.instances[instance].tables[dst_table as usize] as usize;
                    let st = s.instances[instance].tables[src_table as usize] as usize;
                    tri!(super::table_copy(&mut s.tables, dt, st, d, sr, n));
                }
                Instr::TableInit { table, elem, base } => {
                    let b = fp + base as usize;
                    let (d, sr, n) = (slots[b] as u32, slots[b + 1] as u32, slots[b + 2] as u32);
                    let t = s.instances[instance].tables[table as usize] as usize;
                    let e = s.instances[instance].elems[elem as usize] as usize;
                    let seg = &s.elems[e];
                    let elems = &mut s.tables[t].elements;
                    if sr as u64 + n as u64 > seg.len() as u64
                        || d as u64 + n as u64 > elems.len() as u64
                    {
                        trap!(TrapCode::TableOutOfBounds);
                    }
                    elems[d as usize..(d + n) as usize]
                        .copy_from_slice(&seg[sr as usize..(sr + n) as usize]);
                }
                Instr::ElemDrop { elem } => {
                    let e = s.instances[instance].elems[elem as usize] as usize;
                    s.elems[e] = Vec::new();
                }
                Instr::MemorySize { dst, mem } => {
                    let m = s.instances[instance].memories[mem as usize] as usize;
                    slots[fp + dst as usize] = s.memories[m].pages();
                }
                Instr::MemoryGrow { dst, delta, mem } => {
                    let m = s.instances[instance].memories[mem as usize] as usize;
                    let d = slots[fp + delta as usize] as u32;
                    let r = s.memories[m].grow(d as u64).map_or(-1i32, |old| old as i32);
                    s.stacks.stacks[cur].slots[fp + dst as usize] = r as u32 as u64;
                }
                Instr::MemoryFill { mem, base } => {
                    let b = fp + base as usize;
                    let (d, v, n) = (slots[b] as u32, slots[b + 1] as u8, slots[b + 2] as u32);
                    let m = s.instances[instance].memories[mem as usize] as usize;
                    let data = &mut s.memories[m].data;
                    let end = d as u64 + n as u64;
                    if end > data.len() as u64 {
                        trap!(TrapCode::MemoryOutOfBounds);
                    }
                    data[d as usize..end as usize].fill(v);
                }
                Instr::MemoryCopy {
                    dst_mem,
                    src_mem,
                    base,
                } => {
                    let b = fp + base as usize;
                    let (d, sr, n) = (slots[b] as u32, slots[b + 1] as u32, slots[b + 2] as u32);
                    let dm = s.instances[instance].memories[dst_mem as usize] as usize;
                    let sm = s.instances[instance].memories[src_mem as usize] as usize;
                    tri!(super::memory_copy(&mut s.memories, dm, sm, d, sr, n));
                }
                Instr::MemoryInit { mem, data, base } => {
                    let b = fp + base as usize;
                    let (d, sr, n) = (slots[b] as u32, slots[b + 1] as u32, slots[b + 2] as u32);
                    let m = s.instances[instance].memories[mem as usize] as usize;
                    let di = s.instances[instance].datas[data as usize] as usize;
                    let seg = &s.datas[di];
                    let mem = &mut s.memories[m].data;
                    if sr as u64 + n as u64 > seg.len() as u64
                        || d as u64 + n as u64 > mem.len() as u64
                    {
                        trap!(TrapCode::MemoryOutOfBounds);
                    }
                    mem[d as usize..(d + n) as usize]
                        .copy_from_slice(&seg[sr as usize..(sr + n) as usize]);
                }
                Instr::DataDrop { data } => {
                    let d = s.instances[instance].datas[data as usize] as usize;
                    s.datas[d] = std::sync::Arc::from(&[][..]);
                }
                Instr::Throw { tag, base } => {
                    save_pc!();
                    let t = s.instances[instance].tags[tag as usize];
                    let n = super::tag_param_count(s, t);
                    let b = fp + base as usize;
                    let payload = s.stacks.stacks[cur].slots[b..b + n].into();
                    let exn = super::new_exn(s, t, payload);
                    super::throw(s, act, exn)?;
                    continue 'reload;
                }
                Instr::ThrowRef { src } => {
                    let r = slots[fp + src as usize];
                    if r == 0 {
                        trap!(TrapCode::NullReference);
                    }
                    save_pc!();
                    super::throw(s, act, (r - 1) as u32)?;
                    continue 'reload;
                }
                Instr::ContNew { .. }
                | Instr::ContBind { .. }
                | Instr::Resume { .. }
                | Instr::ResumeThrow { .. }
                | Instr::ResumeThrowRef { .. }
                | Instr::Suspend { .. }
                | Instr::Switch { .. } => {
                    save_pc!();
                    match super::cont::exec(s, act, instance, code, instr, fp)? {
                        super::cont::Next::Continue => continue 'reload,
                        super::cont::Next::Exit(e) => return Ok(e),
                    }
                }
                _ => unreachable!("instruction handled above: {instr:?}"),
            }
        }
    }
}

/// Resolves the target of `call_indirect`.
#[inline]
fn indirect_target(
    s: &StoreOpaque,
    instance: usize,
    table: u32,
    ty: u32,
    i: u32,
) -> Result<u32, TrapCode> {
    let t = s.instances[instance].tables[table as usize] as usize;
    let r = *s.tables[t]
        .elements
        .get(i as usize)
        .ok_or(TrapCode::UndefinedElement)?;
    if r == 0 {
        return Err(TrapCode::IndirectCallToNull);
    }
    let f = (r - 1) as u32;
    let actual = s.funcs[f as usize].ty;
    let expected = crate::types::TypeId(ty);
    if actual != expected && !s.engine.types().is_subtype(actual, expected) {
        return Err(TrapCode::IndirectCallTypeMismatch);
    }
    Ok(f)
}

#[allow(dead_code)]
fn _assert_state(_: StackState) {}
