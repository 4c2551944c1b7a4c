//! Translation of the reference operators (`ref.null`, `ref.func`,
//! `ref.is_null`, `ref.as_non_null`, `ref.eq`) and of `select` with
//! several results.

use super::*;

impl Translator<'_> {
    /// `ref.is_null` and `ref.as_non_null`, which read their operand where
    /// it is (a local's slot for a pending `local.get`). Returns `false` for
    /// other operators.
    pub(super) fn lazy_ref_op(&mut self, op: &Operator<'_>) -> bool {
        match *op {
            Operator::RefIsNull => {
                let src = self.use_slot(0);
                self.pop(1);
                self.push(1);
                let dst = self.slot(self.h - 1);
                self.emit_producer(Instr::RefIsNull { dst, src });
            }
            Operator::RefAsNonNull => {
                let src = self.use_slot(0);
                self.emit(Instr::RefAsNonNull { src });
            }
            _ => return false,
        }
        true
    }

    /// Reference operators (and `select` with several results). Returns `false` for other operators.
    pub(super) fn reference_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::Select | O::TypedSelect { .. } | O::TypedSelectMulti { .. } => {
                let (a, b, cond) = (self.top(2), self.top(1), self.top(0));
                self.emit(Instr::Select { dst: a, cond, a, b });
                self.pop(2);
            }
            O::RefNull { .. } => {
                let dst = self.slot(self.h);
                self.emit(Instr::Const32 { dst, value: 0 });
                self.push(1);
            }
            O::RefFunc { function_index } => {
                let dst = self.slot(self.h);
                self.emit(Instr::RefFunc {
                    dst,
                    func: function_index,
                });
                self.push(1);
            }
            O::RefEq => {
                let (a, b) = (self.top(1), self.top(0));
                self.emit(Instr::RefEq { dst: a, a, b });
                self.pop(1);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
