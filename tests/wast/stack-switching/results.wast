;; Values delivered by the next resume of a `suspend` or `switch`: the
;; translator may have them land straight in the locals that the
;; `local.set`s after the instruction would copy them to. Every pattern
;; here must behave as the plain copies would.

(module
  (type $f2 (func (param i32 i32) (result i32)))
  (type $k2 (cont $f2))
  (tag $ask (param i32) (result i32 i32))

  ;; Results set in stack order into consecutive locals (merged), then used.
  (func $in_order (param $x i32) (param $y i32) (result i32)
    (local $a i32) (local $b i32)
    (suspend $ask (local.get $x))
    (local.set $b) (local.set $a)
    (i32.add (i32.mul (local.get $a) (i32.const 10)) (local.get $b)))

  ;; Results set crosswise (not a run): copies stay.
  (func $crossed (param $x i32) (param $y i32) (result i32)
    (local $a i32) (local $b i32)
    (suspend $ask (local.get $x))
    (local.set $a) (local.set $b)
    (i32.add (i32.mul (local.get $a) (i32.const 10)) (local.get $b)))

  ;; Only the top result set; the other is consumed by an add.
  (func $partial (param $x i32) (param $y i32) (result i32)
    (local $b i32)
    (suspend $ask (local.get $x))
    (local.set $b)
    (i32.add (i32.mul (i32.const 10)) (local.get $b)))

  ;; local.tee keeps the value on the stack.
  (func $tee (param $x i32) (param $y i32) (result i32)
    (local $a i32) (local $b i32)
    (suspend $ask (local.get $x))
    (local.tee $b) (drop) (local.tee $a)
    (i32.add (i32.mul (i32.const 10)) (local.get $b)))

  ;; A pending read of the local that a result overwrites.
  (func $pending (param $x i32) (param $y i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.const 7))
    (local.get $a)
    (suspend $ask (local.get $x))
    (local.set $b) (local.set $a)
    ;; old $a (7) * 100 + new $a * 10 + $b
    (i32.add (i32.mul (i32.const 100))
             (i32.add (i32.mul (local.get $a) (i32.const 10)) (local.get $b))))

  (elem declare func $in_order $crossed $partial $tee $pending)

  ;; Runs `f` until it suspends with x, answers (x + 1, x + 2), returns
  ;; its result.
  (func $drive (param $k (ref $k2)) (result i32)
    (local $x i32)
    (block $on_ask (result i32 (ref $k2))
      (return (resume $k2 (on $ask $on_ask) (i32.const 3) (i32.const 0) (local.get $k))))
    (local.set $k)
    (local.set $x)
    (resume $k2 (i32.add (local.get $x) (i32.const 1))
                (i32.add (local.get $x) (i32.const 2))
                (local.get $k)))

  (func (export "in_order") (result i32) (call $drive (cont.new $k2 (ref.func $in_order))))
  (func (export "crossed") (result i32) (call $drive (cont.new $k2 (ref.func $crossed))))
  (func (export "partial") (result i32) (call $drive (cont.new $k2 (ref.func $partial))))
  (func (export "tee") (result i32) (call $drive (cont.new $k2 (ref.func $tee))))
  (func (export "pending") (result i32) (call $drive (cont.new $k2 (ref.func $pending)))))

(assert_return (invoke "in_order") (i32.const 45))
(assert_return (invoke "crossed") (i32.const 54))
(assert_return (invoke "partial") (i32.const 45))
(assert_return (invoke "tee") (i32.const 45))
(assert_return (invoke "pending") (i32.const 745))
