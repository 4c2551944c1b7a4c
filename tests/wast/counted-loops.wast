;; Counted loops: the translator fuses `i = i + k` with the compare-and-
;; branch on `i` after it. These cover each fused comparison, negative
;; steps, wrap-around and a branch that lands on the compare-and-branch
;; itself (which stays in place for such branches).

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
