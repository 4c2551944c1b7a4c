;; binary-trees (the Benchmarks Game's allocation benchmark) with GC
;; structs: `run(n)` builds a stretch tree of depth n + 1, a long-lived
;; tree of depth n, and for each depth d = 4, 6, ..., n, 2^(n - d + 4)
;; trees of depth d, each checked (node count) and dropped. Returns the
;; sum of all checks. run(10) = 135854, run(16) = 14985902,
;; run(18) = 68332206.
(module
  (type $node (struct (field $l (ref null $node)) (field $r (ref null $node))))

  (func $make (param $d i32) (result (ref $node))
    (if (result (ref $node)) (i32.eqz (local.get $d))
      (then (struct.new $node (ref.null $node) (ref.null $node)))
      (else
        (local.set $d (i32.sub (local.get $d) (i32.const 1)))
        (struct.new $node (call $make (local.get $d)) (call $make (local.get $d))))))

  (func $check (param $n (ref $node)) (result i32)
    (local $l (ref null $node))
    (local.set $l (struct.get $node $l (local.get $n)))
    (if (result i32) (ref.is_null (local.get $l))
      (then (i32.const 1))
      (else
        (i32.add
          (i32.add (i32.const 1) (call $check (ref.as_non_null (local.get $l))))
          (call $check (ref.as_non_null (struct.get $node $r (local.get $n))))))))

  (func (export "run") (param $n i32) (result i32)
    (local $long (ref null $node))
    (local $d i32)
    (local $iters i32)
    (local $i i32)
    (local $total i32)
    (local.set $total (call $check (call $make (i32.add (local.get $n) (i32.const 1)))))
    (local.set $long (call $make (local.get $n)))
    (local.set $d (i32.const 4))
    (block $done
      (loop $depths
        (br_if $done (i32.gt_u (local.get $d) (local.get $n)))
        (local.set $iters
          (i32.shl (i32.const 1) (i32.add (i32.sub (local.get $n) (local.get $d)) (i32.const 4))))
        (local.set $i (i32.const 0))
        (loop $trees
          (local.set $total
            (i32.add (local.get $total) (call $check (call $make (local.get $d)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $trees (i32.lt_u (local.get $i) (local.get $iters))))
        (local.set $d (i32.add (local.get $d) (i32.const 2)))
        (br $depths)))
    (i32.add (local.get $total) (call $check (ref.as_non_null (local.get $long))))))
