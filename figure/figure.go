package figure

import "math"

// Figure is a complete figure: a title, panels laid out in a grid, a legend
// shared by the panels and a caption. Figure.SVG writes it as one
// standalone SVG file.
type Figure struct {
	Name    string // file-name stem, e.g. "phase-diagram"
	Title   string
	Caption string
	Legend  []LegendEntry
	Panels  []*Panel
	// Columns is the number of panel columns of the standalone SVG
	// (0: two, or one for a single panel).
	Columns int
}

// Frame is the geometry of a panel: the viewBox size and the margins
// around the plot area, in SVG user units.
type Frame struct {
	W, H       float64
	L, R, T, B float64
}

// Left, Right, Top and Bottom are the edges of the plot area.
func (f Frame) Left() float64 { return f.L }

// Right is the right edge of the plot area.
func (f Frame) Right() float64 { return f.W - f.R }

// Top is the top edge of the plot area.
func (f Frame) Top() float64 { return f.T }

// Bottom is the bottom edge of the plot area.
func (f Frame) Bottom() float64 { return f.H - f.B }

// Axis describes one axis of a panel.
type Axis struct {
	Label    string
	Min, Max float64
	Log      bool
	// Ticks is the number of ticks wanted (0: six).
	Ticks int
	// Format labels the ticks (nil: FormatNum).
	Format func(float64) string
	// Fixed, when set, are the ticks themselves (categories such as the
	// remedies of a comparison), in place of computed ones.
	Fixed []Tick
}

// Panel is one plot: a frame, two axes and what is drawn in it. Under is
// drawn before the axes and Items after them, both clipped to the plot area;
// Over is drawn last without clipping (labels, markers).
type Panel struct {
	ID    string // id of the <svg> element and prefix of its clip path
	Class string // extra classes of the <svg> element
	Title string // <title> of the SVG (and drawn in it when TitleInside)
	// TitleInside draws the title at the top left of the SVG.
	TitleInside bool
	Desc        string // long description for assistive technology
	Label       string // aria-label (default: Title)
	Frame       Frame
	X, Y        Axis
	Under       []Item
	Items       []Item
	Over        []Item
	// Legend is drawn at the top of the SVG in rows; the frame grows to
	// make room for it.
	Legend []LegendEntry
}

// LegendEntry is one entry of a legend: a line and/or a marker shape in a
// colour, or a class that styles them.
type LegendEntry struct {
	Label string
	Color string // stroke of the line and fill of the marker
	Class string // class of the line ("" : legend-line)
	Shape string // marker shape ("": none)
	// MarkClass styles the marker ("": legend-mark).
	MarkClass string
	NoLine    bool
	// Swatch draws a filled rectangle of class Class instead of a line.
	Swatch bool
}

// Item is something drawn in a panel: Curve, Band, Marker, HLine, VLine,
// Text, Heat or Arrows.
type Item interface {
	node(c *canvas) *Node
}

// Curve is a line through data points; NaN or unmappable points break it.
type Curve struct {
	Xs, Ys []float64
	Class  string // e.g. "theory-ta", "ratio-ode", "fig-theory theory-line dashed"
	Stroke string // colour ("" : from the class)
	Tip    string
}

// Band is the area between two curves over shared xs. A NaN Lo or Hi value
// is a gap unless LoEdge (HiEdge) extends the band to the bottom (top) of
// the plot.
type Band struct {
	Xs, Lo, Hi     []float64
	LoEdge, HiEdge bool
	Class          string
	Tip            string
}

// Marker is a point drawn as a shape. Pick makes it an interactive
// simulation marker: it carries data-job, is focusable and has an
// aria-label (the page attaches click and key handlers to it).
type Marker struct {
	X, Y  float64 // data coordinates
	Shape string  // circle, square, triangle, diamond, down, plus, cross, dot
	R     float64 // radius in user units (0: 5)
	Class string
	Fill  string
	Tip   string
	Label string // text drawn beside the marker
	Pick  bool   // interactive: picks simulation Job
	Job   int    // simulation index
	// Clamp keeps the marker inside the plot area, Pad units from its edges.
	Clamp bool
	Pad   float64
	// DY shifts the marker vertically (user units) after mapping.
	DY float64
	// Group wraps the shape (and label) in a focusable <g> with the tip
	// as its tooltip, instead of a bare path.
	Group bool
}

// HLine is a horizontal reference line at a data value of y, with an
// optional label above it (Below: under it), right-aligned or centred at
// the pixel LabelX (NaN: right end).
type HLine struct {
	At     float64
	Class  string
	Label  string
	Below  bool
	LabelX float64
	Stroke string
	Tip    string
}

// VLine is a vertical line at a data value of x with an optional label
// written upwards near the top.
type VLine struct {
	At     float64
	Class  string
	Label  string
	Stroke string
	Tip    string
}

// Text is a label at a position in pixels of the SVG (Pixel) or data
// coordinates.
type Text struct {
	X, Y   float64
	Pixel  bool
	Text   string
	Class  string
	Anchor string // start, middle, end ("": start)
}

// Heat is a heat map over a grid (Z[j][i] at Xs[i], Ys[j]) with contour
// lines; the panel draws its colour bar in the right margin.
type Heat struct {
	Label     string
	Xs, Ys    []float64
	Z         [][]float64
	LogColour bool
	Diverging bool
	Contours  []Contour
}

// Contour is one labelled contour line of a heat map.
type Contour struct {
	Label  string
	Points [][2]float64
}

// Arrows is a vector field: unit directions whose drawn length grows with
// S ∈ [0, 1].
type Arrows struct {
	Arrows []Arrow
	Class  string
}

// Arrow is one arrow of a vector field.
type Arrow struct{ X, Y, DX, DY, S float64 }

// Scales returns the panel's x and y scales.
func (p *Panel) Scales() (sx, sy Scale) {
	f := p.layoutFrame()
	return Scale{D0: p.X.Min, D1: p.X.Max, R0: f.Left(), R1: f.Right(), Log: p.X.Log},
		Scale{D0: p.Y.Min, D1: p.Y.Max, R0: f.Bottom(), R1: f.Top(), Log: p.Y.Log}
}

// layoutFrame is the frame with room for the legend.
func (p *Panel) layoutFrame() Frame {
	f := p.Frame
	if h := p.legendHeight(); h > 0 {
		f.H += h
		f.T += h
	}
	return f
}

// Split turns [x, y] pairs into two slices.
func Split(pts [][2]float64) (xs, ys []float64) {
	xs, ys = make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		xs[i], ys[i] = p[0], p[1]
	}
	return xs, ys
}

// IsFinite reports whether v is neither NaN nor infinite.
func IsFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Segment is a straight line between two points in pixels of the SVG (keys
// and other annotations).
type Segment struct {
	X1, Y1, X2, Y2 float64
	Class          string
	Stroke         string // colour; empty: from the class
}
