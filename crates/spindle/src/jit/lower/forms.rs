//! The translator's shorter forms of common integer sequences, lowered to
//! what they stand for: operators with an immediate right operand
//! (`binop_imm`, `cmp_branch_imm` of `ir/numeric.rs`), the bit-test
//! branches (`br_if` on an `i32.and`), the integer chains
//! (`for_each_int_chain!`: `dst = (a op1 b) op2 c`) and the fused loads
//! (`ir/fused_loads.rs`: an `i32.add` then the load, with the load's
//! offset and bounds check). `I32AddImm`, `I64AddImm` and the counted-loop
//! steps are lowered with the compare-and-branches in `lower.rs`.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64};
use cranelift_codegen::ir::{InstBuilder, Type, Value};

use super::Lower;
use crate::ir::Instr;

/// An integer operation, named as in the IR (`I32ShrU`: `ShrU`).
#[derive(Clone, Copy)]
enum IOp {
    Add,
    Sub,
    Mul,
    And,
    Or,
    Xor,
    Shl,
    ShrS,
    ShrU,
    /// A comparison, whose result is an `i32` 0 or 1.
    Cmp(IntCC),
}

/// The operation and type of an IR integer operator's name (`I64LtU`).
fn iop(name: &str) -> (IOp, Type) {
    use IntCC::*;
    let ty = if name.starts_with("I64") { I64 } else { I32 };
    let op = match &name[3..] {
        "Add" => IOp::Add,
        "Sub" => IOp::Sub,
        "Mul" => IOp::Mul,
        "And" => IOp::And,
        "Or" => IOp::Or,
        "Xor" => IOp::Xor,
        "Shl" => IOp::Shl,
        "ShrS" => IOp::ShrS,
        "ShrU" => IOp::ShrU,
        "Eq" => IOp::Cmp(Equal),
        "Ne" => IOp::Cmp(NotEqual),
        "LtS" => IOp::Cmp(SignedLessThan),
        "LtU" => IOp::Cmp(UnsignedLessThan),
        "GtS" => IOp::Cmp(SignedGreaterThan),
        "GtU" => IOp::Cmp(UnsignedGreaterThan),
        "LeS" => IOp::Cmp(SignedLessThanOrEqual),
        "LeU" => IOp::Cmp(UnsignedLessThanOrEqual),
        "GeS" => IOp::Cmp(SignedGreaterThanOrEqual),
        "GeU" => IOp::Cmp(UnsignedGreaterThanOrEqual),
        other => unreachable!("no integer operation {other} in the short forms"),
    };
    (op, ty)
}

/// The comparison of a `cmp_branch_imm` name (`BrIfI32LtSImm`: `I32LtS`).
fn branch_iop(name: &str) -> (IntCC, Type) {
    let base = name
        .strip_prefix("BrIf")
        .and_then(|n| n.strip_suffix("Imm"))
        .expect("a compare-and-branch with an immediate");
    match iop(base) {
        (IOp::Cmp(cc), ty) => (cc, ty),
        _ => unreachable!("{name} is not a comparison"),
    }
}

/// The lowering of the short forms: one `match` generated from the lists.
macro_rules! short_forms {
    ([chains { $( ($chn:ident, $ch1:ident, $ch2:ident, $cht:ty, $chf1:expr, $chf2:expr) ),* $(,)? }
      fused { $( ($fadd:ident, $fimm:ident, $fl:ident) ),* $(,)? }]
     binop { $($b:tt)* }
     trapping_binop { $($tb:tt)* }
     unop { $($u:tt)* }
     trapping_unop { $($tu:tt)* }
     load { $($l:tt)* }
     cmp_branch { $($c:tt)* }
     store { $($s:tt)* }
     binop_imm { $( ($bin:ident, $bio:ident, $bita:ty, $bitr:ty, $bif:expr) ),* $(,)? }
     cmp_branch_imm { $( ($cin:ident, $cio:ident, $cineg:ident, $cit:ty, $cif:expr) ),* $(,)? }
    ) => {
        impl Lower<'_> {
            /// Lowers `instr` if it is one of the short forms.
            pub(super) fn short_form(&mut self, i: usize, instr: &Instr) -> bool {
                match *instr {
                    $( Instr::$bin { dst, a, imm } => {
                        let (op, ty) = iop(stringify!($bio));
                        let x = self.get(ty, a);
                        let y = self.imm(ty, imm);
                        let v = self.iop(op, x, y);
                        self.set(dst, v);
                        self.next(i);
                    } )*
                    $( Instr::$cin { a, imm, target } => {
                        let (cc, ty) = branch_iop(stringify!($cin));
                        let x = self.get(ty, a);
                        let c = self.b.ins().icmp_imm_s(cc, x, imm as i64);
                        self.branch(c, target, i);
                    } )*
                    $( Instr::$chn { dst, a, b, c } => {
                        let ((op1, ty), (op2, _)) = (iop(stringify!($ch1)), iop(stringify!($ch2)));
                        let (x, y) = (self.get(ty, a), self.get(ty, b));
                        let first = self.iop(op1, x, y);
                        let z = self.get(ty, c);
                        let v = self.iop(op2, first, z);
                        self.set(dst, v);
                        self.next(i);
                    } )*
                    $( Instr::$fadd { dst, a, b, offset } => {
                        let (x, y) = (self.get(I32, a), self.get(I32, b));
                        let addr = self.b.ins().iadd(x, y);
                        let load = super::load_kind(&Instr::$fl { dst, addr: a, offset })
                            .expect("a fused load's load");
                        self.load_from(i, &load, addr);
                    } )*
                    $( Instr::$fimm { dst, a, imm, offset } => {
                        let x = self.get(I32, a);
                        let addr = self.b.ins().iadd_imm_s(x, imm as i64);
                        let load = super::load_kind(&Instr::$fl { dst, addr: a, offset })
                            .expect("a fused load's load");
                        self.load_from(i, &load, addr);
                    } )*
                    Instr::BrIfI32AndNez { a, b, target } | Instr::BrIfI32AndEqz { a, b, target } => {
                        let (x, y) = (self.get(I32, a), self.get(I32, b));
                        let bits = self.b.ins().band(x, y);
                        self.bit_test(i, instr, bits, target);
                    }
                    Instr::BrIfI32AndImmNez { a, imm, target }
                    | Instr::BrIfI32AndImmEqz { a, imm, target } => {
                        let x = self.get(I32, a);
                        let bits = self.b.ins().band_imm_u(x, imm_bits(I32, imm));
                        self.bit_test(i, instr, bits, target);
                    }
                    _ => return false,
                }
                true
            }
        }
    };
}

// The integer chains and fused loads ride along as extra arguments, as in
// `execute`.
macro_rules! with_int_chains {
    ([] $( $int:tt ),* $(,)?) => {
        crate::ir::fused_loads::for_each_fused_load! { (with_fused), { $($int),* } }
    };
}
macro_rules! with_fused {
    ([{ $($int:tt)* }] $( $fused:tt ),* $(,)?) => {
        crate::ir::for_each_numeric! { (short_forms), chains, { $($int)* }, fused, { $($fused),* } }
    };
}
crate::ir::for_each_int_chain!((with_int_chains));

/// The bits of an `i32` immediate as a Cranelift immediate of type `ty`:
/// an `i64` operand sign-extends it (as the interpreter's `imm as i64`),
/// an `i32` one takes its 32 bits.
fn imm_bits(ty: Type, imm: i32) -> i64 {
    if ty == I64 {
        imm as i64
    } else {
        imm as u32 as i64
    }
}

impl Lower<'_> {
    /// The immediate `imm` as a value of type `ty` (`imm_bits`).
    fn imm(&mut self, ty: Type, imm: i32) -> Value {
        self.b.ins().iconst(ty, imm_bits(ty, imm))
    }

    fn iop(&mut self, op: IOp, x: Value, y: Value) -> Value {
        let ins = self.b.ins();
        match op {
            IOp::Add => ins.iadd(x, y),
            IOp::Sub => ins.isub(x, y),
            IOp::Mul => ins.imul(x, y),
            IOp::And => ins.band(x, y),
            IOp::Or => ins.bor(x, y),
            IOp::Xor => ins.bxor(x, y),
            // Cranelift masks shift amounts to the type's width, as Wasm.
            IOp::Shl => ins.ishl(x, y),
            IOp::ShrS => ins.sshr(x, y),
            IOp::ShrU => ins.ushr(x, y),
            IOp::Cmp(cc) => {
                let c = ins.icmp(cc, x, y);
                self.b.ins().uextend(I32, c)
            }
        }
    }

    /// A bit test's branch on `bits` (the `i32.and`): taken when they are
    /// not zero for the `Nez` forms, when they are for the `Eqz` ones.
    fn bit_test(&mut self, i: usize, instr: &Instr, bits: Value, target: u32) {
        let cc = match instr {
            Instr::BrIfI32AndNez { .. } | Instr::BrIfI32AndImmNez { .. } => IntCC::NotEqual,
            _ => IntCC::Equal,
        };
        let c = self.b.ins().icmp_imm_s(cc, bits, 0);
        self.branch(c, target, i);
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Instr;

    /// Every short form of a function runs in compiled code: none is an
    /// exit (a fused load leaves only to trap).
    #[test]
    fn short_forms_run_in_compiled_code() {
        let wat = r#"(module (memory 1)
              (func (param i32 i32 i32) (result i32)
                ;; (These take the constant slots: the others are immediates.)
                (drop (i32.const 1001)) (drop (i32.const 1002))
                (drop (i32.const 1003)) (drop (i32.const 1004))
                (drop (i64.const 1001)) (drop (i64.const 1002))
                (drop (i64.const 1003)) (drop (i64.const 1004))
                (local.set 2 (i32.add (local.get 2) (i32.shl (local.get 0) (local.get 1))))
                (if (i32.and (local.get 0) (local.get 1))
                  (then (local.set 2 (i32.const 1))))
                (block
                  (br_if 0 (i32.lt_s (local.get 0) (i32.const 5)))
                  (local.set 2 (i32.and (local.get 2) (i32.const 255))))
                (block
                  (br_if 0 (i32.and (local.get 1) (i32.const 8)))
                  (local.set 2 (i64.ne (i64.extend_i32_u (local.get 2)) (i64.const -3))))
                (i32.add (local.get 2)
                  (i32.add (i32.load (i32.add (local.get 0) (local.get 1)))
                           (i32.load8_u offset=2 (i32.add (local.get 0) (i32.const 4)))))))"#;
        let engine = crate::Engine::new(crate::Config::new().tier(crate::Tier::Compiled));
        let module = crate::Module::new(&engine, wat).unwrap();
        let code = module.inner.code.translate(&module.inner, 0).unwrap();
        let Some(exits) = super::super::exits(&code) else {
            return;
        };
        let forms: Vec<(usize, &Instr)> = code
            .instrs
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                matches!(
                    i,
                    Instr::I32ShlAdd { .. }
                        | Instr::BrIfI32AndEqz { .. }
                        | Instr::BrIfI32AndImmNez { .. }
                        | Instr::BrIfI32LtSImm { .. }
                        | Instr::I32AndImm { .. }
                        | Instr::I64NeImm { .. }
                        | Instr::I32LoadAdd { .. }
                        | Instr::I32Load8UAddImm { .. }
                )
            })
            .collect();
        assert_eq!(forms.len(), 8, "{:#?}", code.instrs);
        for (i, instr) in forms {
            assert!(!exits[i], "{instr:?} exits");
        }
    }
}
