;; v128 values that compiled code keeps in one vector variable (both slots
;; only ever read and written as a v128, or copied): across loop back
;; edges, across exits (a call of a host-like import and a call that the
;; callee's trap makes exit) where the frame must hold both halves, after
;; re-entry, through copies, selects, constants and returns; and a pair
;; whose halves are also read one at a time (two i64 variables).

(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (memory 1)
  (data (i32.const 16) "\0a\00\00\00\00\00\00\00\14\00\00\00\00\00\00\00")
  (global $calls (mut i32) (i32.const 0))
  (func $bump (param v128) (result v128)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32x4.add (local.get 0) (v128.const i32x4 1 1 1 1)))

  ;; an accumulator and a constant vector live across the back edge and
  ;; across a call (an exit, or a native call) in every iteration
  (func (export "acc-calls") (param $n i32) (result i32)
    (local $acc v128) (local $step v128) (local $copy v128)
    (local.set $step (v128.const i32x4 1 2 3 4))
    (loop $l
      (local.set $acc (i32x4.add (local.get $acc) (local.get $step)))
      (local.set $copy (local.get $acc))
      (local.set $acc (call $bump (local.get $copy)))
      (if (i32.eqz (i32.and (local.get $n) (i32.const 7)))
        (then (call $print (i32x4.extract_lane 0 (local.get $acc)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; a select of vectors and a vector kept across a trapping load that
  ;; does not trap
  (func (export "select-loop") (param $n i32) (param $addr i32) (result i64)
    (local $a v128) (local $b v128)
    (local.set $a (v128.const i64x2 1 2))
    (local.set $b (v128.const i64x2 -1 -2))
    (loop $l
      (local.set $a
        (select (local.get $b) (local.get $a) (i32.and (local.get $n) (i32.const 1))))
      (local.set $b
        (i64x2.add (local.get $b) (v128.load (local.get $addr))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i64.add (i64x2.extract_lane 0 (local.get $a)) (i64x2.extract_lane 1 (local.get $b))))

  ;; the v128 a trap leaves behind is the one compiled code computed
  (func (export "trap-after") (param $n i32) (param $addr i32) (result v128)
    (local $v v128)
    (loop $l
      (local.set $v (f32x4.add (local.get $v) (v128.const f32x4 0.5 1 1.5 2)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (drop (v128.load (local.get $addr)))
    (local.get $v))

  ;; halves read one at a time: the pair keeps two i64 variables
  (func (export "halves") (param $n i32) (result i64)
    (local $v v128) (local $lo i64)
    (loop $l
      (local.set $v (i64x2.add (local.get $v) (v128.const i64x2 3 5)))
      (local.set $lo (i64.add (local.get $lo) (i64x2.extract_lane 0 (local.get $v))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i64.add (local.get $lo) (i64x2.extract_lane 1 (local.get $v))))

  (func (export "calls") (result i32) (global.get $calls))
)

;; acc_k = acc_{k-1} + (1,2,3,4) + (1,1,1,1): after 64 rounds 64*(2,3,4,5)
(assert_return (invoke "acc-calls" (i32.const 64)) (i32.const 896))
(assert_return (invoke "calls") (i32.const 64))
(assert_return (invoke "acc-calls" (i32.const 1000)) (i32.const 14000))
;; n odd picks b, even keeps a; b grows by the v128 at addr: by 0 at 0,
;; by (10, 20) at 16
(assert_return (invoke "select-loop" (i32.const 4) (i32.const 0)) (i64.const -3))
(assert_return (invoke "select-loop" (i32.const 3) (i32.const 16)) (i64.const 77))
(assert_trap (invoke "select-loop" (i32.const 4) (i32.const 65530)) "out of bounds memory access")
(assert_return (invoke "trap-after" (i32.const 4) (i32.const 0))
  (v128.const f32x4 2 4 6 8))
(assert_trap (invoke "trap-after" (i32.const 4) (i32.const 65535)) "out of bounds memory access")
;; lo = 3 * (1 + ... + 100), hi = 5 * 100
(assert_return (invoke "halves" (i32.const 100)) (i64.const 15650))
