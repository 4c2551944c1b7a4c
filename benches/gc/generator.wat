;; A generator of GC objects run as a continuation (GC and stack switching
;; in one store, which Wasmtime refuses): the generator yields a fresh
;; struct (a point on a line) per step, the consumer sums a field of each
;; and drops it. `run(n)` returns the sum of 3 * i + 1 for i < n, wrapped
;; to an i32: run(1000) = 1499500, run(10000000) = -1737812800.
(module
  (type $pt (struct (field $x i32) (field $y i32)))
  (type $f (func))
  (type $k (cont $f))
  (tag $yield (param (ref $pt)))
  (func $gen
    (local $i i32)
    (loop $l
      (suspend $yield (struct.new $pt (local.get $i)
                        (i32.add (i32.mul (local.get $i) (i32.const 3)) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
  (elem declare func $gen)
  (func (export "run") (param $n i32) (result i32)
    (local $k (ref null $k))
    (local $sum i32)
    (local $p (ref null $pt))
    (local.set $k (cont.new $k (ref.func $gen)))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (block $on_yield (result (ref $pt) (ref $k))
          (resume $k (on $yield $on_yield) (local.get $k))
          (unreachable))
        (local.set $k)
        (local.set $p)
        (local.set $sum (i32.add (local.get $sum) (struct.get $pt $y (local.get $p))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $sum)))
