package compose

import (
	"strings"

	"unibias/figure"
)

// hasClass reports whether the node's class attribute holds cls.
func hasClass(n *figure.Node, cls string) bool {
	for _, c := range strings.Fields(n.Get("class")) {
		if c == cls {
			return true
		}
	}
	return false
}

// byClass returns the nodes below (and including) n that have class cls.
func byClass(n *figure.Node, cls string) []*figure.Node {
	var out []*figure.Node
	n.Walk(func(k *figure.Node) {
		if hasClass(k, cls) {
			out = append(out, k)
		}
	})
	return out
}

// byTag returns the nodes below (and including) n with the tag.
func byTag(n *figure.Node, tag string) []*figure.Node {
	var out []*figure.Node
	n.Walk(func(k *figure.Node) {
		if k.Tag == tag {
			out = append(out, k)
		}
	})
	return out
}

// withAttr returns the nodes that carry the attribute (any value).
func withAttr(n *figure.Node, name string) []*figure.Node {
	var out []*figure.Node
	n.Walk(func(k *figure.Node) {
		for _, a := range k.Attrs {
			if a.Name == name {
				out = append(out, k)
				return
			}
		}
	})
	return out
}

// texts returns the text contents of all nodes, in document order.
func texts(n *figure.Node) []string {
	var out []string
	n.Walk(func(k *figure.Node) {
		if k.Text != "" {
			out = append(out, k.Text)
		}
	})
	return out
}

// hasText reports whether some node's text contains s.
func hasText(n *figure.Node, s string) bool {
	for _, t := range texts(n) {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// geometry are the attributes that hold numbers or path data.
var geometry = map[string]bool{"x": true, "y": true, "x1": true, "x2": true, "y1": true, "y2": true, "cx": true, "cy": true, "r": true,
	"width": true, "height": true, "d": true, "viewBox": true, "transform": true}

// badGeometry returns the geometry attributes holding NaN or Inf.
func badGeometry(n *figure.Node) []string {
	var bad []string
	n.Walk(func(k *figure.Node) {
		for _, a := range k.Attrs {
			if geometry[a.Name] && (strings.Contains(a.Value, "NaN") || strings.Contains(a.Value, "Inf")) {
				bad = append(bad, k.Tag+" "+a.Name+"="+a.Value)
			}
		}
	})
	return bad
}
