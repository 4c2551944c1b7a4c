//! Translation of the numeric operators, loads and stores: the ones that
//! read their operands where they are (`lazy_op`), and the fusion of two
//! float operations into one chained instruction.

use super::memory64::pack_mem_op;
use super::*;
use crate::ir::memory64::{LoadKind, StoreKind};

/// The result slot of a chained float or `i32` instruction.
pub(super) fn float_chain_dst(i: &mut Instr) -> Option<&mut Slot> {
    macro_rules! dsts {
        ($( ($name:ident, $($rest:tt)*) ),* $(,)?) => {
            match i {
                $( Instr::$name { dst, .. } )|* => Some(dst),
                other => int_chain_dst(other),
            }
        };
    }
    crate::ir::for_each_float_chain!(dsts)
}

/// The result slot of a chained `i32` instruction.
fn int_chain_dst(i: &mut Instr) -> Option<&mut Slot> {
    macro_rules! dsts {
        ([] $( ($name:ident, $($rest:tt)*) ),* $(,)?) => {
            match i {
                $( Instr::$name { dst, .. } )|* => Some(dst),
                _ => None,
            }
        };
    }
    crate::ir::for_each_int_chain!((dsts))
}

/// The third operand `c` of a chain `(a op1 b) op2 c` whose first
/// operation wrote the temporary `t` and whose second reads `[p, q]`: the
/// second must read `t` (a temporary popped now: `temps`, the second's
/// operand slots that were temporaries) exactly once, on the left, or on
/// the right if it commutes.
fn chain_operand(
    t: Slot,
    [p, q]: [Slot; 2],
    temps: [Option<Slot>; 2],
    commutes: bool,
) -> Option<Slot> {
    if temps[0] == Some(p) && p == t && q != t {
        Some(q)
    } else if temps[1] == Some(q) && q == t && p != t && commutes {
        Some(p)
    } else {
        None
    }
}

/// `first` then `second` as one chained `i32` instruction
/// (`for_each_int_chain`), on the same terms as `float_chain`.
pub(super) fn int_chain(
    first: Instr,
    second: Instr,
    a_temp: Option<Slot>,
    b_temp: Option<Slot>,
) -> Option<Instr> {
    macro_rules! chain {
        ([] $( ($name:ident, $op1:ident, $op2:ident, $t:ty, $f1:expr, $f2:expr) ),* $(,)?) => {{
            let commutes = |i: &Instr| matches!(i, Instr::I32Add { .. } | Instr::I32And { .. });
            $(
                if let (Instr::$op1 { dst: t, a, b }, Instr::$op2 { dst, a: p, b: q }) = (first, second) {
                    let c = chain_operand(t, [p, q], [a_temp, b_temp], commutes(&second))?;
                    return Some(Instr::$name { dst, a, b, c });
                }
            )*
            None
        }};
    }
    crate::ir::for_each_int_chain!((chain))
}

/// `first` then `second` as one chained float instruction, if `second`
/// is the same type's add/sub/mul and reads `first`'s result (a temporary)
/// as its left operand, or as its right one when it commutes.
pub(super) fn float_chain(
    first: Instr,
    second: Instr,
    a_temp: Option<Slot>,
    b_temp: Option<Slot>,
) -> Option<Instr> {
    macro_rules! chain {
        ($( ($name:ident, $op1:ident, $op2:ident, $t:ty, $f1:expr, $f2:expr) ),* $(,)?) => {{
            let commutes = |i: &Instr| {
                matches!(
                    i,
                    Instr::F32Add { .. } | Instr::F32Mul { .. } | Instr::F64Add { .. } | Instr::F64Mul { .. }
                )
            };
            $(
                if let (Instr::$op1 { dst: t, a, b }, Instr::$op2 { dst, a: p, b: q }) = (first, second) {
                    let c = chain_operand(t, [p, q], [a_temp, b_temp], commutes(&second))?;
                    return Some(Instr::$name { dst, a, b, c });
                }
            )*
            None
        }};
    }
    crate::ir::for_each_float_chain!(chain)
}

impl Translator<'_> {
    /// The immediate of an `i32/i64.add/sub` whose right operand is a
    /// pending constant and that can become `I32AddImm`/`I64AddImm`: a
    /// subtraction adds the negated constant, and an `i64` immediate must
    /// fit 32 bits sign-extended. `None` leaves the operator to the general
    /// binary path.
    fn add_immediate(&self, op: &Operator<'_>) -> Option<u32> {
        use Operator as O;
        let negate = match op {
            O::I32Add | O::I64Add => false,
            O::I32Sub | O::I64Sub => true,
            _ => return None,
        };
        let Some(&Operand::Const { value, .. }) = self.operands.last() else {
            return None;
        };
        let imm = if negate { value.wrapping_neg() } else { value };
        let wide = matches!(op, O::I64Add | O::I64Sub);
        (!wide || imm as i64 == imm as i32 as i64).then_some(imm as u32)
    }

    /// The right operand of a `binop_imm` operator (`wide`: an `i64` one)
    /// as the instruction's immediate: a pending constant that has no slot
    /// of its own (with one, the plain instruction reads it in place, and
    /// compare-and-branches stay fusable into counted-loop steps) and, for
    /// `i64`, fits 32 bits sign-extended. `None` leaves the operator to the
    /// general binary path.
    fn imm_operand(&self, wide: bool) -> Option<i32> {
        let Some(&Operand::Const { value, .. }) = self.operands.last() else {
            return None;
        };
        if self.const_slots.contains_key(&(value, wide)) {
            return None;
        }
        let imm = value as i64;
        let fits = if wide { imm == imm as i32 as i64 } else { true };
        fits.then_some(value as u32 as i32)
    }

    /// Operators that read operands where they are (see `Operand`).
    /// Returns `false` for the others.
    pub(super) fn lazy_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::Nop => {}
            O::Drop => self.pop(1),
            O::LocalGet { local_index } => {
                let slot = self.local_slot(local_index);
                self.push_operand(Operand::Local(slot))
            }
            O::I32Const { value } => self.push_operand(Operand::Const {
                value: value as u32 as u64,
                wide: false,
            }),
            O::F32Const { value } => self.push_operand(Operand::Const {
                value: value.bits() as u64,
                wide: false,
            }),
            O::I64Const { value } => self.push_operand(Operand::Const {
                value: value as u64,
                wide: true,
            }),
            O::F64Const { value } => self.push_operand(Operand::Const {
                value: value.bits(),
                wide: true,
            }),
            O::LocalSet { local_index } => self.local_set(local_index, false),
            O::LocalTee { local_index } => self.local_set(local_index, true),
            O::GlobalGet { global_index } => {
                self.push(1);
                let dst = self.slot(self.h - 1);
                self.emit_producer(Instr::GlobalGet {
                    dst,
                    global: global_index,
                });
            }
            O::GlobalSet { global_index } => {
                let src = self.use_slot(0);
                self.emit(Instr::GlobalSet {
                    src,
                    global: global_index,
                });
                self.pop(1);
            }
            O::Select | O::TypedSelect { .. } => {
                let cond = self.use_slot(0);
                let b = self.use_slot(1);
                let a = self.use_slot(2);
                self.pop(2);
                let dst = self.slot(self.h - 1);
                self.operands[self.h as usize - 1] = Operand::Temp;
                self.emit_producer(Instr::Select { dst, cond, a, b });
            }
            O::If { .. } | O::BrIf { .. } => return self.lazy_branch(op),
            _ => return self.lazy_numeric(op),
        }
        Ok(true)
    }

    /// `if` without parameters and `br_if`, reading their condition in
    /// place (and fusing it with the comparison that produced it). Returns
    /// `false` when the general path must handle them.
    fn lazy_branch(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::If { blockty } if self.block_arity(blockty).0 == 0 => {
                self.flush_below(1);
                let at = match self.fuse_top_compare(true) {
                    Some(at) => {
                        self.pop(1);
                        at
                    }
                    None => {
                        let cond = self.use_slot(0);
                        self.pop(1);
                        self.emit(Instr::BrIfEqz {
                            cond,
                            target: u32::MAX,
                        })
                    }
                };
                let c = self.push_ctrl(Kind::If, blockty);
                c.else_patch = Some(at);
            }
            O::BrIf { relative_depth } => {
                self.flush_below(1);
                if self.needs_copies_after_pop(relative_depth) || self.leaves_held(relative_depth) {
                    return Ok(false);
                }
                if let Some(fused) = self.fuse_top_compare(false) {
                    self.pop(1);
                    let at = fused;
                    let idx = self.ctrl.len() - 1 - relative_depth as usize;
                    if self.ctrl[idx].kind == Kind::Loop {
                        let start = self.ctrl[idx].start;
                        self.patch(Patch::Instr(at), start);
                    } else {
                        self.ctrl[idx].patches.push(Patch::Instr(at));
                    }
                    return Ok(true);
                }
                let cond = self.use_slot(0);
                self.pop(1);
                self.branch_to(relative_depth, |target| Instr::BrIfNez { cond, target });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The numeric operators, loads and stores of the `for_each_numeric!`
    /// lists, reading their operands in place. Returns `false` for others.
    fn lazy_numeric(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        macro_rules! lazy {
            ([]
             binop { $( ($bn:ident, $bo:ident, $($b:tt)*) ),* $(,)? }
             trapping_binop { $( ($tbn:ident, $tbo:ident, $($tb:tt)*) ),* $(,)? }
             unop { $( ($un:ident, $uo:ident, $($u:tt)*) ),* $(,)? }
             trapping_unop { $( ($tun:ident, $tuo:ident, $($tu:tt)*) ),* $(,)? }
             load { $( ($ln:ident, $lo:ident, $($l:tt)*) ),* $(,)? }
             cmp_branch { $($cb:tt)* }
             store { $( ($sn:ident, $so:ident, $($st:tt)*) ),* $(,)? }
             binop_imm { $( ($bin:ident, $bio:ident, $bita:ty, $($bi:tt)*) ),* $(,)? }
             cmp_branch_imm { $($ci:tt)* }
            ) => {
                match *op {
                    $( O::$bio if self.imm_operand(std::mem::size_of::<$bita>() == 8).is_some() => {
                        let wide = std::mem::size_of::<$bita>() == 8;
                        let Some(imm) = self.imm_operand(wide) else { unreachable!() };
                        self.pop(1);
                        let a = self.use_slot(0);
                        let dst = self.slot(self.h - 1);
                        self.operands[self.h as usize - 1] = Operand::Temp;
                        self.emit_producer(Instr::$bin { dst, a, imm });
                    } )*
                    O::I32Add | O::I32Sub | O::I64Add | O::I64Sub
                        if self.add_immediate(op).is_some() =>
                    {
                        let Some(imm) = self.add_immediate(op) else { unreachable!() };
                        let wide = matches!(op, O::I64Add | O::I64Sub);
                        self.pop(1);
                        let a = self.use_slot(0);
                        let dst = self.slot(self.h - 1);
                        self.operands[self.h as usize - 1] = Operand::Temp;
                        self.emit_producer(if wide {
                            Instr::I64AddImm { dst, a, imm }
                        } else {
                            Instr::I32AddImm { dst, a, imm }
                        });
                    }
                    $( O::$bo => {
                        let h = self.h as usize;
                        let b_temp = self.operands[h - 1] == Operand::Temp;
                        let a_temp = self.operands[h - 2] == Operand::Temp;
                        let b = self.use_slot(0);
                        let a = self.use_slot(1);
                        self.pop(1);
                        let dst = self.slot(self.h - 1);
                        self.operands[self.h as usize - 1] = Operand::Temp;
                        let previous = self.last_producer;
                        self.emit_producer(Instr::$bn { dst, a, b });
                        self.fuse_float_chain(previous, a_temp.then_some(a), b_temp.then_some(b));
                    } )*
                    $( O::$tbo => {
                        let b = self.use_slot(0);
                        let a = self.use_slot(1);
                        self.pop(1);
                        let dst = self.slot(self.h - 1);
                        self.operands[self.h as usize - 1] = Operand::Temp;
                        self.emit_producer(Instr::$tbn { dst, a, b });
                    } )*
                    $( O::$uo => {
                        let src = self.use_slot(0);
                        let dst = self.slot(self.h - 1);
                        self.operands[self.h as usize - 1] = Operand::Temp;
                        self.emit_producer(Instr::$un { dst, src });
                    } )*
                    $( O::$tuo => {
                        let src = self.use_slot(0);
                        let dst = self.slot(self.h - 1);
                        self.operands[self.h as usize - 1] = Operand::Temp;
                        self.emit_producer(Instr::$tun { dst, src });
                    } )*
                    $( O::$lo { memarg } => {
                        let addr_temp = self.operands.last() == Some(&Operand::Temp);
                        let addr = self.use_slot(0);
                        let dst = self.slot(self.h - 1);
                        self.operands[self.h as usize - 1] = Operand::Temp;
                        let offset = u32::try_from(memarg.offset)?;
                        let mem = mem_index(&memarg)?;
                        if mem == 0 {
                            self.emit_load0(Instr::$ln { dst, addr, offset }, addr_temp);
                        } else {
                            let op = pack_mem_op(LoadKind::$ln as u8, mem)?;
                            self.emit_producer(Instr::LoadMem { dst, addr, offset, op });
                        }
                    } )*
                    $( O::$so { memarg } => {
                        let value = self.use_slot(0);
                        let addr = self.use_slot(1);
                        let offset = u32::try_from(memarg.offset)?;
                        let mem = mem_index(&memarg)?;
                        if mem == 0 {
                            self.emit(Instr::$sn { addr, value, offset });
                        } else {
                            let op = pack_mem_op(StoreKind::$sn as u8, mem)?;
                            self.emit(Instr::StoreMem { addr, value, offset, op });
                        }
                        self.pop(2);
                    } )*
                    _ => return Ok(false),
                }
            };
        }
        crate::ir::for_each_numeric!((lazy));
        Ok(true)
    }

    /// If the binop just emitted consumes the temporary that the float
    /// binop before it (`previous`, the last producer before it) wrote,
    /// merges the two into one chained instruction (`for_each_float_chain`;
    /// in the interpreter tier also `for_each_int_chain`).
    /// `a_temp`/`b_temp` are the new binop's operand slots when those
    /// operands were temporaries (popped now, so nothing else reads them).
    pub(super) fn fuse_float_chain(
        &mut self,
        previous: Option<usize>,
        a_temp: Option<Slot>,
        b_temp: Option<Slot>,
    ) {
        let n = self.code.len();
        if n < 2 || previous != Some(n - 2) {
            return;
        }
        let (first, second) = (self.code[n - 2], self.code[n - 1]);
        let fused = float_chain(first, second, a_temp, b_temp)
            .or_else(|| int_chain(first, second, a_temp, b_temp));
        let Some(fused) = fused else {
            return;
        };
        self.code.pop();
        self.offsets.pop();
        self.code[n - 2] = fused;
        self.last_producer = Some(n - 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The internal code of function 0 of `wat`.
    fn code_of(wat: &str) -> Vec<Instr> {
        let engine = crate::Engine::default();
        let module = crate::Module::new(&engine, wat).unwrap();
        module
            .inner
            .code
            .translate(&module.inner, 0)
            .unwrap()
            .instrs
            .to_vec()
    }

    #[test]
    fn constant_right_operands_become_immediates() {
        // Four constants in slots (a function without a loop), then
        // immediates; an i64 constant that does not fit 32 bits does not.
        let code = code_of(
            r#"(module (func (param i32 i64) (result i32)
                 (drop (i32.const 1001)) (drop (i32.const 1002))
                 (drop (i32.const 1003)) (drop (i32.const 1004))
                 (drop (i64.and (local.get 1) (i64.const -2)))
                 (drop (i64.and (local.get 1) (i64.const 0x100000000)))
                 (block (br_if 0 (i32.lt_u (local.get 0) (i32.const 77))))
                 (i32.shl (local.get 0) (i32.const 3))))"#,
        );
        assert!(code
            .iter()
            .any(|i| matches!(i, Instr::I64AndImm { a: 1, imm: -2, .. })));
        assert!(code.iter().any(|i| matches!(i, Instr::I64And { .. })));
        assert!(code
            .iter()
            .any(|i| matches!(i, Instr::BrIfI32LtUImm { a: 0, imm: 77, .. })));
        assert!(code
            .iter()
            .any(|i| matches!(i, Instr::I32ShlImm { a: 0, imm: 3, .. })));
        // A bit test branches on the `and` itself, negated for `if`.
        let code = code_of(
            r#"(module (func (param i32 i32) (result i32)
                 (drop (i32.const 1001)) (drop (i32.const 1002))
                 (drop (i32.const 1003)) (drop (i32.const 1004))
                 (block (br_if 0 (i32.and (local.get 0) (i32.const 9))))
                 (block (br_if 0 (i32.and (local.get 0) (local.get 1))))
                 (if (result i32) (i32.and (local.get 0) (local.get 1))
                   (then (i32.const 1)) (else (i32.const 2)))))"#,
        );
        assert!(code
            .iter()
            .any(|i| matches!(i, Instr::BrIfI32AndImmNez { a: 0, imm: 9, .. })));
        assert!(code
            .iter()
            .any(|i| matches!(i, Instr::BrIfI32AndNez { a: 0, b: 1, .. })));
        assert!(code
            .iter()
            .any(|i| matches!(i, Instr::BrIfI32AndEqz { a: 0, b: 1, .. })));
        // In a constant slot, the constant is read in place instead.
        let code = code_of(
            r#"(module (func (param i32) (result i32)
                 (i32.shl (local.get 0) (i32.const 3))))"#,
        );
        assert!(code.iter().any(|i| matches!(i, Instr::I32Shl { .. })));
        assert!(!code.iter().any(|i| matches!(i, Instr::I32ShlImm { .. })));
    }

    #[test]
    fn int_chains_fuse_under_every_tier() {
        let wat = r#"(module (func (param i32 i32 i32) (result i32)
                 (i32.add (local.get 2) (i32.shl (local.get 0) (local.get 1)))
                 (i32.shl (local.get 2) (i32.and (local.get 0) (local.get 1)))
                 (i32.xor)))"#;
        let code = code_of(wat);
        // The commuted add chains; the shift by the temporary does not.
        assert!(code.iter().any(|i| matches!(
            i,
            Instr::I32ShlAdd {
                a: 0,
                b: 1,
                c: 2,
                ..
            }
        )));
        assert!(code.iter().any(|i| matches!(i, Instr::I32And { .. })));
        assert!(!code.iter().any(|i| matches!(i, Instr::I32AndShl { .. })));
        // The compiled tier lowers them (`jit/lower/forms.rs`).
        let engine = crate::Engine::new(crate::Config::new().tier(crate::Tier::Compiled));
        let module = crate::Module::new(&engine, wat).unwrap();
        let compiled = module.inner.code.translate(&module.inner, 0).unwrap();
        assert!(compiled
            .instrs
            .iter()
            .any(|i| matches!(i, Instr::I32ShlAdd { .. })));
    }

    #[test]
    fn loads_fuse_the_add_of_their_address() {
        let code = code_of(
            r#"(module (memory 1) (func (param i32 i32) (result i32)
                 (local.set 1 (i32.load8_u offset=3 (i32.add (local.get 0) (local.get 1))))
                 (i32.add (local.get 1)
                   (i32.load16_s (i32.sub (local.get 0) (i32.const 4))))))"#,
        );
        // The first load's result went straight to local 1.
        assert!(code.iter().any(|i| matches!(
            i,
            Instr::I32Load8UAdd {
                dst: 1,
                a: 0,
                b: 1,
                offset: 3
            }
        )));
        assert!(code.iter().any(|i| matches!(
            i,
            Instr::I32Load16SAddImm { a: 0, imm, offset: 0, .. } if *imm == (-4i32) as u32
        )));
        // Of the adds only the last `i32.add` is left, and no plain load.
        let adds = code
            .iter()
            .filter(|i| matches!(i, Instr::I32Add { .. } | Instr::I32AddImm { .. }));
        assert_eq!(adds.count(), 1);
        assert!(!code
            .iter()
            .any(|i| matches!(i, Instr::I32Load8U { .. } | Instr::I32Load16S { .. })));
        // Not across a label: a branch may deliver the address instead.
        let code = code_of(
            r#"(module (memory 1) (func (param i32 i32) (result i32)
                 (i32.load (block (result i32)
                   (drop (br_if 0 (i32.const 8) (local.get 1)))
                   (i32.add (local.get 0) (local.get 1))))))"#,
        );
        assert!(code.iter().any(|i| matches!(i, Instr::I32Load { .. })));
        assert!(!code.iter().any(|i| matches!(i, Instr::I32LoadAdd { .. })));
    }

    #[test]
    fn float_chain_fuses_only_a_dead_temporary() {
        let add = Instr::F64Add { dst: 9, a: 1, b: 2 };
        // (1 + 2) * 3, the temporary 9 on the left.
        let mul = Instr::F64Mul { dst: 9, a: 9, b: 3 };
        assert_eq!(
            float_chain(add, mul, Some(9), None),
            Some(Instr::F64AddMul {
                dst: 9,
                a: 1,
                b: 2,
                c: 3
            })
        );
        // 3 * (1 + 2): the temporary on the right of a commuting op.
        let mul = Instr::F64Mul { dst: 9, a: 3, b: 9 };
        assert_eq!(
            float_chain(add, mul, None, Some(9)),
            Some(Instr::F64AddMul {
                dst: 9,
                a: 1,
                b: 2,
                c: 3
            })
        );
        // 3 - (1 + 2) does not commute.
        let sub = Instr::F64Sub { dst: 9, a: 3, b: 9 };
        assert_eq!(float_chain(add, sub, None, Some(9)), None);
        // (1 + 2) * (1 + 2) reads the temporary twice.
        let square = Instr::F64Mul { dst: 9, a: 9, b: 9 };
        assert_eq!(float_chain(add, square, Some(9), Some(9)), None);
        // The operand was a local, not the temporary: nothing to fuse.
        assert_eq!(
            float_chain(add, Instr::F64Mul { dst: 9, a: 9, b: 3 }, None, None),
            None
        );
        // Mixed types never fuse.
        let mul32 = Instr::F32Mul { dst: 9, a: 9, b: 3 };
        assert_eq!(float_chain(add, mul32, Some(9), None), None);
    }
}
