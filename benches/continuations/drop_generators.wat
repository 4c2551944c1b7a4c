;; drop_generators: create N generators, take one value from each, drop it.
;;
;; Measures that abandoned (suspended, unreachable) continuations are
;; reclaimed: peak RSS must stay flat however large N is (the collector frees
;; the dropped generators).
;;
;; Default argument: 10000000. Expected result: N * 7 (each generator first
;; yields 7) = 70000000.
(module
  (type $f (func (result i32)))
  (type $k (cont $f))
  (tag $yield (param i32))
  (func $gen (result i32)
    (local $i i32)
    (local.set $i (i32.const 7))
    (loop $l
      (suspend $yield (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))
    (i32.const 0))
  (elem declare func $gen)
  (func (export "run") (param $n i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (block $on_yield (result i32 (ref $k))
          (resume $k (on $yield $on_yield) (cont.new $k (ref.func $gen)))
          (br $done))
        (drop)
        (local.set $sum (i32.add (local.get $sum)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $sum)))
