package nn

// Tight loops over []float64. The compiler does not vectorise, so the hot
// kernels are unrolled by four with independent accumulators; slices are
// resliced to a common length so the bounds checks disappear.

// dot returns Σ a[i]·b[i] over len(a) (b must be at least as long).
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i <= len(a)-4; i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy does y += c·x over len(y) (x must be at least as long).
func axpy(y []float64, c float64, x []float64) {
	x = x[:len(y)]
	i := 0
	for ; i <= len(y)-4; i += 4 {
		y[i] += c * x[i]
		y[i+1] += c * x[i+1]
		y[i+2] += c * x[i+2]
		y[i+3] += c * x[i+3]
	}
	for ; i < len(y); i++ {
		y[i] += c * x[i]
	}
}

// axpy2 does y += c0·x0 + c1·x1 (one pass over y for two rows).
func axpy2(y []float64, c0 float64, x0 []float64, c1 float64, x1 []float64) {
	x0 = x0[:len(y)]
	x1 = x1[:len(y)]
	for i := range y {
		y[i] += c0*x0[i] + c1*x1[i]
	}
}

// vecMat writes out = v·M for a row-major M with len(v) rows and len(out)
// columns (a row vector times a matrix).
func vecMat(out, v, m []float64) {
	cols := len(out)
	clear(out)
	i := 0
	for ; i+1 < len(v); i += 2 {
		r := m[i*cols : (i+2)*cols]
		axpy2(out, v[i], r[:cols], v[i+1], r[cols:])
	}
	if i < len(v) {
		axpy(out, v[i], m[i*cols:(i+1)*cols])
	}
}

// matVec writes out = M·v (with add: out += M·v) for a row-major M with
// len(v) columns and rows rows. Thin matrices (the first layer of a scalar
// modality is H×1) are handled without a call per row.
func matVec(out, v, m []float64, rows int, add bool) {
	cols := len(v)
	out = out[:rows]
	switch {
	case cols == 1:
		c := v[0]
		m = m[:rows]
		if add {
			for i, x := range m {
				out[i] += x * c
			}
		} else {
			for i, x := range m {
				out[i] = x * c
			}
		}
	case cols == 2:
		// The general small case below, unrolled: the same operations
		// (0 + m_i0·v_0, then + m_i1·v_1), so the same bits.
		v0, v1 := v[0], v[1]
		m = m[:2*rows]
		if add {
			for i := range out {
				s := 0.0
				s += m[2*i] * v0
				s += m[2*i+1] * v1
				out[i] += s
			}
			break
		}
		for i := range out {
			s := 0.0
			s += m[2*i] * v0
			s += m[2*i+1] * v1
			out[i] = s
		}
	case cols < 8:
		for i := range out {
			row := m[i*cols : (i+1)*cols]
			s := 0.0
			for j, x := range row {
				s += x * v[j]
			}
			if add {
				out[i] += s
			} else {
				out[i] = s
			}
		}
	default:
		for i := range out {
			s := dot(m[i*cols:(i+1)*cols], v)
			if add {
				out[i] += s
			} else {
				out[i] = s
			}
		}
	}
}

// dotAxpy returns Σ row[j]·x[j] using the old row and then does
// row += c·x: one read-modify-write pass over a matrix row (bottom-up
// product and rank-one update fused).
func dotAxpy(row []float64, c float64, x []float64) float64 {
	x = x[:len(row)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i <= len(row)-4; i += 4 {
		r0, r1, r2, r3 := row[i], row[i+1], row[i+2], row[i+3]
		x0, x1, x2, x3 := x[i], x[i+1], x[i+2], x[i+3]
		s0 += r0 * x0
		s1 += r1 * x1
		s2 += r2 * x2
		s3 += r3 * x3
		row[i] = r0 + c*x0
		row[i+1] = r1 + c*x1
		row[i+2] = r2 + c*x2
		row[i+3] = r3 + c*x3
	}
	for ; i < len(row); i++ {
		r := row[i]
		s0 += r * x[i]
		row[i] = r + c*x[i]
	}
	return (s0 + s1) + (s2 + s3)
}
