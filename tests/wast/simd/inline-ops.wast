;; The v128 operators with Instr variants of their own, run inline by the
;; interpreter (crate::simd::inline): results retargeted into locals,
;; operands that alias the result, values passing between inline operators,
;; the families' lane functions and v128.load/store (which copy 16 bytes),
;; edge lanes, NaNs, shift counts past the lane width, and loads at
;; unaligned addresses, at the end of memory and past it.

(module
  (memory 1)
  (func (export "acc") (param $n i32) (param $x v128) (result v128)
    (local $acc v128)
    (loop $l
      ;; result retargeted into $acc, which is also the first operand
      (local.set $acc (i32x4.add (local.get $acc) (local.get $x)))
      ;; result and both operands in one slot pair
      (local.set $x (i32x4.sub (local.get $x) (local.get $x)))
      (local.set $x (i32x4.add (local.get $x) (v128.const i32x4 1 2 3 -1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  ;; an inline operator on a family result and the other way round
  (func (export "mixed") (param v128 v128) (result v128)
    (i8x16.add_sat_s
      (i8x16.add (i8x16.add_sat_u (local.get 0) (local.get 1)) (local.get 1))
      (v128.xor (local.get 0) (local.get 1))))
  (func (export "store-add") (param $a i32) (param v128 v128)
    (v128.store offset=3 (local.get $a)
      (i16x8.add (local.get 1) (local.get 2))))
  (func (export "load-mul") (param $a i32) (param v128) (result v128)
    (f32x4.mul (v128.load offset=1 (local.get $a)) (local.get 1)))
  (func (export "load") (param $a i32) (result v128)
    (v128.load (local.get $a)))
  (func (export "dot") (param v128 v128) (result v128)
    (i32x4.dot_i16x8_s (local.get 0) (local.get 1)))
  (func (export "i16x8.shr_s") (param v128 i32) (result v128)
    (i16x8.shr_s (local.get 0) (local.get 1)))
  (func (export "i16x8.shr_u") (param v128 i32) (result v128)
    (i16x8.shr_u (local.get 0) (local.get 1)))
  (func (export "i16x8.shl") (param v128 i32) (result v128)
    (i16x8.shl (local.get 0) (local.get 1)))
  (func (export "i32x4.shr_s") (param v128 i32) (result v128)
    (i32x4.shr_s (local.get 0) (local.get 1)))
  (func (export "f32x4.add") (param v128 v128) (result v128)
    (f32x4.add (local.get 0) (local.get 1)))
  (func (export "f64x2.mul") (param v128 v128) (result v128)
    (f64x2.mul (local.get 0) (local.get 1)))
  (func (export "and-or") (param v128 v128 v128) (result v128)
    (v128.or (v128.and (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "i16x8.mul") (param v128 v128) (result v128)
    (i16x8.mul (local.get 0) (local.get 1)))
)

;; 3 rounds: acc = x + (1 2 3 -1) + (1 2 3 -1)
(assert_return (invoke "acc" (i32.const 3) (v128.const i32x4 10 20 30 0x7fffffff))
  (v128.const i32x4 12 24 36 0x7ffffffd))
(assert_return (invoke "mixed" (v128.const i8x16 127 -128 1 0 0 0 0 0 0 0 0 0 0 0 0 -1)
                               (v128.const i8x16 1 -1 1 0 0 0 0 0 0 0 0 0 0 0 0 -1))
  (v128.const i8x16 -1 125 3 0 0 0 0 0 0 0 0 0 0 0 0 -2))

;; store at an unaligned address, read back whole and shifted by one byte
(assert_return (invoke "store-add" (i32.const 13)
                 (v128.const i16x8 1 2 3 4 5 6 7 0x7fff)
                 (v128.const i16x8 1 1 1 1 1 1 1 1)))
(assert_return (invoke "load" (i32.const 16))
  (v128.const i16x8 2 3 4 5 6 7 8 0x8000))
(assert_return (invoke "load" (i32.const 17))
  (v128.const i8x16 0 3 0 4 0 5 0 6 0 7 0 8 0 0 0x80 0))

;; the last 16 bytes of memory, and one byte past them
(assert_return (invoke "store-add" (i32.const 65517)
                 (v128.const f32x4 1 2 3 4) (v128.const i32x4 0 0 0 0)))
(assert_return (invoke "load-mul" (i32.const 65519) (v128.const f32x4 2 2 2 -0.5))
  (v128.const f32x4 2 4 6 -2))
(assert_trap (invoke "load-mul" (i32.const 65520) (v128.const f32x4 1 1 1 1))
  "out of bounds memory access")
(assert_trap (invoke "load-mul" (i32.const -1) (v128.const f32x4 1 1 1 1))
  "out of bounds memory access")
(assert_trap (invoke "store-add" (i32.const 65518)
               (v128.const i32x4 0 0 0 0) (v128.const i32x4 0 0 0 0))
  "out of bounds memory access")

;; the one overflow of dot: two products of -32768
(assert_return (invoke "dot" (v128.const i16x8 1 2 -3 4 -32768 -32768 7 -1)
                             (v128.const i16x8 5 6 7 -8 -32768 -32768 32767 1))
  (v128.const i32x4 17 -53 -2147483648 229368))

;; shift counts are taken modulo the lane width
(assert_return (invoke "i16x8.shr_s" (v128.const i16x8 -32768 -1 1 32767 0 -2 4 -4) (i32.const 17))
  (v128.const i16x8 -16384 -1 0 16383 0 -1 2 -2))
(assert_return (invoke "i16x8.shr_u" (v128.const i16x8 -32768 -1 1 32767 0 -2 4 -4) (i32.const -15))
  (v128.const i16x8 16384 32767 0 16383 0 32767 2 32766))
(assert_return (invoke "i16x8.shl" (v128.const i16x8 1 -1 3 0 0 0 0 0) (i32.const 31))
  (v128.const i16x8 -32768 -32768 -32768 0 0 0 0 0))
(assert_return (invoke "i32x4.shr_s" (v128.const i32x4 -8 8 0x80000000 1) (i32.const 33))
  (v128.const i32x4 -4 4 0xc0000000 0))

;; NaNs, infinities, signed zeros
(assert_return (invoke "f32x4.add" (v128.const f32x4 nan inf -0 1)
                                   (v128.const f32x4 1 -inf -0 -1))
  (v128.const f32x4 nan:arithmetic nan:canonical -0 0))
(assert_return (invoke "f64x2.mul" (v128.const f64x2 -0 inf) (v128.const f64x2 5 0))
  (v128.const f64x2 -0 nan:canonical))

(assert_return (invoke "and-or" (v128.const i64x2 -1 0x0f0f) (v128.const i64x2 0xff00 -1)
                                (v128.const i64x2 1 0x7000000000000000))
  (v128.const i64x2 0xff01 0x7000000000000f0f))
(assert_return (invoke "i16x8.mul" (v128.const i16x8 -32768 256 -1 3 0 0 0 0)
                                   (v128.const i16x8 -1 256 -1 -3 0 0 0 0))
  (v128.const i16x8 -32768 0 1 -9 0 0 0 0))
