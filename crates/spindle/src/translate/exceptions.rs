//! Translation of `throw` and `throw_ref` (`try_table` is control:
//! `control.rs`).

use super::*;

impl Translator<'_> {
    /// `throw` and `throw_ref`. Returns `false` for other operators.
    pub(super) fn exception_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::Throw { tag_index } => {
                let (np, _) = self.tag_arity(tag_index);
                let base = self.slot(self.h - np);
                self.emit(Instr::Throw {
                    tag: tag_index,
                    base,
                });
                self.reachable = false;
            }
            O::ThrowRef => {
                let src = self.top(0);
                self.emit(Instr::ThrowRef { src });
                self.reachable = false;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
