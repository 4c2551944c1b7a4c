;; deep_recursion.wat - deep recursion on a continuation's stack.
;;
;; Measures how an engine grows a continuation's stack: a continuation runs
;; $down(n), which recurses n frames deep (each frame keeps an i64 local
;; live across the call). At the bottom it suspends once with `suspend
;; $bottom`, so the whole deep stack is captured in a suspended
;; continuation; the handler resumes it and the recursion unwinds, each
;; frame adding 1. The result is the depth (the suspend hands the handler
;; the depth reached, which must equal n too, or `run` returns -1).
;;
;; Export:   run(n: i32) -> i32      returns n (the depth reached)
;; Default:  n = 100000              (100,000 frames inside the continuation)
;; Expected: run(100000) = 100000
;; Others:   run(0) = 0, run(1) = 1, run(1000) = 1000
(module
  (type $fn (func (param i32) (result i32)))
  (type $k (cont $fn))
  (type $after_fn (func (result i32)))
  (type $after (cont $after_fn))

  ;; bottom : [depth] -> []
  (tag $bottom (param i32))

  ;; $down(m, d): m frames to go, d frames so far; returns the frames below.
  (func $down (param $m i32) (param $d i32) (result i32)
    (local $keep i64)
    (local.set $keep (i64.extend_i32_u (local.get $m)))
    (if (i32.eqz (local.get $m))
      (then
        (suspend $bottom (local.get $d))
        (return (i32.const 0))))
    (i32.add
      (call $down (i32.sub (local.get $m) (i32.const 1))
                  (i32.add (local.get $d) (i32.const 1)))
      ;; 1, via the local kept across the call.
      (i32.wrap_i64 (i64.sub (local.get $keep)
        (i64.extend_i32_u (i32.sub (local.get $m) (i32.const 1)))))))

  (func $start (param $n i32) (result i32)
    (call $down (local.get $n) (i32.const 0)))
  (elem declare func $start)

  (func (export "run") (param $n i32) (result i32)
    (local $depth i32)
    (local $result i32)
    (block $on_bottom (result i32 (ref $after))
      (resume $k (on $bottom $on_bottom)
        (local.get $n) (cont.new $k (ref.func $start)))
      ;; The recursion must suspend at the bottom.
      (return (i32.const -1)))
    ;; Stack: [depth, continuation of the deep stack].
    (local.set $result (resume $after))
    (local.set $depth)
    (if (result i32) (i32.eq (local.get $depth) (local.get $result))
      (then (local.get $result))
      (else (i32.const -1)))))
