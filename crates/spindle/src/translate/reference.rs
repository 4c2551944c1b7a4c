//! Translation of the reference operators (`ref.null`, `ref.func`,
//! `ref.is_null`, `ref.as_non_null`, `ref.eq`) and of `select` with
//! several results.

use super::*;

impl Translator<'_> {
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
            O::RefIsNull => {
                let s = self.top(0);
                self.emit(Instr::RefIsNull { dst: s, src: s });
            }
            O::RefFunc { function_index } => {
                let dst = self.slot(self.h);
                self.emit(Instr::RefFunc {
                    dst,
                    func: function_index,
                });
                self.push(1);
            }
            O::RefAsNonNull => {
                let src = self.top(0);
                self.emit(Instr::RefAsNonNull { src });
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
