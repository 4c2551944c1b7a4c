;; `table.get`, `table.set` and `table.size` of tables other than 0 in
;; compiled code (inline on the instance's table views), also after the
;; interpreter grew a table between two entries, and their traps.

(module
  (table $a 1 funcref)
  (table $b 2 externref)
  (table $c 0 100 funcref)
  (func $f)
  (elem declare func $f)

  (func (export "sizes") (result i32)
    (i32.add
      (i32.mul (table.size $a) (i32.const 100))
      (i32.add (i32.mul (table.size $b) (i32.const 10)) (table.size $c))))

  ;; Grows $c by n (an exit: the interpreter grows it), then reads its new
  ;; size and sets and reads its new last element in compiled code.
  (func (export "grow-set-get") (param $n i32) (result i32)
    (drop (table.grow $c (ref.null func) (local.get $n)))
    (table.set $c (i32.sub (table.size $c) (i32.const 1)) (ref.func $f))
    (i32.add
      (i32.mul (table.size $c) (i32.const 10))
      (ref.is_null (table.get $c (i32.sub (table.size $c) (i32.const 1))))))

  ;; n times: sets element i mod size of $c to $f or null by parity, and
  ;; counts the nulls read back; element `bad` is read at the end.
  (func (export "loop") (param $n i32) (param $bad i32) (result i32)
    (local $i i32) (local $nulls i32) (local $x i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i32.rem_u (local.get $i) (table.size $c)))
        (if (i32.and (local.get $i) (i32.const 1))
          (then (table.set $c (local.get $x) (ref.null func)))
          (else (table.set $c (local.get $x) (ref.func $f))))
        (local.set $nulls
          (i32.add (local.get $nulls) (ref.is_null (table.get $c (local.get $x)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (drop (table.get $c (local.get $bad)))
    (local.get $nulls))

  (func (export "get-b") (param i32) (result externref) (table.get $b (local.get 0)))
  (func (export "set-b") (param i32 externref) (table.set $b (local.get 0) (local.get 1)))
)

(assert_return (invoke "sizes") (i32.const 120))
(assert_return (invoke "grow-set-get" (i32.const 3)) (i32.const 30))
(assert_return (invoke "sizes") (i32.const 123))
(assert_return (invoke "grow-set-get" (i32.const 2)) (i32.const 50))
(assert_return (invoke "sizes") (i32.const 125))
(assert_return (invoke "loop" (i32.const 1000) (i32.const 4)) (i32.const 500))
(assert_trap (invoke "loop" (i32.const 1000) (i32.const 5)) "out of bounds table access")
(assert_return (invoke "grow-set-get" (i32.const 95)) (i32.const 1000))
(assert_return (invoke "loop" (i32.const 1001) (i32.const 99)) (i32.const 500))
(assert_trap (invoke "loop" (i32.const 10) (i32.const 100)) "out of bounds table access")
;; Past the maximum: the grow fails (-1), the size stays 100.
(assert_return (invoke "grow-set-get" (i32.const 1)) (i32.const 1000))

(assert_return (invoke "set-b" (i32.const 1) (ref.extern 5)))
(assert_return (invoke "get-b" (i32.const 1)) (ref.extern 5))
(assert_return (invoke "get-b" (i32.const 0)) (ref.null extern))
(assert_trap (invoke "get-b" (i32.const 2)) "out of bounds table access")
(assert_trap (invoke "get-b" (i32.const -1)) "out of bounds table access")
(assert_trap (invoke "set-b" (i32.const 2) (ref.extern 1)) "out of bounds table access")
(assert_return (invoke "get-b" (i32.const 1)) (ref.extern 5))
