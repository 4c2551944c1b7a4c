;; v128 values in exception payloads and in the values passed by
;; `suspend`, `resume`, `switch` and `cont.bind` (each moves the slot
;; count of its types: two slots per v128).

(module
  (tag $e (param i32 v128 i64))
  (func $throw (param v128)
    (throw $e (i32.const 1) (local.get 0) (i64.const -1)))
  (func (export "catch") (param v128) (result i32 v128 i64)
    (block $h (result i32 v128 i64)
      (try_table (catch $e $h)
        (call $throw (i32x4.add (local.get 0) (local.get 0))))
      (unreachable)))
  (func (export "catch_ref") (param v128) (result i32 v128 i64)
    (block $h (result i32 v128 i64)
      (try_table (catch $e $h)
        (block $r (result exnref)
          (try_table (catch_all_ref $r)
            (call $throw (local.get 0)))
          (unreachable))
        (throw_ref))
      (unreachable))))

(assert_return (invoke "catch" (v128.const i32x4 1 2 3 4))
  (i32.const 1) (v128.const i32x4 2 4 6 8) (i64.const -1))
(assert_return (invoke "catch_ref" (v128.const i64x2 5 6))
  (i32.const 1) (v128.const i64x2 5 6) (i64.const -1))

;; $body is resumed three times: first with a bound i32 and a v128, then
;; from a handler with both values, last through a `cont.bind` of the i32.
(module
  (type $f (func (param i32 v128) (result v128 f64)))
  (type $k (cont $f))
  (type $f1 (func (param v128) (result v128 f64)))
  (type $k1 (cont $f1))
  (tag $yield (param v128 i32) (result i32 v128))

  (func $body (param $n i32) (param $v v128) (result v128 f64)
    (local $w v128) (local $m i32)
    (suspend $yield (local.get $v) (local.get $n))
    (local.set $w)
    (local.set $m)
    (suspend $yield (i32x4.add (local.get $v) (local.get $w)) (local.get $m))
    (local.set $w)
    (drop)
    (local.get $w)
    (f64.const 2.5))
  (elem declare func $body)

  (func (export "drive") (param $v v128) (result v128 f64 i32)
    (local $k (ref null $k)) (local $x v128) (local $i i32)
    (block $on (result v128 i32 (ref $k))
      (resume $k1 (on $yield $on) (local.get $v)
        (cont.bind $k $k1 (i32.const 7) (cont.new $k (ref.func $body))))
      (unreachable))
    (local.set $k) (local.set $i) (local.set $x)
    (block $on2 (result v128 i32 (ref $k))
      (resume $k (on $yield $on2)
        (i32.add (local.get $i) (i32.const 1))
        (i32x4.add (local.get $x) (local.get $x))
        (local.get $k))
      (unreachable))
    (local.set $k) (local.set $i) (local.set $x)
    (resume $k1
      (i32x4.add (local.get $x) (v128.const i32x4 1 1 1 1))
      (cont.bind $k $k1 (local.get $i) (local.get $k)))
    (local.get $i)))

(assert_return (invoke "drive" (v128.const i32x4 1 2 3 4))
  (v128.const i32x4 4 7 10 13) (f64.const 2.5) (i32.const 8))

;; `switch` passes a v128 (and an i32 after it) back and forth.
(module
  (rec
    (type $ft (func (param v128 i32 (ref null $ct)) (result v128)))
    (type $ct (cont $ft)))
  (type $pft (func (param i32 v128 i32 (ref null $ct)) (result v128)))
  (type $pct (cont $pft))
  (tag $swap (result v128))
  (func $player (param $id i32) (param $v v128) (param $n i32) (param $other (ref null $ct))
    (result v128)
    (loop $turn
      (if (i32.ge_u (local.get $n) (i32.const 6))
        (then (return (i32x4.replace_lane 3 (local.get $v) (local.get $id)))))
      (switch $ct $swap
        (i32x4.add (local.get $v) (i32x4.splat (local.get $id)))
        (i32.add (local.get $n) (i32.const 1))
        (local.get $other))
      (local.set $other)
      (local.set $n)
      (local.set $v)
      (br $turn))
    (unreachable))
  (elem declare func $player)
  (func $make (param $id i32) (result (ref $ct))
    (cont.bind $pct $ct (local.get $id) (cont.new $pct (ref.func $player))))
  (func (export "run") (result v128)
    (resume $ct (on $swap switch)
      (v128.const i32x4 0 0 0 0) (i32.const 0) (call $make (i32.const 2))
      (call $make (i32.const 1)))))
(assert_return (invoke "run") (v128.const i32x4 9 9 9 1))
