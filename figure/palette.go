package figure

// Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal
// Design"). Modality A is blue and B vermillion throughout the page.
const (
	colorA = "#0072B2" // blue: modality A
	colorB = "#D55E00" // vermillion: modality B
)

// seriesColors orders the Okabe–Ito colours for series: the strongest
// contrasts on white first, yellow (low contrast) last.
var seriesColors = []string{"#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#B8A300"}

// seriesShapes gives each series its own marker shape as well as its colour,
// so the figure reads in greyscale too.
var seriesShapes = []string{"circle", "square", "triangle", "diamond", "down", "plus", "cross"}

// SeriesColor returns the colour of series i.
func SeriesColor(i int) string {
	if i < 0 {
		i = -i
	}
	return seriesColors[i%len(seriesColors)]
}

// SeriesShape returns the marker shape of series i.
func SeriesShape(i int) string {
	if i < 0 {
		i = -i
	}
	return seriesShapes[i%len(seriesShapes)]
}
