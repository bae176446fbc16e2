package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Redraws. In go-app v10 a component that dispatches an update is
// re-rendered together with all its ancestors. A figure that receives a
// batch of results must redraw alone, or every batch re-renders the whole
// page (frame gaps of 100–300 ms measured during sweeps). The page passes
// itself to such components as their Host, and they redraw through
// redrawAlone.

// Host is the page as its components see it for redraws.
type Host interface {
	// holdRedraw takes back the update go-app scheduled for the host (and
	// so for the whole page) in the current dispatch.
	holdRedraw()
}

// redrawAlone runs f on the UI goroutine and redraws the component of ctx
// only: the host's update, scheduled by go-app with the component's, is
// taken back.
func redrawAlone(ctx app.Context, h Host, f func(app.Context)) {
	ctx.Dispatch(func(ctx app.Context) {
		if h != nil {
			h.holdRedraw()
		}
		if f != nil {
			f(ctx)
		}
	})
}

// uiScheduler runs the sweep controller's callbacks on the UI goroutine
// through the page's context, each in a browser task of its own, without
// redrawing anything by itself (the controller's OnChange says what to
// redraw). Before the page is mounted (OnInit runs on the UI goroutine) a
// callback due now runs at once and later ones wait for the mount, so a
// description known in advance — the prerendered figure — is shown by the
// very first render.
type uiScheduler struct {
	ctx     app.Context
	mounted bool
	waiting []delayed
}

type delayed struct {
	d time.Duration
	f func()
}

// After runs f after d on the UI goroutine.
func (s *uiScheduler) After(d time.Duration, f func()) {
	if !s.mounted {
		if d <= 0 {
			f()
			return
		}
		s.waiting = append(s.waiting, delayed{d, f})
		return
	}
	run := func(ctx app.Context) {
		ctx.PreventUpdate()
		f()
	}
	if !app.IsClient {
		s.ctx.After(d, run)
		return
	}
	// A browser timer, not a Go one: a Go timer that falls due while the
	// page's thread runs other Go code (the redraw a description or a
	// result asked for) runs in the same browser task, and one long task
	// holds the frame; a browser timer is a task of its own.
	var timer app.Func
	timer = app.FuncOf(func(app.Value, []app.Value) any {
		timer.Release()
		s.ctx.Dispatch(run)
		return nil
	})
	app.Window().Call("setTimeout", timer, d.Milliseconds())
}

// Now is the wall clock.
func (s *uiScheduler) Now() time.Time { return time.Now() }

// mount starts scheduling on the page's context.
func (s *uiScheduler) mount(ctx app.Context) {
	s.ctx, s.mounted = ctx, true
	for _, w := range s.waiting {
		s.After(w.d, w.f)
	}
	s.waiting = nil
}
