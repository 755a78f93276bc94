;; Single-precision GEMM with 128-bit WebAssembly SIMD: C[m,n] += A[m,k] · B[k,n].
;;
;; The GotoBLAS scheme: B is packed in blocks of KC rows x NC columns into panels 8 columns wide,
;; A in blocks of MC rows x KC into panels 4 rows tall (both zero-padded at the edges), and a 4x8
;; micro-kernel multiplies one A panel by one B panel, holding the 4x8 tile of C in eight f32x4
;; accumulators. With the two B vectors and the A splat that is 11 live v128 values: V8 keeps them
;; all in registers (more than about 15 spill, and a 6x8 tile runs slower; unrolling K hurt too).
;;
;; A and B are read through element strides, so the caller's transposes cost nothing here: A[i,p]
;; is the f32 at a + 4*(i*aRowStride + p*aColStride), and likewise for B. C is row-major with ldc
;; elements per row and is accumulated into, so the caller zeroes it for a plain product.
;;
;; Scratch the caller provides: packA (MC*KC floats), packB (KC*NC floats) and tile (32 floats).
;; With $overwrite the first K block stores its tiles instead of adding them, so C need not be zeroed.
;; This file, plus the elementwise functions scripts/build-wasm.mjs generates, is compiled by that
;; script to src/wasm/kernels-wasm.ts.
(module
  ;; The memory is imported: shared by the worker threads (and holding every tensor) where
  ;; SharedArrayBuffer exists, else private to this instance. scripts/build-wasm.mjs compiles both.
  (import "env" "memory" (memory 1 16384 shared))

  ;; Cache blocking (in elements): an A block of 128x256 floats is 128 KiB (L2), a B micro-panel
  ;; of 256x8 floats 8 KiB (L1), a B block of 256x1024 floats 1 MiB.
  (global $MC (export "MC") i32 (i32.const 128))
  (global $KC (export "KC") i32 (i32.const 256))
  (global $NC (export "NC") i32 (i32.const 1024))

  ;; C tile (4 rows at c, ldcBytes apart, 8 floats each) += packed A panel (kc x 4) · packed B
  ;; panel (kc x 8), or = when $store (C is not read: the caller need not zero it). kc >= 1.
  (func $kernel4x8 (param $kc i32) (param $pa i32) (param $pb i32) (param $c i32) (param $ldcBytes i32) (param $store i32)
    (local $end i32)
    (local $a v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $kc) (i32.const 4))))
    (loop $k
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (v128.load32_splat (local.get $pa)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=8 (local.get $pa)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=12 (local.get $pa)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $pa) (local.get $end))))
    (if (local.get $store)
      (then
        (v128.store (local.get $c) (local.get $c00))
        (v128.store offset=16 (local.get $c) (local.get $c01))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (v128.store (local.get $c) (local.get $c10))
        (v128.store offset=16 (local.get $c) (local.get $c11))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (v128.store (local.get $c) (local.get $c20))
        (v128.store offset=16 (local.get $c) (local.get $c21))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (v128.store (local.get $c) (local.get $c30))
        (v128.store offset=16 (local.get $c) (local.get $c31)))
      (else
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c00)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c01)))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c10)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c11)))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c20)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c21)))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c30)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c31))))))

  ;; Packs rows [0, mc) x columns [0, kc) of the A block at a into panels of 4 rows: panel q holds,
  ;; for each p, A[4q..4q+3, p] contiguously. Rows past mc are zeros.
  (func $packA (param $a i32) (param $rowStride i32) (param $colStride i32) (param $mc i32) (param $kc i32) (param $dst i32)
    (local $i i32) (local $r i32) (local $p i32) (local $src i32) (local $rowBytes i32) (local $colBytes i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $rowStride) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $colStride) (i32.const 2)))
    (block $done
      (loop $panels
        (br_if $done (i32.ge_u (local.get $i) (local.get $mc)))
        (local.set $r0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
        (if (i32.and (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $mc)) (i32.eq (local.get $rowStride) (i32.const 1)))
          (then
            ;; A full panel of a transposed A: its four rows are adjacent at every p, one vector copy.
            (local.set $p (i32.const 0))
            (loop $columns
              (v128.store (local.get $dst) (v128.load (local.get $r0)))
              (local.set $r0 (i32.add (local.get $r0) (local.get $colBytes)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $columns (i32.lt_u (local.get $p) (local.get $kc)))))
        (else (if (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $mc))
          (then
            ;; A full panel: four row pointers walk along p together.
            (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
            (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
            (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
            (local.set $p (i32.const 0))
            ;; Rows contiguous along p (colStride 1): four p at a time, a 4x4 transpose in registers.
            (if (i32.eq (local.get $colStride) (i32.const 1))
              (then
                (block $quadsDone
                  (loop $quads
                    (br_if $quadsDone (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
                    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (local.get $r0)) (v128.load (local.get $r1))))
                    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (local.get $r0)) (v128.load (local.get $r1))))
                    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (local.get $r2)) (v128.load (local.get $r3))))
                    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (local.get $r2)) (v128.load (local.get $r3))))
                    (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                    (v128.store offset=16 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                    (v128.store offset=32 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                    (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                    (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
                    (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
                    (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
                    (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (br $quads)))))
            (block $columnsDone
              (loop $columns
                (br_if $columnsDone (i32.ge_u (local.get $p) (local.get $kc)))
                (f32.store (local.get $dst) (f32.load (local.get $r0)))
                (f32.store offset=4 (local.get $dst) (f32.load (local.get $r1)))
                (f32.store offset=8 (local.get $dst) (f32.load (local.get $r2)))
                (f32.store offset=12 (local.get $dst) (f32.load (local.get $r3)))
                (local.set $r0 (i32.add (local.get $r0) (local.get $colBytes)))
                (local.set $r1 (i32.add (local.get $r1) (local.get $colBytes)))
                (local.set $r2 (i32.add (local.get $r2) (local.get $colBytes)))
                (local.set $r3 (i32.add (local.get $r3) (local.get $colBytes)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $columns))))
          (else
            ;; The last, partial panel: zeros, then the rows that exist.
            (memory.fill (local.get $dst) (i32.const 0) (i32.shl (local.get $kc) (i32.const 4)))
            (local.set $r (i32.const 0))
            (loop $rows
              (local.set $src (local.get $r0))
              (local.set $p (i32.const 0))
              (loop $columns
                (f32.store
                  (i32.add (local.get $dst) (i32.shl (i32.add (i32.shl (local.get $p) (i32.const 2)) (local.get $r)) (i32.const 2)))
                  (f32.load (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $colBytes)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br_if $columns (i32.lt_u (local.get $p) (local.get $kc))))
              (local.set $r0 (i32.add (local.get $r0) (local.get $rowBytes)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $rows (i32.lt_u (i32.add (local.get $i) (local.get $r)) (local.get $mc))))
            (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 4))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $panels))))

  ;; Packs rows [0, kc) x columns [0, nc) of the B block at b into panels of 8 columns: panel q
  ;; holds, for each p, B[p, 8q..8q+7] contiguously. Columns past nc are zeros.
  (func $packB (param $b i32) (param $rowStride i32) (param $colStride i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $j i32) (local $p i32) (local $cc i32) (local $width i32) (local $src i32) (local $row i32)
    (local $rowBytes i32) (local $colBytes i32)
    (local.set $rowBytes (i32.shl (local.get $rowStride) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $colStride) (i32.const 2)))
    (block $done
      (loop $panels
        (br_if $done (i32.ge_u (local.get $j) (local.get $nc)))
        (local.set $row (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $colBytes))))
        (local.set $width (i32.sub (local.get $nc) (local.get $j)))
        (if (i32.and (i32.ge_u (local.get $width) (i32.const 8)) (i32.eq (local.get $colStride) (i32.const 1)))
          (then
            ;; Contiguous rows of 8: two vector copies per p.
            (local.set $p (i32.const 0))
            (loop $rows
              (v128.store (local.get $dst) (v128.load (local.get $row)))
              (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $row)))
              (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $rows (i32.lt_u (local.get $p) (local.get $kc)))))
          (else
            (if (i32.gt_u (local.get $width) (i32.const 8)) (then (local.set $width (i32.const 8))))
            (local.set $p (i32.const 0))
            (loop $rows
              (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
              (v128.store offset=16 (local.get $dst) (v128.const i32x4 0 0 0 0))
              (local.set $src (local.get $row))
              (local.set $cc (i32.const 0))
              (loop $columns
                (f32.store (i32.add (local.get $dst) (i32.shl (local.get $cc) (i32.const 2))) (f32.load (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $colBytes)))
                (local.set $cc (i32.add (local.get $cc) (i32.const 1)))
                (br_if $columns (i32.lt_u (local.get $cc) (local.get $width))))
              (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $rows (i32.lt_u (local.get $p) (local.get $kc))))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panels))))

  ;; C (rows x columns, at c, ldc elements per row) += the first rows x columns of the 4x8 tile
  ;; (or = when $store).
  (func $addTile (param $tile i32) (param $c i32) (param $ldcBytes i32) (param $rows i32) (param $columns i32) (param $store i32)
    (local $r i32) (local $cc i32) (local $dst i32)
    (loop $rowLoop
      (local.set $cc (i32.const 0))
      (loop $columnLoop
        (local.set $dst (i32.add (local.get $c) (i32.shl (local.get $cc) (i32.const 2))))
        (f32.store (local.get $dst)
          (f32.add (select (f32.const 0) (f32.load (local.get $dst)) (local.get $store))
            (f32.load (i32.add (local.get $tile) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $cc)) (i32.const 2))))))
        (local.set $cc (i32.add (local.get $cc) (i32.const 1)))
        (br_if $columnLoop (i32.lt_u (local.get $cc) (local.get $columns))))
      (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rowLoop (i32.lt_u (local.get $r) (local.get $rows)))))

  ;; C[m,n] += A[m,k] · B[k,n], or = when $overwrite (C is then never read, so needs no zeroing);
  ;; pointers are byte addresses, strides are in elements.
  (func (export "gemm")
    (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $aRowStride i32) (param $aColStride i32)
    (param $b i32) (param $bRowStride i32) (param $bColStride i32)
    (param $c i32) (param $ldc i32)
    (param $packA i32) (param $packB i32) (param $tile i32) (param $overwrite i32)
    (local $store i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $mc i32)
    (local $jr i32) (local $ir i32) (local $ldcBytes i32) (local $cBlock i32) (local $cTile i32)
    (local $pa i32) (local $pb i32)
    (if (i32.or (i32.or (i32.eqz (local.get $m)) (i32.eqz (local.get $n))) (i32.eqz (local.get $k)))
      (then (return)))
    (local.set $ldcBytes (i32.shl (local.get $ldc) (i32.const 2)))
    (loop $jcLoop
      (local.set $nc (i32.sub (local.get $n) (local.get $jc)))
      (if (i32.gt_u (local.get $nc) (global.get $NC)) (then (local.set $nc (global.get $NC))))
      (local.set $pc (i32.const 0))
      (loop $pcLoop
        (local.set $kc (i32.sub (local.get $k) (local.get $pc)))
        (if (i32.gt_u (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
        (local.set $store (i32.and (local.get $overwrite) (i32.eqz (local.get $pc))))
        (call $packB
          (i32.add (local.get $b)
            (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $bRowStride)) (i32.mul (local.get $jc) (local.get $bColStride))) (i32.const 2)))
          (local.get $bRowStride) (local.get $bColStride) (local.get $kc) (local.get $nc) (local.get $packB))
        (local.set $ic (i32.const 0))
        (loop $icLoop
          (local.set $mc (i32.sub (local.get $m) (local.get $ic)))
          (if (i32.gt_u (local.get $mc) (global.get $MC)) (then (local.set $mc (global.get $MC))))
          (call $packA
            (i32.add (local.get $a)
              (i32.shl (i32.add (i32.mul (local.get $ic) (local.get $aRowStride)) (i32.mul (local.get $pc) (local.get $aColStride))) (i32.const 2)))
            (local.get $aRowStride) (local.get $aColStride) (local.get $mc) (local.get $kc) (local.get $packA))
          (local.set $cBlock
            (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $ic) (local.get $ldc)) (local.get $jc)) (i32.const 2))))
          (local.set $jr (i32.const 0))
          (loop $jrLoop
            (local.set $pb (i32.add (local.get $packB) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2))))
            (local.set $ir (i32.const 0))
            (loop $irLoop
              (local.set $pa (i32.add (local.get $packA) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2))))
              (local.set $cTile
                (i32.add (local.get $cBlock)
                  (i32.add (i32.mul (local.get $ir) (local.get $ldcBytes)) (i32.shl (local.get $jr) (i32.const 2)))))
              (if (i32.and
                    (i32.le_u (i32.add (local.get $ir) (i32.const 4)) (local.get $mc))
                    (i32.le_u (i32.add (local.get $jr) (i32.const 8)) (local.get $nc)))
                (then (call $kernel4x8 (local.get $kc) (local.get $pa) (local.get $pb) (local.get $cTile) (local.get $ldcBytes) (local.get $store)))
                (else
                  ;; An edge tile: compute the whole 4x8 into the scratch tile, add the part inside C.
                  (call $kernel4x8 (local.get $kc) (local.get $pa) (local.get $pb) (local.get $tile) (i32.const 32) (i32.const 1))
                  (call $addTile (local.get $tile) (local.get $cTile) (local.get $ldcBytes)
                    (select (i32.const 4) (i32.sub (local.get $mc) (local.get $ir))
                      (i32.le_u (i32.add (local.get $ir) (i32.const 4)) (local.get $mc)))
                    (select (i32.const 8) (i32.sub (local.get $nc) (local.get $jr))
                      (i32.le_u (i32.add (local.get $jr) (i32.const 8)) (local.get $nc)))
                    (local.get $store))))
              (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
              (br_if $irLoop (i32.lt_u (local.get $ir) (local.get $mc))))
            (local.set $jr (i32.add (local.get $jr) (i32.const 8)))
            (br_if $jrLoop (i32.lt_u (local.get $jr) (local.get $nc))))
          (local.set $ic (i32.add (local.get $ic) (global.get $MC)))
          (br_if $icLoop (i32.lt_u (local.get $ic) (local.get $m))))
        (local.set $pc (i32.add (local.get $pc) (global.get $KC)))
        (br_if $pcLoop (i32.lt_u (local.get $pc) (local.get $k))))
      (local.set $jc (i32.add (local.get $jc) (global.get $NC)))
      (br_if $jcLoop (i32.lt_u (local.get $jc) (local.get $n)))))
;; dst[0..bytes) = src[0..bytes), bytes a multiple of 4: vector copies, then floats. Inline loops
  ;; rather than memory.copy, which costs a runtime call that dwarfs the few bytes im2col moves.
  (func $copyBytes (param $dst i32) (param $src i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (local.get $bytes)))
    (block $vdone
      (loop $v
        (br_if $vdone (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $dst) (v128.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $v)))
    (block $done
      (loop $s
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $s))))

  ;; dst[0..bytes) = 0, bytes a multiple of 4.
  (func $zeroBytes (param $dst i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (local.get $bytes)))
    (block $vdone
      (loop $v
        (br_if $vdone (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $v)))
    (block $done
      (loop $s
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.const 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $s))))

  ;; Zeroes `bytes` bytes at ptr (memory.fill: fast for large blocks).
  (func (export "zero") (param $ptr i32) (param $bytes i32)
    (memory.fill (local.get $ptr) (i32.const 0) (local.get $bytes)))

  ;; dst[0..n) += src[0..n) (f32; byte addresses).
  (func $addInto (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32) (local $vend i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vdone
      (loop $v
        (br_if $vdone (i32.ge_u (local.get $dst) (local.get $vend)))
        (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $v)))
    (block $done
      (loop $s
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $s))))

  ;; dst[0..n) = max(dst, src) lane by lane (NaN propagates, as in the JavaScript maxPool).
  (func $maxInto (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32) (local $vend i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vdone
      (loop $v
        (br_if $vdone (i32.ge_u (local.get $dst) (local.get $vend)))
        (v128.store (local.get $dst) (f32x4.max (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $v)))
    (block $done
      (loop $s
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.max (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $s))))

  ;; Geometry of a 2-D window op over NHWC data, set by $setGeometry before im2col, col2im and the
  ;; pooling functions (dilation 1 only; the caller handles dilated windows in JavaScript).
  (global $inH (mut i32) (i32.const 0))
  (global $inW (mut i32) (i32.const 0))
  (global $ch (mut i32) (i32.const 0))
  (global $outH (mut i32) (i32.const 0))
  (global $outW (mut i32) (i32.const 0))
  (global $fh (mut i32) (i32.const 0))
  (global $fw (mut i32) (i32.const 0))
  (global $sh (mut i32) (i32.const 0))
  (global $sw (mut i32) (i32.const 0))
  (global $padTop (mut i32) (i32.const 0))
  (global $padLeft (mut i32) (i32.const 0))

  ;; The geometry also lives at byte 0 of the memory (the arena starts past it), so that the
  ;; instances of worker threads, which have their own globals, load it before each call.
  (func (export "setGeometry")
    (param $inH i32) (param $inW i32) (param $ch i32) (param $outH i32) (param $outW i32)
    (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32)
    (i32.store offset=0 (i32.const 0) (local.get $inH))
    (i32.store offset=4 (i32.const 0) (local.get $inW))
    (i32.store offset=8 (i32.const 0) (local.get $ch))
    (i32.store offset=12 (i32.const 0) (local.get $outH))
    (i32.store offset=16 (i32.const 0) (local.get $outW))
    (i32.store offset=20 (i32.const 0) (local.get $fh))
    (i32.store offset=24 (i32.const 0) (local.get $fw))
    (i32.store offset=28 (i32.const 0) (local.get $sh))
    (i32.store offset=32 (i32.const 0) (local.get $sw))
    (i32.store offset=36 (i32.const 0) (local.get $padTop))
    (i32.store offset=40 (i32.const 0) (local.get $padLeft))
    (call $loadGeometry))

  (func $loadGeometry
    (global.set $inH (i32.load offset=0 (i32.const 0)))
    (global.set $inW (i32.load offset=4 (i32.const 0)))
    (global.set $ch (i32.load offset=8 (i32.const 0)))
    (global.set $outH (i32.load offset=12 (i32.const 0)))
    (global.set $outW (i32.load offset=16 (i32.const 0)))
    (global.set $fh (i32.load offset=20 (i32.const 0)))
    (global.set $fw (i32.load offset=24 (i32.const 0)))
    (global.set $sh (i32.load offset=28 (i32.const 0)))
    (global.set $sw (i32.load offset=32 (i32.const 0)))
    (global.set $padTop (i32.load offset=36 (i32.const 0)))
    (global.set $padLeft (i32.load offset=40 (i32.const 0))))

  ;; Patch-matrix rows [rowStart, rowEnd) of x (NHWC) into dst: row r = (b, oy, ox) holds the cells
  ;; under the window, [fy, fx, c]; cells in the padding are zeros. With dilation 1, the in-image
  ;; part of each window row is one contiguous copy.
  ;; With $mode 1 it runs backwards (col2im): x += the patch rows at dst, padding cells dropped.
  (func $patches (param $x i32) (param $dst i32) (param $rowStart i32) (param $rowEnd i32) (param $mode i32)
    (local $perImage i32) (local $b i32) (local $oy i32) (local $ox i32) (local $r i32)
    (local $y0 i32) (local $x0 i32) (local $fy i32) (local $iy i32) (local $fxStart i32) (local $fxEnd i32)
    (local $cellBytes i32) (local $rowBytes i32) (local $validBytes i32) (local $src i32)
    (local.set $perImage (i32.mul (global.get $outH) (global.get $outW)))
    (local.set $b (i32.div_u (local.get $rowStart) (local.get $perImage)))
    (local.set $r (i32.sub (local.get $rowStart) (i32.mul (local.get $b) (local.get $perImage))))
    (local.set $oy (i32.div_u (local.get $r) (global.get $outW)))
    (local.set $ox (i32.sub (local.get $r) (i32.mul (local.get $oy) (global.get $outW))))
    (local.set $cellBytes (i32.shl (global.get $ch) (i32.const 2)))
    (local.set $rowBytes (i32.mul (global.get $fw) (local.get $cellBytes)))
    (local.set $r (local.get $rowStart))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $rowEnd)))
        (local.set $y0 (i32.sub (i32.mul (local.get $oy) (global.get $sh)) (global.get $padTop)))
        (local.set $x0 (i32.sub (i32.mul (local.get $ox) (global.get $sw)) (global.get $padLeft)))
        (local.set $fxStart (select (i32.sub (i32.const 0) (local.get $x0)) (i32.const 0) (i32.lt_s (local.get $x0) (i32.const 0))))
        (local.set $fxEnd (i32.sub (global.get $inW) (local.get $x0)))
        (if (i32.gt_s (local.get $fxEnd) (global.get $fw)) (then (local.set $fxEnd (global.get $fw))))
        (if (i32.lt_s (local.get $fxEnd) (local.get $fxStart)) (then (local.set $fxEnd (local.get $fxStart))))
        (local.set $validBytes (i32.mul (i32.sub (local.get $fxEnd) (local.get $fxStart)) (local.get $cellBytes)))
        (local.set $fy (i32.const 0))
        (loop $windowRows
          (local.set $iy (i32.add (local.get $y0) (local.get $fy)))
          (local.set $src
            (i32.add (local.get $x)
              (i32.mul
                (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (global.get $inH)) (local.get $iy)) (global.get $inW))
                  (i32.add (local.get $x0) (local.get $fxStart)))
                (local.get $cellBytes))))
          (if (i32.eqz (local.get $mode))
            (then
              (if (i32.or (i32.lt_s (local.get $iy) (i32.const 0)) (i32.ge_s (local.get $iy) (global.get $inH)))
                (then (call $zeroBytes (local.get $dst) (local.get $rowBytes)))
                (else
                  (call $zeroBytes (local.get $dst) (i32.mul (local.get $fxStart) (local.get $cellBytes)))
                  (call $copyBytes
                    (i32.add (local.get $dst) (i32.mul (local.get $fxStart) (local.get $cellBytes)))
                    (local.get $src) (local.get $validBytes))
                  (call $zeroBytes
                    (i32.add (local.get $dst) (i32.mul (local.get $fxEnd) (local.get $cellBytes)))
                    (i32.mul (i32.sub (global.get $fw) (local.get $fxEnd)) (local.get $cellBytes))))))
            (else
              (if (i32.and (i32.ge_s (local.get $iy) (i32.const 0)) (i32.lt_s (local.get $iy) (global.get $inH)))
                (then
                  (call $addInto (local.get $src)
                    (i32.add (local.get $dst) (i32.mul (local.get $fxStart) (local.get $cellBytes)))
                    (i32.shr_u (local.get $validBytes) (i32.const 2)))))))
          (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
          (local.set $fy (i32.add (local.get $fy) (i32.const 1)))
          (br_if $windowRows (i32.lt_u (local.get $fy) (global.get $fh))))
        (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
        (if (i32.eq (local.get $ox) (global.get $outW))
          (then
            (local.set $ox (i32.const 0))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (if (i32.eq (local.get $oy) (global.get $outH))
              (then
                (local.set $oy (i32.const 0))
                (local.set $b (i32.add (local.get $b) (i32.const 1)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  (func (export "im2col") (param $x i32) (param $dst i32) (param $rowStart i32) (param $rowEnd i32)
    (call $loadGeometry)
    (call $patches (local.get $x) (local.get $dst) (local.get $rowStart) (local.get $rowEnd) (i32.const 0)))

  ;; dx += col2im(patch rows [rowStart, rowEnd) at src); dx must hold the earlier sums (or zeros).
  (func (export "col2im") (param $dx i32) (param $src i32) (param $rowStart i32) (param $rowEnd i32)
    (call $loadGeometry)
    (call $patches (local.get $dx) (local.get $src) (local.get $rowStart) (local.get $rowEnd) (i32.const 1)))

  ;; Max pooling of NHWC x into out, for images [0, batch): each output cell starts at -Infinity
  ;; and takes the lane-wise max over its in-image window cells.
  (func (export "maxPool") (param $x i32) (param $out i32) (param $batch i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $iy i32) (local $ix i32)
    (local $yStart i32) (local $yEnd i32) (local $xStart i32) (local $xEnd i32)
    (local $cellBytes i32) (local $i i32) (local $image i32)
    (call $loadGeometry)
    (local.set $cellBytes (i32.shl (global.get $ch) (i32.const 2)))
    (block $done
      (loop $images
        (br_if $done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $image (i32.add (local.get $x) (i32.mul (i32.mul (i32.mul (local.get $b) (global.get $inH)) (global.get $inW)) (local.get $cellBytes))))
        (local.set $oy (i32.const 0))
        (block $oyDone
          (loop $oyLoop
            (br_if $oyDone (i32.ge_u (local.get $oy) (global.get $outH)))
            (local.set $yStart (i32.sub (i32.mul (local.get $oy) (global.get $sh)) (global.get $padTop)))
            (local.set $yEnd (i32.add (local.get $yStart) (global.get $fh)))
            (if (i32.lt_s (local.get $yStart) (i32.const 0)) (then (local.set $yStart (i32.const 0))))
            (if (i32.gt_s (local.get $yEnd) (global.get $inH)) (then (local.set $yEnd (global.get $inH))))
            (local.set $ox (i32.const 0))
            (block $oxDone
              (loop $oxLoop
                (br_if $oxDone (i32.ge_u (local.get $ox) (global.get $outW)))
                (local.set $xStart (i32.sub (i32.mul (local.get $ox) (global.get $sw)) (global.get $padLeft)))
                (local.set $xEnd (i32.add (local.get $xStart) (global.get $fw)))
                (if (i32.lt_s (local.get $xStart) (i32.const 0)) (then (local.set $xStart (i32.const 0))))
                (if (i32.gt_s (local.get $xEnd) (global.get $inW)) (then (local.set $xEnd (global.get $inW))))
                ;; -Infinity in every lane
                (local.set $i (i32.const 0))
                (block $fillDone
                  (loop $fill
                    (br_if $fillDone (i32.ge_u (local.get $i) (local.get $cellBytes)))
                    (f32.store (i32.add (local.get $out) (local.get $i)) (f32.const -inf))
                    (local.set $i (i32.add (local.get $i) (i32.const 4)))
                    (br $fill)))
                (local.set $iy (local.get $yStart))
                (block $iyDone
                  (loop $iyLoop
                    (br_if $iyDone (i32.ge_s (local.get $iy) (local.get $yEnd)))
                    (local.set $ix (local.get $xStart))
                    (block $ixDone
                      (loop $ixLoop
                        (br_if $ixDone (i32.ge_s (local.get $ix) (local.get $xEnd)))
                        (call $maxInto (local.get $out)
                          (i32.add (local.get $image)
                            (i32.mul (i32.add (i32.mul (local.get $iy) (global.get $inW)) (local.get $ix)) (local.get $cellBytes)))
                          (global.get $ch))
                        (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                        (br $ixLoop)))
                    (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
                    (br $iyLoop)))
                (local.set $out (i32.add (local.get $out) (local.get $cellBytes)))
                (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                (br $oxLoop)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $oyLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $images))))

  ;; The max-pooling gradient: dx (zeroed by the caller) gets each dy at the first maximum of its
  ;; window in scan order, NaN counting as the maximum (as the JavaScript maxPoolGrad).
  (func (export "maxPoolGrad") (param $x i32) (param $dy i32) (param $dx i32) (param $batch i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $iy i32) (local $ix i32) (local $k i32)
    (local $yStart i32) (local $yEnd i32) (local $xStart i32) (local $xEnd i32)
    (local $cellBytes i32) (local $image i32) (local $at i32) (local $bestAt i32)
    (local $v f32) (local $best f32)
    (call $loadGeometry)
    (local.set $cellBytes (i32.shl (global.get $ch) (i32.const 2)))
    (block $done
      (loop $images
        (br_if $done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $image (i32.mul (i32.mul (i32.mul (local.get $b) (global.get $inH)) (global.get $inW)) (local.get $cellBytes)))
        (local.set $oy (i32.const 0))
        (block $oyDone
          (loop $oyLoop
            (br_if $oyDone (i32.ge_u (local.get $oy) (global.get $outH)))
            (local.set $yStart (i32.sub (i32.mul (local.get $oy) (global.get $sh)) (global.get $padTop)))
            (local.set $yEnd (i32.add (local.get $yStart) (global.get $fh)))
            (if (i32.lt_s (local.get $yStart) (i32.const 0)) (then (local.set $yStart (i32.const 0))))
            (if (i32.gt_s (local.get $yEnd) (global.get $inH)) (then (local.set $yEnd (global.get $inH))))
            (local.set $ox (i32.const 0))
            (block $oxDone
              (loop $oxLoop
                (br_if $oxDone (i32.ge_u (local.get $ox) (global.get $outW)))
                (local.set $xStart (i32.sub (i32.mul (local.get $ox) (global.get $sw)) (global.get $padLeft)))
                (local.set $xEnd (i32.add (local.get $xStart) (global.get $fw)))
                (if (i32.lt_s (local.get $xStart) (i32.const 0)) (then (local.set $xStart (i32.const 0))))
                (if (i32.gt_s (local.get $xEnd) (global.get $inW)) (then (local.set $xEnd (global.get $inW))))
                (local.set $k (i32.const 0))
                (block $kDone
                  (loop $kLoop
                    (br_if $kDone (i32.ge_u (local.get $k) (local.get $cellBytes)))
                    (local.set $bestAt (i32.const -1))
                    (local.set $iy (local.get $yStart))
                    (block $iyDone
                      (loop $iyLoop
                        (br_if $iyDone (i32.ge_s (local.get $iy) (local.get $yEnd)))
                        (local.set $ix (local.get $xStart))
                        (block $ixDone
                          (loop $ixLoop
                            (br_if $ixDone (i32.ge_s (local.get $ix) (local.get $xEnd)))
                            (local.set $at
                              (i32.add (i32.add (local.get $image)
                                (i32.mul (i32.add (i32.mul (local.get $iy) (global.get $inW)) (local.get $ix)) (local.get $cellBytes)))
                                (local.get $k)))
                            (local.set $v (f32.load (i32.add (local.get $x) (local.get $at))))
                            (if (i32.or (i32.lt_s (local.get $bestAt) (i32.const 0))
                                  (i32.or (f32.gt (local.get $v) (local.get $best))
                                    (i32.and (f32.ne (local.get $v) (local.get $v)) (f32.eq (local.get $best) (local.get $best)))))
                              (then (local.set $best (local.get $v)) (local.set $bestAt (local.get $at))))
                            (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                            (br $ixLoop)))
                        (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
                        (br $iyLoop)))
                    (if (i32.ge_s (local.get $bestAt) (i32.const 0))
                      (then
                        (f32.store (i32.add (local.get $dx) (local.get $bestAt))
                          (f32.add (f32.load (i32.add (local.get $dx) (local.get $bestAt)))
                            (f32.load (i32.add (local.get $dy) (local.get $k)))))))
                    (local.set $k (i32.add (local.get $k) (i32.const 4)))
                    (br $kLoop)))
                (local.set $dy (i32.add (local.get $dy) (local.get $cellBytes)))
                (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                (br $oxLoop)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $oyLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $images))))

;; The max-pooling gradient four channels at a time (channels a multiple of 4): per window, the
  ;; lane-wise max M (NaN if any cell is NaN), then in scan order each lane's first cell equal to M
  ;; (or NaN, when M is) gets dy; dx (zeroed by the caller) accumulates, so windows may overlap.
  ;; The same cells as $maxPoolGrad, vectorised.
  (func (export "maxPoolGrad4") (param $x i32) (param $dy i32) (param $dx i32) (param $batch i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $iy i32) (local $ix i32) (local $k i32)
    (local $yStart i32) (local $yEnd i32) (local $xStart i32) (local $xEnd i32)
    (local $cellBytes i32) (local $image i32) (local $at i32)
    (local $v v128) (local $m v128) (local $taken v128) (local $hit v128) (local $d v128) (local $mNaN v128)
    (call $loadGeometry)
    (local.set $cellBytes (i32.shl (global.get $ch) (i32.const 2)))
    (block $done
      (loop $images
        (br_if $done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $image (i32.mul (i32.mul (i32.mul (local.get $b) (global.get $inH)) (global.get $inW)) (local.get $cellBytes)))
        (local.set $oy (i32.const 0))
        (block $oyDone
          (loop $oyLoop
            (br_if $oyDone (i32.ge_u (local.get $oy) (global.get $outH)))
            (local.set $yStart (i32.sub (i32.mul (local.get $oy) (global.get $sh)) (global.get $padTop)))
            (local.set $yEnd (i32.add (local.get $yStart) (global.get $fh)))
            (if (i32.lt_s (local.get $yStart) (i32.const 0)) (then (local.set $yStart (i32.const 0))))
            (if (i32.gt_s (local.get $yEnd) (global.get $inH)) (then (local.set $yEnd (global.get $inH))))
            (local.set $ox (i32.const 0))
            (block $oxDone
              (loop $oxLoop
                (br_if $oxDone (i32.ge_u (local.get $ox) (global.get $outW)))
                (local.set $xStart (i32.sub (i32.mul (local.get $ox) (global.get $sw)) (global.get $padLeft)))
                (local.set $xEnd (i32.add (local.get $xStart) (global.get $fw)))
                (if (i32.lt_s (local.get $xStart) (i32.const 0)) (then (local.set $xStart (i32.const 0))))
                (if (i32.gt_s (local.get $xEnd) (global.get $inW)) (then (local.set $xEnd (global.get $inW))))
                (if (i32.and (i32.lt_s (local.get $yStart) (local.get $yEnd)) (i32.lt_s (local.get $xStart) (local.get $xEnd)))
                  (then
                    (local.set $k (i32.const 0))
                    (loop $kLoop
                      ;; pass 1: the window's max
                      (local.set $m (v128.const f32x4 -inf -inf -inf -inf))
                      (local.set $iy (local.get $yStart))
                      (loop $iy1
                        (local.set $ix (local.get $xStart))
                        (loop $ix1
                          (local.set $at
                            (i32.add (i32.add (local.get $image)
                              (i32.mul (i32.add (i32.mul (local.get $iy) (global.get $inW)) (local.get $ix)) (local.get $cellBytes)))
                              (local.get $k)))
                          (local.set $m (f32x4.max (local.get $m) (v128.load (i32.add (local.get $x) (local.get $at)))))
                          (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                          (br_if $ix1 (i32.lt_s (local.get $ix) (local.get $xEnd))))
                        (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
                        (br_if $iy1 (i32.lt_s (local.get $iy) (local.get $yEnd))))
                      ;; pass 2: the first cell holding it gets dy
                      (local.set $mNaN (f32x4.ne (local.get $m) (local.get $m)))
                      (local.set $taken (v128.const i32x4 0 0 0 0))
                      (local.set $d (v128.load (i32.add (local.get $dy) (local.get $k))))
                      (local.set $iy (local.get $yStart))
                      (loop $iy2
                        (local.set $ix (local.get $xStart))
                        (loop $ix2
                          (local.set $at
                            (i32.add (i32.add (local.get $image)
                              (i32.mul (i32.add (i32.mul (local.get $iy) (global.get $inW)) (local.get $ix)) (local.get $cellBytes)))
                              (local.get $k)))
                          (local.set $v (v128.load (i32.add (local.get $x) (local.get $at))))
                          (local.set $hit
                            (v128.andnot
                              (v128.or (f32x4.eq (local.get $v) (local.get $m))
                                (v128.and (f32x4.ne (local.get $v) (local.get $v)) (local.get $mNaN)))
                              (local.get $taken)))
                          (local.set $taken (v128.or (local.get $taken) (local.get $hit)))
                          (v128.store (i32.add (local.get $dx) (local.get $at))
                            (f32x4.add (v128.load (i32.add (local.get $dx) (local.get $at)))
                              (v128.and (local.get $d) (local.get $hit))))
                          (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                          (br_if $ix2 (i32.lt_s (local.get $ix) (local.get $xEnd))))
                        (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
                        (br_if $iy2 (i32.lt_s (local.get $iy) (local.get $yEnd))))
                      (local.set $k (i32.add (local.get $k) (i32.const 16)))
                      (br_if $kLoop (i32.lt_u (local.get $k) (local.get $cellBytes))))))
                (local.set $dy (i32.add (local.get $dy) (local.get $cellBytes)))
                (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                (br $oxLoop)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $oyLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $images))))

  ;; out[j] = (Σ_r x[r, j]) / divisor over rows x width floats, summed in float64 (acc: width
  ;; float64 of scratch) in row order: the JavaScript sumRows' result, bit for bit.
  (func (export "sumRows") (param $out i32) (param $x i32) (param $rows i32) (param $width i32) (param $acc i32) (param $divisor f64)
    (local $r i32) (local $j i32) (local $pairs i32) (local $a i32)
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $width) (i32.const 3)))
    (local.set $pairs (i32.and (local.get $width) (i32.const -2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (local.set $a (local.get $acc))
        (block $pairsDone
          (loop $pairLoop
            (br_if $pairsDone (i32.ge_u (local.get $j) (local.get $pairs)))
            (v128.store (local.get $a)
              (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $x)))))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (local.set $x (i32.add (local.get $x) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairLoop)))
        (if (i32.lt_u (local.get $j) (local.get $width))
          (then
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.promote_f32 (f32.load (local.get $x)))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))
    (local.set $j (i32.const 0))
    (block $outDone
      (loop $outLoop
        (br_if $outDone (i32.ge_u (local.get $j) (local.get $width)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
          (f32.demote_f64 (f64.div (f64.load (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 3)))) (local.get $divisor))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $outLoop))))

  ;; One Adam step over n floats (byte addresses; outputs do not overlap inputs):
  ;; m' = m + (g - m)·c1, v' = v + (g·g - v)·c2, p' = p - (m'·alpha) / (√v' + eps), each operation
  ;; rounded to f32 in that order, as the separate elementwise kernels round: bit for bit the same.
  (func (export "adamUpdate")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32)
    (param $outP i32) (param $outM i32) (param $outV i32) (param $n i32)
    (param $c1 f32) (param $c2 f32) (param $alpha f32) (param $eps f32)
    (local $i i32) (local $vend i32) (local $end i32)
    (local $vc1 v128) (local $vc2 v128) (local $valpha v128) (local $veps v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $vc1 (f32x4.splat (local.get $c1)))
    (local.set $vc2 (f32x4.splat (local.get $c2)))
    (local.set $valpha (f32x4.splat (local.get $alpha)))
    (local.set $veps (f32x4.splat (local.get $eps)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $i))))
      (local.set $mv (v128.load (i32.add (local.get $m) (local.get $i))))
      (local.set $vv (v128.load (i32.add (local.get $v) (local.get $i))))
      (local.set $mv (f32x4.add (local.get $mv) (f32x4.mul (f32x4.sub (local.get $gv) (local.get $mv)) (local.get $vc1))))
      (local.set $vv (f32x4.add (local.get $vv)
        (f32x4.mul (f32x4.sub (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $vv)) (local.get $vc2))))
      (v128.store (i32.add (local.get $outM) (local.get $i)) (local.get $mv))
      (v128.store (i32.add (local.get $outV) (local.get $i)) (local.get $vv))
      (v128.store (i32.add (local.get $outP) (local.get $i))
        (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $i)))
          (f32x4.div (f32x4.mul (local.get $mv) (local.get $valpha))
            (f32x4.add (f32x4.sqrt (local.get $vv)) (local.get $veps)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $vloop)))
    (block $done (loop $sloop
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
      (local.set $ms (f32.load (i32.add (local.get $m) (local.get $i))))
      (local.set $vs (f32.load (i32.add (local.get $v) (local.get $i))))
      (local.set $ms (f32.add (local.get $ms) (f32.mul (f32.sub (local.get $gs) (local.get $ms)) (local.get $c1))))
      (local.set $vs (f32.add (local.get $vs)
        (f32.mul (f32.sub (f32.mul (local.get $gs) (local.get $gs)) (local.get $vs)) (local.get $c2))))
      (f32.store (i32.add (local.get $outM) (local.get $i)) (local.get $ms))
      (f32.store (i32.add (local.get $outV) (local.get $i)) (local.get $vs))
      (f32.store (i32.add (local.get $outP) (local.get $i))
        (f32.sub (f32.load (i32.add (local.get $p) (local.get $i)))
          (f32.div (f32.mul (local.get $ms) (local.get $alpha))
            (f32.add (f32.sqrt (local.get $vs)) (local.get $eps)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $sloop))))

  ;; out[r, j] = act(out[r, j] + bias[j]) in place over rows x width floats (byte addresses), act
  ;; max(., 0) when $relu (NaN stays NaN) else none: the add and relu kernels' bits in one pass.
  (func (export "biasActivation") (param $out i32) (param $bias i32) (param $rows i32) (param $width i32) (param $relu i32)
    (local $r i32) (local $j i32) (local $vwidth i32) (local $p i32) (local $v v128) (local $s f32)
    (local.set $vwidth (i32.and (local.get $width) (i32.const -4)))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $j) (local.get $vwidth)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $v (f32x4.add (v128.load (local.get $p))
          (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))
        (if (local.get $relu) (then (local.set $v (f32x4.max (local.get $v) (v128.const f32x4 0 0 0 0)))))
        (v128.store (local.get $p) (local.get $v))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vloop)))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $j) (local.get $width)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $s (f32.add (f32.load (local.get $p))
          (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))
        (if (local.get $relu) (then (local.set $s (f32.max (local.get $s) (f32.const 0)))))
        (f32.store (local.get $p) (local.get $s))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $sloop)))
      (local.set $out (i32.add (local.get $out) (i32.shl (local.get $width) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rowLoop))))

  ;; A direct convolution for small windows (few input channels, e.g. a first layer on greyscale
  ;; images): output rows [rowStart, rowEnd) of NHWC x (geometry from setGeometry) times the filter
  ;; w seen as a [fh*fw*ch, co] matrix, into out (row r at out + 4*r*co). No padding, dilation 1,
  ;; co a multiple of 16. Each output sums its window in the patch matrix's order [fy, fx, c] from
  ;; zero, one multiply and one add a term (fused in the relaxed variant, as the GEMM's): the bits
  ;; of im2col + gemm, without the patch matrix or the packing. Each window row is one contiguous
  ;; run of fw*ch floats in x; 16 output channels at a time in four accumulators.
  (func (export "conv2dDirect") (param $x i32) (param $w i32) (param $out i32) (param $rowStart i32) (param $rowEnd i32) (param $co i32)
    (local $perImage i32) (local $b i32) (local $oy i32) (local $ox i32) (local $r i32)
    (local $cellBytes i32) (local $segBytes i32) (local $inRowBytes i32) (local $coBytes i32)
    (local $win i32) (local $j i32) (local $fy i32) (local $src i32) (local $srcEnd i32) (local $wp i32) (local $dst i32)
    (local $a v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (call $loadGeometry)
    (local.set $perImage (i32.mul (global.get $outH) (global.get $outW)))
    (local.set $b (i32.div_u (local.get $rowStart) (local.get $perImage)))
    (local.set $r (i32.sub (local.get $rowStart) (i32.mul (local.get $b) (local.get $perImage))))
    (local.set $oy (i32.div_u (local.get $r) (global.get $outW)))
    (local.set $ox (i32.sub (local.get $r) (i32.mul (local.get $oy) (global.get $outW))))
    (local.set $cellBytes (i32.shl (global.get $ch) (i32.const 2)))
    (local.set $segBytes (i32.mul (global.get $fw) (local.get $cellBytes)))
    (local.set $inRowBytes (i32.mul (global.get $inW) (local.get $cellBytes)))
    (local.set $coBytes (i32.shl (local.get $co) (i32.const 2)))
    (local.set $dst (i32.add (local.get $out) (i32.mul (local.get $rowStart) (local.get $coBytes))))
    (local.set $r (local.get $rowStart))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $rowEnd)))
        ;; The window's top-left cell.
        (local.set $win
          (i32.add (local.get $x)
            (i32.mul
              (i32.add
                (i32.mul
                  (i32.add (i32.mul (local.get $b) (global.get $inH)) (i32.mul (local.get $oy) (global.get $sh)))
                  (global.get $inW))
                (i32.mul (local.get $ox) (global.get $sw)))
              (local.get $cellBytes))))
        (local.set $j (i32.const 0))
        (loop $blocks
          (local.set $c00 (v128.const i32x4 0 0 0 0))
          (local.set $c01 (v128.const i32x4 0 0 0 0))
          (local.set $c02 (v128.const i32x4 0 0 0 0))
          (local.set $c03 (v128.const i32x4 0 0 0 0))
          (local.set $wp (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $fy (i32.const 0))
          (loop $windowRows
            (local.set $src (i32.add (local.get $win) (i32.mul (local.get $fy) (local.get $inRowBytes))))
            (local.set $srcEnd (i32.add (local.get $src) (local.get $segBytes)))
            (loop $terms
              (local.set $a (v128.load32_splat (local.get $src)))
              (local.set $b0 (v128.load (local.get $wp)))
              (local.set $b1 (v128.load offset=16 (local.get $wp)))
              (local.set $b2 (v128.load offset=32 (local.get $wp)))
              (local.set $b3 (v128.load offset=48 (local.get $wp)))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
              (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $a) (local.get $b2))))
              (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $a) (local.get $b3))))
              (local.set $src (i32.add (local.get $src) (i32.const 4)))
              (local.set $wp (i32.add (local.get $wp) (local.get $coBytes)))
              (br_if $terms (i32.lt_u (local.get $src) (local.get $srcEnd))))
            (local.set $fy (i32.add (local.get $fy) (i32.const 1)))
            (br_if $windowRows (i32.lt_u (local.get $fy) (global.get $fh))))
          (local.set $src (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2))))
          (v128.store (local.get $src) (local.get $c00))
          (v128.store offset=16 (local.get $src) (local.get $c01))
          (v128.store offset=32 (local.get $src) (local.get $c02))
          (v128.store offset=48 (local.get $src) (local.get $c03))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $blocks (i32.lt_u (local.get $j) (local.get $co))))
        (local.set $dst (i32.add (local.get $dst) (local.get $coBytes)))
        (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
        (if (i32.eq (local.get $ox) (global.get $outW))
          (then
            (local.set $ox (i32.const 0))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (if (i32.eq (local.get $oy) (global.get $outH))
              (then
                (local.set $oy (i32.const 0))
                (local.set $b (i32.add (local.get $b) (i32.const 1)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; GENERATED ELEMENTWISE FUNCTIONS
)
