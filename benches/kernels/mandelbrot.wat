;; mandelbrot.wat - f64 Mandelbrot escape-time loop (float-heavy kernel)
;;
;; run(n) samples an n x n grid over the rectangle
;;     re in [-2.0, 0.5),  im in [-1.25, 1.25)
;; (point (x, y) is c = (x * s - 2.0) + (y * s - 1.25) i with s = 2.5 / n)
;; and iterates z <- z*z + c from z = 0 while |z|^2 <= 4.0, at most
;; 1000 times.  It returns the sum over all points of the number of
;; iterations done (points in the set contribute 1000 each).
;; Only f64 add/sub/mul/compare and i32/f64 conversions are used, in a
;; fixed order with no fused operations, so every conforming engine
;; gives the same bit-exact result.
;;
;; Export:   run(n: i32) -> i32      sum of iteration counts (i32, wraps
;;                                   only for n > ~1400)
;; Default:  n = 300                 (90,000 points, max 1000 iterations)
;; Expected: run(300) = 22319491
;; Others:   run(10) = 30349, run(100) = 2487428,
;;           run(200) = 9929677, run(400) = 39684266
(module
  (func (export "run") (param $n i32) (result i32)
    (local $x i32) (local $y i32) (local $i i32) (local $sum i32)
    (local $s f64) (local $cr f64) (local $ci f64)
    (local $zr f64) (local $zi f64) (local $zr2 f64) (local $zi2 f64)

    (local.set $s (f64.div (f64.const 2.5) (f64.convert_i32_s (local.get $n))))
    (local.set $y (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $n)))
        (local.set $ci
          (f64.sub (f64.mul (f64.convert_i32_s (local.get $y)) (local.get $s))
                   (f64.const 1.25)))
        (local.set $x (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_s (local.get $x) (local.get $n)))
            (local.set $cr
              (f64.sub (f64.mul (f64.convert_i32_s (local.get $x)) (local.get $s))
                       (f64.const 2.0)))
            (local.set $zr (f64.const 0))
            (local.set $zi (f64.const 0))
            (local.set $zr2 (f64.const 0))
            (local.set $zi2 (f64.const 0))
            (local.set $i (i32.const 0))
            (block $escaped
              (loop $iter
                (br_if $escaped (i32.ge_u (local.get $i) (i32.const 1000)))
                (br_if $escaped
                  (f64.gt (f64.add (local.get $zr2) (local.get $zi2))
                          (f64.const 4.0)))
                ;; zi = 2*zr*zi + ci ; zr = zr^2 - zi^2 + cr
                (local.set $zi
                  (f64.add (f64.mul (f64.add (local.get $zr) (local.get $zr))
                                    (local.get $zi))
                           (local.get $ci)))
                (local.set $zr
                  (f64.add (f64.sub (local.get $zr2) (local.get $zi2))
                           (local.get $cr)))
                (local.set $zr2 (f64.mul (local.get $zr) (local.get $zr)))
                (local.set $zi2 (f64.mul (local.get $zi) (local.get $zi)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $iter)))
            (local.set $sum (i32.add (local.get $sum) (local.get $i)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $cols)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    (local.get $sum)))
