;; Counted loops: the translator fuses `i = i + k` (or `i = i + step`)
;; with the compare-and-branch on `i` after it. These cover each fused
;; comparison, negative steps, wrap-around and a branch that lands on the
;; compare-and-branch itself (which stays in place for such branches);
;; the second module checks `i32.eqz` fused into branches.

(module
  ;; do { sum += i; i += 1 } while (i <u n)
  (func (export "lt_u") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum))

  ;; Signed, counting up from a negative start by 3.
  (func (export "lt_s") (param $start i32) (param $n i32) (result i32)
    (local $count i32)
    (loop $l
      (local.set $count (i32.add (local.get $count) (i32.const 1)))
      (local.set $start (i32.add (local.get $start) (i32.const 3)))
      (br_if $l (i32.lt_s (local.get $start) (local.get $n))))
    (local.get $count))

  ;; Counting down with i32.sub until the counter reaches the bound.
  (func (export "ne_down") (param $i i32) (param $stop i32) (result i32)
    (local $count i32)
    (loop $l
      (local.set $count (i32.add (local.get $count) (i32.const 1)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $l (i32.ne (local.get $i) (local.get $stop))))
    (local.get $count))

  ;; The increment wraps around: 0xffff_fffe + 1, + 1 = 0 (not <u 5 ...
  ;; then 0 <u 5 again): counts the steps until i == 5 from the top.
  (func (export "wrap") (result i32)
    (local $i i32) (local $count i32)
    (local.set $i (i32.const 0xffff_fffd))
    (loop $l
      (local.set $count (i32.add (local.get $count) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.ne (local.get $i) (i32.const 5))))
    (local.get $count))

  ;; A branch that lands on the compare-and-branch itself, skipping the
  ;; increment on odd counts: the fused step must not be the only way in.
  (func (export "enter_at_test") (param $n i32) (result i32)
    (local $i i32) (local $count i32)
    (loop $l
      (local.set $count (i32.add (local.get $count) (i32.const 1)))
      (block $skip
        (br_if $skip (i32.and (local.get $count) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 2))))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (i32.mul (local.get $count) (i32.const 1000)) (local.get $i))))

(assert_return (invoke "lt_u" (i32.const 0)) (i32.const 0))
(assert_return (invoke "lt_u" (i32.const 1)) (i32.const 0))
(assert_return (invoke "lt_u" (i32.const 10)) (i32.const 45))
(assert_return (invoke "lt_s" (i32.const -10) (i32.const 5)) (i32.const 5))
(assert_return (invoke "lt_s" (i32.const 100) (i32.const 5)) (i32.const 1))
(assert_return (invoke "ne_down" (i32.const 10) (i32.const 0)) (i32.const 10))
(assert_return (invoke "ne_down" (i32.const 0) (i32.const -3)) (i32.const 3))
(assert_return (invoke "wrap") (i32.const 8))
(assert_return (invoke "enter_at_test" (i32.const 7)) (i32.const 8008))

(module
  ;; Strided loops: `j = j + step` (a local) fused with the test on j.
  (func (export "strided_u") (param $start i32) (param $step i32) (param $n i32) (result i32)
    (local $count i32)
    (loop $l
      (local.set $count (i32.add (local.get $count) (i32.const 1)))
      (local.set $start (i32.add (local.get $start) (local.get $step)))
      (br_if $l (i32.lt_u (local.get $start) (local.get $n))))
    (local.get $count))
  ;; The step on the left of the add, signed test, negative step.
  (func (export "strided_s") (param $start i32) (param $step i32) (param $n i32) (result i32)
    (local $count i32)
    (loop $l
      (local.set $count (i32.add (local.get $count) (i32.const 1)))
      (local.set $start (i32.add (local.get $step) (local.get $start)))
      (br_if $l (i32.lt_s (local.get $start) (local.get $n))))
    (local.get $count))

  ;; `if (i32.eqz x)` and `br_if (i32.eqz x)` branch on x itself.
  (func (export "if_eqz") (param $x i32) (result i32)
    (if (result i32) (i32.eqz (local.get $x)) (then (i32.const 1)) (else (i32.const 2))))
  (func (export "br_if_eqz") (param $x i32) (result i32)
    (block $zero
      (br_if $zero (i32.eqz (local.get $x)))
      (return (i32.const 2)))
    (i32.const 1))
  ;; i64.eqz looks at all 64 bits.
  (func (export "if_eqz64") (param $x i64) (result i32)
    (if (result i32) (i64.eqz (local.get $x)) (then (i32.const 1)) (else (i32.const 2))))
  (func (export "br_if_eqz64") (param $x i64) (result i32)
    (block $zero
      (br_if $zero (i64.eqz (local.get $x)))
      (return (i32.const 2)))
    (i32.const 1)))

(assert_return (invoke "strided_u" (i32.const 0) (i32.const 3) (i32.const 10)) (i32.const 4))
(assert_return (invoke "strided_u" (i32.const 0x7fff_fff0) (i32.const 0x10) (i32.const 0x8000_0010)) (i32.const 2))
(assert_return (invoke "strided_s" (i32.const 10) (i32.const -3) (i32.const 0)) (i32.const 1))
(assert_return (invoke "strided_s" (i32.const -10) (i32.const 4) (i32.const 5)) (i32.const 4))
(assert_return (invoke "if_eqz" (i32.const 0)) (i32.const 1))
(assert_return (invoke "if_eqz" (i32.const 7)) (i32.const 2))
(assert_return (invoke "br_if_eqz" (i32.const 0)) (i32.const 1))
(assert_return (invoke "br_if_eqz" (i32.const -1)) (i32.const 2))
(assert_return (invoke "if_eqz64" (i64.const 0)) (i32.const 1))
(assert_return (invoke "if_eqz64" (i64.const 0x1_0000_0000)) (i32.const 2))
(assert_return (invoke "br_if_eqz64" (i64.const 0)) (i32.const 1))
(assert_return (invoke "br_if_eqz64" (i64.const 0x1_0000_0000)) (i32.const 2))
