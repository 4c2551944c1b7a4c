;; Found by spindle-fuzz (differential, SIMD enabled): a block whose
;; result is a v128, reached only by a `br` from a deeper stack whose entry
;; at the result's height was an i32. The translator kept that entry's
;; one-slot width for the result, so the next value pushed (here a
;; `global.get`) landed on the v128's high half, and `v128.xor` then
;; `global.set` lost it. `end` and `else` now read the widths of the
;; block's entries again from the validator.
(module
  (global $g (mut v128) (v128.const i64x2 0x10 0x20))
  (func (export "after_br") (result v128)
    (block (result v128)
      (i32.const 7)
      (v128.const i64x2 1 2)
      (br 0))
    (global.get $g)
    (v128.xor)
    (global.set $g)
    (global.get $g))
  ;; The other way round: a v128 where an i32 result lands.
  (func (export "narrower") (result i32 i64)
    (block (result i32)
      (v128.const i64x2 1 2)
      (i32.const 5)
      (br 0))
    (i64.const 9)))
(assert_return (invoke "after_br") (v128.const i64x2 0x11 0x22))
(assert_return (invoke "narrower") (i32.const 5) (i64.const 9))
