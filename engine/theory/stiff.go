package theory

import "math"

// Stiff phases. On a long plateau (t_B/t_A in the hundreds, e.g. ρ → ±1 or
// σ_A ≫ σ_B) the first modality relaxes to W^uni at a rate far above the rate
// at which the second one grows, and an explicit method is held to steps of
// ~3/λ_fast by stability. ReducedODE detects this the way DOPRI5 does
// (Hairer, Nørsett & Wanner, Solving ODEs I, §IV.2: h·λ ≈ h‖k7 − k6‖/‖y7 − y6‖
// > 3.25 on 15 consecutive steps) and continues with the L-stable
// Rosenbrock–W method ROS34PW2 (order 3, embedded order 2; J. Rang &
// L. Angermann, "New Rosenbrock W-methods of order 3 for partial
// differential algebraic equations of index 1", BIT 45 (2005) 761–787), using
// the analytic Jacobian of §4. When h‖J‖∞ < 2 on 5 consecutive Rosenbrock
// steps (the explicit method would be stable), it returns to DOPRI5, which
// is cheaper per unit of accuracy (the finite-time escape of the second
// modality, §5.7, is not stiff but needs accuracy).

// ROS34PW2 in the form of Hairer & Wanner, Solving ODEs II, (IV.7.4):
// (I − γhJ) k_i = h f(y0 + Σ_j α_ij k_j) + hJ Σ_j γ_ij k_j, y1 = y0 + Σ b_i k_i.
const (
	rwGamma = 4.3586652150845900e-1

	rwA21 = 8.7173304301691801e-1
	rwA31 = 8.4457060015369423e-1
	rwA32 = -1.1299064236484185e-1
	// α_4 = (0, 0, 1)

	rwG21 = -8.7173304301691801e-1
	rwG31 = -9.0338057013044082e-1
	rwG32 = 5.4180672388095326e-2
	rwG41 = 2.4212380706095346e-1
	rwG42 = -1.2232505839045147
	rwG43 = 5.4526025533510214e-1

	rwB1 = 2.4212380706095346e-1
	rwB2 = -1.2232505839045147
	rwB3 = 1.5452602553351020
	rwB4 = 4.3586652150845900e-1

	rwE1 = rwB1 - 3.7810903145819369e-1 // b − b̂
	rwE2 = rwB2 - -9.6042292212423178e-2
	rwE3 = rwB3 - 0.5
	rwE4 = rwB4 - 2.1793326075422950e-1
)

// jacobian writes ∂f/∂y of the reduced dynamics at y into J (row-major n×n).
func (r *reduced) jacobian(y *[3]float64, J *[9]float64) {
	p, q := r.L-r.Lf, r.Lf
	uA, uB := y[0], y[1]
	v := 1.0
	if r.hasV {
		v = y[2]
	}
	vp := ipow(v, p)
	aq1 := ipow(uA, q-1)
	bq1 := ipow(uB, q-1)
	aq, bq := aq1*uA, bq1*uB
	wa, wb := vp*aq, vp*bq
	eA := r.yA - wa*r.sA - wb*r.sAB
	eB := r.yB - wa*r.sAB - wb*r.sB
	// Derivatives of W_A, W_B with respect to (u_A, u_B, v).
	var dWA, dWB [3]float64
	dWA[0] = float64(q) * vp * aq1
	dWB[1] = float64(q) * vp * bq1
	vp1 := 0.0 // v^{p−1}
	if p > 0 {
		vp1 = ipow(v, p-1)
		dWA[2] = float64(p) * vp1 * aq
		dWB[2] = float64(p) * vp1 * bq
	}
	var deA, deB [3]float64
	for i := 0; i < 3; i++ {
		deA[i] = -r.sA*dWA[i] - r.sAB*dWB[i]
		deB[i] = -r.sAB*dWA[i] - r.sB*dWB[i]
	}
	n := r.n
	gA, gB := vp*aq1, vp*bq1 // f_1 = g_A e_A, f_2 = g_B e_B
	var dgA, dgB [3]float64
	if q >= 2 {
		dgA[0] = vp * float64(q-1) * ipow(uA, q-2)
		dgB[1] = vp * float64(q-1) * ipow(uB, q-2)
	}
	if p > 0 {
		dgA[2] = float64(p) * vp1 * aq1
		dgB[2] = float64(p) * vp1 * bq1
	}
	for j := 0; j < n; j++ {
		J[0*n+j] = dgA[j]*eA + gA*deA[j]
		J[1*n+j] = dgB[j]*eB + gB*deB[j]
	}
	if r.hasV {
		// f_3 = v^{p−1} (u_A^q e_A + u_B^q e_B)
		s := aq*eA + bq*eB
		var ds [3]float64
		ds[0] = float64(q)*aq1*eA + aq*deA[0] + bq*deB[0]
		ds[1] = aq*deA[1] + float64(q)*bq1*eB + bq*deB[1]
		ds[2] = aq*deA[2] + bq*deB[2]
		dvp1 := 0.0
		if p >= 2 {
			dvp1 = float64(p-1) * ipow(v, p-2)
		}
		J[2*n+0] = vp1 * ds[0]
		J[2*n+1] = vp1 * ds[1]
		J[2*n+2] = dvp1*s + vp1*ds[2]
	}
}

// lu3 is an LU factorisation with partial pivoting of an n×n (n ≤ 3) matrix.
type lu3 struct {
	n   int
	a   [9]float64
	piv [3]int
}

// factor factorises M = I − c·J; it returns false if M is singular.
func (f *lu3) factor(n int, c float64, J *[9]float64) bool {
	f.n = n
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			f.a[i*n+j] = -c * J[i*n+j]
		}
		f.a[i*n+i]++
	}
	for k := 0; k < n; k++ {
		p := k
		for i := k + 1; i < n; i++ {
			if math.Abs(f.a[i*n+k]) > math.Abs(f.a[p*n+k]) {
				p = i
			}
		}
		f.piv[k] = p
		if f.a[p*n+k] == 0 || !isFinite(f.a[p*n+k]) {
			return false
		}
		if p != k {
			for j := 0; j < n; j++ {
				f.a[k*n+j], f.a[p*n+j] = f.a[p*n+j], f.a[k*n+j]
			}
		}
		for i := k + 1; i < n; i++ {
			l := f.a[i*n+k] / f.a[k*n+k]
			f.a[i*n+k] = l
			for j := k + 1; j < n; j++ {
				f.a[i*n+j] -= l * f.a[k*n+j]
			}
		}
	}
	return true
}

// solve overwrites b with M⁻¹ b.
func (f *lu3) solve(b *[3]float64) {
	n := f.n
	for k := 0; k < n; k++ {
		if p := f.piv[k]; p != k {
			b[k], b[p] = b[p], b[k]
		}
		for i := k + 1; i < n; i++ {
			b[i] -= f.a[i*n+k] * b[k]
		}
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j < n; j++ {
			s -= f.a[i*n+j] * b[j]
		}
		b[i] = s / f.a[i*n+i]
	}
}

// rosStep advances y by h with ROS34PW2 given fy = f(y); it writes the
// solution to yn and returns the scaled error norm (≤ 1 to accept; +Inf if
// the linear system is singular) and h‖J‖∞, a bound on h·λ used to hand
// non-stiff stretches back to the explicit method.
func (r *reduced) rosStep(y, fy *[3]float64, h, atol float64, yn *[3]float64) (float64, float64) {
	n := r.n
	var J [9]float64
	r.jacobian(y, &J)
	jn := 0.0
	for i := 0; i < n; i++ {
		s := 0.0
		for j := 0; j < n; j++ {
			s += math.Abs(J[i*n+j])
		}
		jn = math.Max(jn, s)
	}
	var lu lu3
	if !lu.factor(n, rwGamma*h, &J) {
		return math.Inf(1), h * jn
	}
	jv := func(x *[3]float64, out *[3]float64) { // out += h J x
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < n; j++ {
				s += J[i*n+j] * x[j]
			}
			out[i] += h * s
		}
	}
	var k1, k2, k3, k4, t, f, c [3]float64
	for i := 0; i < n; i++ {
		k1[i] = h * fy[i]
	}
	lu.solve(&k1)

	for i := 0; i < n; i++ {
		t[i] = y[i] + rwA21*k1[i]
		c[i] = rwG21 * k1[i]
	}
	r.deriv(&t, &f)
	for i := 0; i < n; i++ {
		k2[i] = h * f[i]
	}
	jv(&c, &k2)
	lu.solve(&k2)

	for i := 0; i < n; i++ {
		t[i] = y[i] + rwA31*k1[i] + rwA32*k2[i]
		c[i] = rwG31*k1[i] + rwG32*k2[i]
	}
	r.deriv(&t, &f)
	for i := 0; i < n; i++ {
		k3[i] = h * f[i]
	}
	jv(&c, &k3)
	lu.solve(&k3)

	for i := 0; i < n; i++ {
		t[i] = y[i] + k3[i]
		c[i] = rwG41*k1[i] + rwG42*k2[i] + rwG43*k3[i]
	}
	r.deriv(&t, &f)
	for i := 0; i < n; i++ {
		k4[i] = h * f[i]
	}
	jv(&c, &k4)
	lu.solve(&k4)

	e := 0.0
	for i := 0; i < n; i++ {
		yn[i] = y[i] + rwB1*k1[i] + rwB2*k2[i] + rwB3*k3[i] + rwB4*k4[i]
		d := rwE1*k1[i] + rwE2*k2[i] + rwE3*k3[i] + rwE4*k4[i]
		sc := atol + r.rtolStiff()*math.Max(math.Abs(y[i]), math.Abs(yn[i]))
		q := d / sc
		e += q * q
	}
	return math.Sqrt(e / float64(n)), h * jn
}
