;; `struct.get` of an unpacked field reads its operand where it is (a
;; local's slot for a pending `local.get`) and `local.set` can retarget its
;; result; `ref.is_null` and `ref.as_non_null` read theirs in place too, and
;; `br_if`/`if` on `ref.is_null` become one null test and branch. Each case
;; checks that a pending read sees the value from before a later write, that
;; nulls trap with the right message, and that the fused branches go the
;; right way.

(module
  (type $pair (struct (field $a (mut i64)) (field $b (mut (ref null $pair)))))
  (type $packed (struct (field $s (mut i8)) (field $t (mut i16))))

  (func $mk (param $a i64) (param $b (ref null $pair)) (result (ref $pair))
    (struct.new $pair (local.get $a) (local.get $b)))

  ;; The field read into another local, and straight from a local.
  (func (export "get") (param $x i64) (result i64)
    (local $p (ref null $pair))
    (local $v i64)
    (local.set $p (call $mk (local.get $x) (ref.null $pair)))
    (local.set $v (struct.get $pair $a (local.get $p)))
    (i64.add (local.get $v) (struct.get $pair $a (local.get $p))))

  ;; A pending `local.get $p` below the `struct.get` must see the old `$p`
  ;; after `local.set $p` takes the field.
  (func (export "pending") (result i64)
    (local $p (ref null $pair))
    (local.set $p (call $mk (i64.const 7) (call $mk (i64.const 5) (ref.null $pair))))
    (local.get $p)
    (local.set $p (struct.get $pair $b (local.get $p)))
    (struct.get $pair $a)
    (i64.mul (struct.get $pair $a (local.get $p)) (i64.const 10))
    (i64.add))

  ;; Walk a list through `struct.get` into the same local.
  (func (export "length") (param $n i32) (result i32)
    (local $p (ref null $pair))
    (local $k i32)
    (block $done
      (loop $build
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $p (call $mk (i64.extend_i32_u (local.get $n)) (local.get $p)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $build)))
    (block $end
      (loop $walk
        (br_if $end (ref.is_null (local.get $p)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (local.set $p (struct.get $pair $b (local.get $p)))
        (br $walk)))
    (local.get $k))

  ;; `if` on `ref.is_null`, both ways, and the flag kept as a value.
  (func (export "is_null_if") (param $null i32) (result i32)
    (local $p (ref null $pair))
    (if (i32.eqz (local.get $null))
      (then (local.set $p (call $mk (i64.const 1) (ref.null $pair)))))
    (if (result i32) (ref.is_null (local.get $p))
      (then (i32.const 10))
      (else (i32.const 20))))
  (func (export "is_null_value") (param $null i32) (result i32)
    (local $p (ref null $pair))
    (if (i32.eqz (local.get $null))
      (then (local.set $p (call $mk (i64.const 1) (ref.null $pair)))))
    (i32.add (ref.is_null (local.get $p)) (i32.const 100)))

  ;; Null operands trap.
  (func (export "get_null") (result i64)
    (local $p (ref null $pair))
    (struct.get $pair $a (local.get $p)))
  (func (export "as_non_null") (param $null i32) (result i64)
    (local $p (ref null $pair))
    (if (i32.eqz (local.get $null))
      (then (local.set $p (call $mk (i64.const 3) (ref.null $pair)))))
    (struct.get $pair $a (ref.as_non_null (local.get $p))))

  ;; Packed fields keep the out-of-line path: sign and zero extension.
  (func (export "packed") (result i32)
    (local $q (ref null $packed))
    (local.set $q (struct.new $packed (i32.const -1) (i32.const 0x18000)))
    (i32.add
      (struct.get_s $packed $s (local.get $q))
      (struct.get_u $packed $t (local.get $q))))
)

(assert_return (invoke "get" (i64.const 21)) (i64.const 42))
(assert_return (invoke "pending") (i64.const 57))
(assert_return (invoke "length" (i32.const 0)) (i32.const 0))
(assert_return (invoke "length" (i32.const 1000)) (i32.const 1000))
(assert_return (invoke "is_null_if" (i32.const 1)) (i32.const 10))
(assert_return (invoke "is_null_if" (i32.const 0)) (i32.const 20))
(assert_return (invoke "is_null_value" (i32.const 1)) (i32.const 101))
(assert_return (invoke "is_null_value" (i32.const 0)) (i32.const 100))
(assert_trap (invoke "get_null") "null structure reference")
(assert_return (invoke "as_non_null" (i32.const 0)) (i64.const 3))
(assert_trap (invoke "as_non_null" (i32.const 1)) "null reference")
(assert_return (invoke "packed") (i32.const 0x7fff))
