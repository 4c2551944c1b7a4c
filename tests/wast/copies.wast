;; Runs of `local.set` after multi-value producers: the translator merges
;; adjacent copies into one `CopyN` only when that keeps their meaning.

(module
  (func $three (result i32 i32 i32) (i32.const 1) (i32.const 2) (i32.const 3))

  ;; Results into consecutive locals, set from the top down (one CopyN).
  (func (export "consecutive") (result i32)
    (local $a i32) (local $b i32) (local $c i32)
    (call $three)
    (local.set $c) (local.set $b) (local.set $a)
    (i32.add (i32.mul (local.get $a) (i32.const 100))
             (i32.add (i32.mul (local.get $b) (i32.const 10)) (local.get $c))))

  ;; A rotation: each copy reads the local the previous one wrote, so the
  ;; copies must stay sequential.
  (func (export "rotate") (param $a i32) (param $b i32) (param $c i32) (result i32)
    (local $t i32)
    (local.set $t (local.get $a))
    (local.set $a (local.get $b))
    (local.set $b (local.get $c))
    (local.set $c (local.get $t))
    (i32.add (i32.mul (local.get $a) (i32.const 100))
             (i32.add (i32.mul (local.get $b) (i32.const 10)) (local.get $c))))

  ;; Shifting down by one: a(i) <- a(i+1), reading slots not yet written.
  (func (export "shift") (param $a i32) (param $b i32) (param $c i32) (result i32)
    (local.set $a (local.get $b))
    (local.set $b (local.get $c))
    (local.set $c (i32.const 0))
    (i32.add (i32.mul (local.get $a) (i32.const 100))
             (i32.add (i32.mul (local.get $b) (i32.const 10)) (local.get $c))))

  ;; Shifting up by one: each copy reads what the one before it wrote.
  (func (export "shift_up") (param $a i32) (param $b i32) (param $c i32) (result i32)
    (local.set $b (local.get $a))
    (local.set $c (local.get $b))
    (i32.add (i32.mul (local.get $a) (i32.const 100))
             (i32.add (i32.mul (local.get $b) (i32.const 10)) (local.get $c))))

  ;; A loop header between two copies: they must not merge.
  (func (export "across_label") (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $i i32)
    (local.set $a (local.get $n))
    (loop $l
      (local.set $b (local.get $a))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 3))))
    (i32.add (i32.mul (local.get $a) (i32.const 100)) (local.get $b))))

(assert_return (invoke "consecutive") (i32.const 123))
(assert_return (invoke "rotate" (i32.const 1) (i32.const 2) (i32.const 3)) (i32.const 231))
(assert_return (invoke "shift" (i32.const 1) (i32.const 2) (i32.const 3)) (i32.const 230))
(assert_return (invoke "shift_up" (i32.const 1) (i32.const 2) (i32.const 3)) (i32.const 111))
(assert_return (invoke "across_label" (i32.const 5)) (i32.const 807))
